using System.Buffers.Binary;
using System.Text;
using Portal.Ledger.Chain.Merkle;

namespace Portal.Ledger.Chain;

/// <summary>
/// The canonical leaf input of an entry (docs/ledger-format.md): version 0x01, index (u64 BE), timestamp in
/// Unix milliseconds (i64 BE), then kind (u16 length), actor (u16 length) and payload (u32 length), each UTF-8.
/// </summary>
public static class EntryEncoding
{
    public const byte Version = 1;
    public const int MaxKindBytes = 128;
    public const int MaxActorBytes = 256;
    public const int MaxPayloadBytes = 1 << 20;

    /// <summary>The most an entry's whole leaf input may be: C2SP tlog-tiles entry bundles length-prefix each entry with a uint16.</summary>
    public const int MaxLeafInputBytes = ushort.MaxValue;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static int EncodedLength(string kind, string actor, string payload) =>
        1 + 8 + 8 + 2 + Utf8.GetByteCount(kind) + 2 + Utf8.GetByteCount(actor) + 4 + Utf8.GetByteCount(payload);

    public static byte[] Encode(long index, long timestampMs, string kind, string actor, string payload)
    {
        var buffer = new byte[EncodedLength(kind, actor, payload)];
        Encode(index, timestampMs, kind, actor, payload, buffer);
        return buffer;
    }

    /// <summary>Writes the leaf input into <paramref name="destination"/> and returns the bytes written.</summary>
    public static int Encode(long index, long timestampMs, string kind, string actor, string payload, Span<byte> destination)
    {
        destination[0] = Version;
        BinaryPrimitives.WriteUInt64BigEndian(destination[1..], checked((ulong)index));
        BinaryPrimitives.WriteInt64BigEndian(destination[9..], timestampMs);
        var at = 17;
        at += WriteString(kind, destination[at..], 2);
        at += WriteString(actor, destination[at..], 2);
        at += WriteString(payload, destination[at..], 4);
        return at;
    }

    private static int WriteString(string value, Span<byte> destination, int lengthBytes)
    {
        var written = Utf8.GetBytes(value, destination[lengthBytes..]);
        if (lengthBytes == 2)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination, checked((ushort)written));
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination, checked((uint)written));
        }
        return lengthBytes + written;
    }

    /// <summary>
    /// Reads a leaf input back into its fields; false when the bytes are not exactly one canonical entry (another
    /// version, a length running past the end, bytes left over, or text that is not UTF-8).
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> leafInput, out DecodedEntry entry)
    {
        entry = default;
        if (leafInput.Length < 17 || leafInput[0] != Version)
        {
            return false;
        }
        var index = BinaryPrimitives.ReadUInt64BigEndian(leafInput[1..]);
        var timestampMs = BinaryPrimitives.ReadInt64BigEndian(leafInput[9..]);
        var rest = leafInput[17..];
        if (index > long.MaxValue || !TryReadString(ref rest, 2, out var kind) || !TryReadString(ref rest, 2, out var actor)
            || !TryReadString(ref rest, 4, out var payload) || !rest.IsEmpty)
        {
            return false;
        }
        entry = new DecodedEntry((long)index, timestampMs, kind, actor, payload);
        return true;
    }

    private static bool TryReadString(ref ReadOnlySpan<byte> source, int lengthBytes, out string value)
    {
        value = "";
        if (source.Length < lengthBytes)
        {
            return false;
        }
        var length = lengthBytes == 2 ? BinaryPrimitives.ReadUInt16BigEndian(source) : BinaryPrimitives.ReadUInt32BigEndian(source);
        if (length > (uint)(source.Length - lengthBytes))
        {
            return false;
        }
        try
        {
            value = Utf8.GetString(source.Slice(lengthBytes, (int)length));
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
        source = source[(lengthBytes + (int)length)..];
        return true;
    }

    public static byte[] LeafHash(long index, long timestampMs, string kind, string actor, string payload) =>
        MerkleHash.Leaf(Encode(index, timestampMs, kind, actor, payload));
}

/// <summary>The fields of an entry as its leaf input records them.</summary>
public readonly record struct DecodedEntry(long Index, long TimestampMs, string Kind, string Actor, string Payload);
