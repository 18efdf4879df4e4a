using System.Numerics;

namespace Portal.Ledger.Chain.Merkle;

/// <summary>
/// RFC 9162 section 2.1.3.2 and 2.1.4.2 proof verification, after transparency-dev/merkle's proof/verify.go: a proof
/// is split into the part inside the subtree that differs between the two positions (inner) and the right border
/// above it, each folded into a seed by <see cref="Chain"/>. A proof arrives as bytes from whoever served it, so
/// every size and length is checked; a proof that is well formed but leads to another root is a
/// <see cref="RootMismatchException"/>.
/// </summary>
public static class ProofVerifier
{
    /// <exception cref="ProofException">The proof is malformed, or leads to another root.</exception>
    public static void VerifyInclusion(long index, long treeSize, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> root)
    {
        RequireHash(root, "root hash");
        Match(RootFromInclusionProof(index, treeSize, leafHash, proof), root);
    }

    /// <summary>The root a leaf and its inclusion proof lead to.</summary>
    public static Hash RootFromInclusionProof(long index, long treeSize, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> proof)
    {
        if (index < 0 || index >= treeSize)
        {
            throw new ProofException($"Index {index} is outside a tree of {treeSize} leaves.");
        }
        RequireHash(leafHash, "leaf hash");
        var (inner, border) = Decompose(index, treeSize);
        RequireLength(proof, inner + border, "inclusion");
        var seed = Chain(Hash.Of(leafHash), proof, 0, inner, (ulong)index);
        return Chain(seed, proof, inner, border, ulong.MaxValue);
    }

    /// <exception cref="ProofException">The proof is malformed, or does not lead to both roots.</exception>
    public static void VerifyConsistency(long from, long to, ReadOnlySpan<byte> fromRoot, ReadOnlySpan<byte> toRoot, IReadOnlyList<byte[]> proof)
    {
        RequireHash(fromRoot, "first root");
        RequireHash(toRoot, "second root");
        // RFC 9162 defines no proof from the empty tree; the portal never serves one.
        if (from < 1 || from > to)
        {
            throw new ProofException($"No consistency proof exists from size {from} to size {to}.");
        }
        if (from == to)
        {
            if (proof.Count != 0)
            {
                throw new ProofException("A proof between equal sizes must be empty.");
            }
            Match(Hash.Of(fromRoot), toRoot);
            return;
        }
        if (proof.Count == 0)
        {
            throw new ProofException("The consistency proof is empty.");
        }
        var (inner, border) = Decompose(from - 1, to);
        // The old tree's last leaf sits in a complete subtree of 2^shift leaves, which both trees share: the proof
        // starts from its root, which is the old root itself when the old tree is exactly that subtree.
        var shift = BitOperations.TrailingZeroCount((ulong)from);
        inner -= shift;
        var start = long.IsPow2(from) ? 0 : 1;
        RequireLength(proof, start + inner + border, "consistency");
        var seed = Hash.Of(start == 0 ? fromRoot : Sibling(proof, 0));
        var mask = (ulong)(from - 1) >> shift;
        var oldRoot = Chain(Chain(seed, proof, start, inner, mask, leftOnly: true), proof, start + inner, border, ulong.MaxValue);
        Match(oldRoot, fromRoot);
        var newRoot = Chain(Chain(seed, proof, start, inner, mask), proof, start + inner, border, ulong.MaxValue);
        Match(newRoot, toRoot);
    }

    /// <summary>
    /// Folds <paramref name="count"/> proof hashes from <paramref name="offset"/> into <paramref name="seed"/>, bottom
    /// up: where bit i of <paramref name="path"/> is set the proof hash is the left sibling, else the right one
    /// (skipped when <paramref name="leftOnly"/>, as when recomputing the old root, which right siblings are not part of).
    /// </summary>
    private static Hash Chain(Hash seed, IReadOnlyList<byte[]> proof, int offset, int count, ulong path, bool leftOnly = false)
    {
        for (var i = 0; i < count; i++)
        {
            var sibling = Sibling(proof, offset + i);
            if (((path >> i) & 1) == 1)
            {
                seed = MerkleHash.Node(sibling, seed);
            }
            else if (!leftOnly)
            {
                seed = MerkleHash.Node(seed, sibling);
            }
        }
        return seed;
    }

    /// <summary>How many proof hashes lie inside the subtree where the paths to <paramref name="index"/> and the tree's last leaf part (inner), and how many on the right border above it.</summary>
    private static (int Inner, int Border) Decompose(long index, long size)
    {
        var inner = 64 - BitOperations.LeadingZeroCount((ulong)(index ^ (size - 1)));
        return (inner, BitOperations.PopCount((ulong)index >> inner));
    }

    private static void RequireLength(IReadOnlyList<byte[]> proof, int expected, string kind)
    {
        if (proof.Count != expected)
        {
            throw new ProofException(proof.Count > expected
                ? $"The {kind} proof is longer than the tree allows: {proof.Count} hashes, not {expected}."
                : $"The {kind} proof is shorter than the tree requires: {proof.Count} hashes, not {expected}.");
        }
    }

    private static ReadOnlySpan<byte> Sibling(IReadOnlyList<byte[]> proof, int i)
    {
        RequireHash(proof[i], "proof hash");
        return proof[i];
    }

    private static void Match(Hash computed, ReadOnlySpan<byte> expected)
    {
        if (!computed.Equals(expected))
        {
            throw new RootMismatchException(Hash.Of(expected), computed);
        }
    }

    private static void RequireHash(ReadOnlySpan<byte> hash, string what)
    {
        if (hash.Length != MerkleHash.Size)
        {
            throw new ProofException($"The {what} has {hash.Length} bytes; SHA-256 hashes have {MerkleHash.Size}.");
        }
    }
}

/// <summary>A proof the verifier refuses: malformed, or (as <see cref="RootMismatchException"/>) leading to another root.</summary>
public class ProofException(string message) : Exception(message);

/// <summary>A well-formed proof that leads to <see cref="Computed"/> where <see cref="Expected"/> was claimed.</summary>
public sealed class RootMismatchException(Hash expected, Hash computed)
    : ProofException($"The proof leads to root {computed.ToHex()}, not {expected.ToHex()}.")
{
    public Hash Expected { get; } = expected;

    public Hash Computed { get; } = computed;
}
