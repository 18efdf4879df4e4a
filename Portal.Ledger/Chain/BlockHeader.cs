using System.Buffers.Binary;
using System.Security.Cryptography;
using Portal.Ledger.Chain.Merkle;

namespace Portal.Ledger.Chain;

/// <summary>
/// A block's header. Its canonical bytes (docs/ledger-format.md) hold the previous block's hash and the tree
/// root raw, so the block hash commits to the whole history before it and to every entry up to TreeSize.
/// </summary>
public sealed record BlockHeader(
    long Height,
    Hash PreviousHash,
    long FirstIndex,
    int EntryCount,
    long TreeSize,
    Hash TreeRoot,
    long TimestampMs)
{
    public const byte Version = 1;
    public const int EncodedLength = 1 + 8 + 32 + 8 + 4 + 8 + 32 + 8;

    public byte[] Encode()
    {
        var bytes = new byte[EncodedLength];
        var span = bytes.AsSpan();
        span[0] = Version;
        BinaryPrimitives.WriteUInt64BigEndian(span[1..], checked((ulong)Height));
        PreviousHash.Span.CopyTo(span[9..]);
        BinaryPrimitives.WriteUInt64BigEndian(span[41..], checked((ulong)FirstIndex));
        BinaryPrimitives.WriteUInt32BigEndian(span[49..], checked((uint)EntryCount));
        BinaryPrimitives.WriteUInt64BigEndian(span[53..], checked((ulong)TreeSize));
        TreeRoot.Span.CopyTo(span[61..]);
        BinaryPrimitives.WriteInt64BigEndian(span[93..], TimestampMs);
        return bytes;
    }

    public Hash Hash() => Merkle.Hash.Own(SHA256.HashData(Encode()));
}
