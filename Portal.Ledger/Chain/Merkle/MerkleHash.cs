using System.Buffers;
using System.Security.Cryptography;

namespace Portal.Ledger.Chain.Merkle;

/// <summary>RFC 6962 / RFC 9162 hashing: leaves and interior nodes are domain-separated by a one-byte prefix.</summary>
public static class MerkleHash
{
    public const int Size = Hash.Size;

    /// <summary>A leaf's hash as bytes: what entries, tiles and proofs carry.</summary>
    public static byte[] Leaf(ReadOnlySpan<byte> leafInput)
    {
        var hash = new byte[Size];
        Leaf(leafInput, hash);
        return hash;
    }

    public static void Leaf(ReadOnlySpan<byte> leafInput, Span<byte> destination)
    {
        // One contiguous buffer and the one-shot hash: far cheaper than an incremental hash object per leaf.
        var length = leafInput.Length + 1;
        byte[]? rented = null;
        var buffer = length <= 1024 ? stackalloc byte[length] : (rented = ArrayPool<byte>.Shared.Rent(length)).AsSpan(0, length);
        buffer[0] = 0x00;
        leafInput.CopyTo(buffer[1..]);
        SHA256.HashData(buffer, destination);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Hashes a buffer that already holds the 0x00 leaf prefix followed by the leaf input.</summary>
    public static void PrefixedLeaf(ReadOnlySpan<byte> prefixedLeafInput, Span<byte> destination) => SHA256.HashData(prefixedLeafInput, destination);

    public static Hash Node(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        var hash = new byte[Size];
        Node(left, right, hash);
        return Hash.Own(hash);
    }

    /// <summary>Writes SHA-256(0x01 || left || right); the destination may overlap either input.</summary>
    public static void Node(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> destination)
    {
        // Anything but two 32-byte children would be zero-padded or cut into some other node's hash.
        if (left.Length != Size || right.Length != Size)
        {
            throw new ArgumentException($"An interior node's children are {Size}-byte hashes, not {left.Length} and {right.Length} bytes.");
        }
        Span<byte> buffer = stackalloc byte[1 + 2 * Size];
        buffer[0] = 0x01;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[(1 + Size)..]);
        SHA256.HashData(buffer, destination);
    }
}
