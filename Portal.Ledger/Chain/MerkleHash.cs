using System.Security.Cryptography;

namespace Portal.Ledger.Chain;

/// <summary>RFC 6962 / RFC 9162 hashing: leaves and interior nodes are domain-separated by a one-byte prefix.</summary>
public static class MerkleHash
{
    public const int Size = 32;

    public static byte[] EmptyRoot { get; } = SHA256.HashData(ReadOnlySpan<byte>.Empty);

    public static byte[] Leaf(ReadOnlySpan<byte> leafInput)
    {
        var hash = new byte[Size];
        Leaf(leafInput, hash);
        return hash;
    }

    public static void Leaf(ReadOnlySpan<byte> leafInput, Span<byte> destination)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData([0x00]);
        sha.AppendData(leafInput);
        sha.GetHashAndReset(destination);
    }

    public static byte[] Node(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        Span<byte> buffer = stackalloc byte[1 + 2 * Size];
        buffer[0] = 0x01;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[(1 + Size)..]);
        return SHA256.HashData(buffer);
    }
}
