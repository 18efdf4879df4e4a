namespace Portal.Ledger.Chain;

/// <summary>RFC 9162 section 2.1.3.2 and 2.1.4.2 proof verification, strict about sizes and lengths.</summary>
public static class ProofVerifier
{
    public static byte[] RootFromInclusionProof(long index, long treeSize, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> path)
    {
        if (index < 0 || index >= treeSize)
        {
            throw new ProofException($"Index {index} is outside a tree of {treeSize} leaves.");
        }
        RequireHash(leafHash, "leaf hash");
        long fn = index, sn = treeSize - 1;
        var r = leafHash.ToArray();
        foreach (var p in path)
        {
            RequireHash(p, "proof hash");
            if (sn == 0)
            {
                throw new ProofException("The inclusion proof is longer than the tree allows.");
            }
            if ((fn & 1) == 1 || fn == sn)
            {
                r = MerkleHash.Node(p, r);
                if ((fn & 1) == 0)
                {
                    while ((fn & 1) == 0 && fn != 0)
                    {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            }
            else
            {
                r = MerkleHash.Node(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        if (sn != 0)
        {
            throw new ProofException("The inclusion proof is shorter than the tree requires.");
        }
        return r;
    }

    public static bool VerifyInclusion(long index, long treeSize, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> path, ReadOnlySpan<byte> root)
    {
        RequireHash(root, "root hash");
        return RootFromInclusionProof(index, treeSize, leafHash, path).AsSpan().SequenceEqual(root);
    }

    public static bool VerifyConsistency(long from, long to, ReadOnlySpan<byte> fromRoot, ReadOnlySpan<byte> toRoot, IReadOnlyList<byte[]> path)
    {
        RequireHash(fromRoot, "first root");
        RequireHash(toRoot, "second root");
        if (from < 1 || from > to)
        {
            throw new ProofException($"No consistency proof exists from size {from} to size {to}.");
        }
        foreach (var p in path)
        {
            RequireHash(p, "proof hash");
        }
        if (from == to)
        {
            if (path.Count != 0)
            {
                throw new ProofException("A proof between equal sizes must be empty.");
            }
            return fromRoot.SequenceEqual(toRoot);
        }
        if (path.Count == 0)
        {
            throw new ProofException("The consistency proof is empty.");
        }
        var proof = new List<byte[]>(path);
        // When 'from' is an exact power of two, the old root itself starts the path.
        if (long.IsPow2(from))
        {
            proof.Insert(0, fromRoot.ToArray());
        }
        long fn = from - 1, sn = to - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }
        var fr = proof[0];
        var sr = proof[0];
        for (var i = 1; i < proof.Count; i++)
        {
            var c = proof[i];
            if (sn == 0)
            {
                throw new ProofException("The consistency proof is longer than the trees allow.");
            }
            if ((fn & 1) == 1 || fn == sn)
            {
                fr = MerkleHash.Node(c, fr);
                sr = MerkleHash.Node(c, sr);
                if ((fn & 1) == 0)
                {
                    while ((fn & 1) == 0 && fn != 0)
                    {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            }
            else
            {
                sr = MerkleHash.Node(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        if (sn != 0)
        {
            throw new ProofException("The consistency proof is shorter than the trees require.");
        }
        return fr.AsSpan().SequenceEqual(fromRoot) && sr.AsSpan().SequenceEqual(toRoot);
    }

    private static void RequireHash(ReadOnlySpan<byte> hash, string what)
    {
        if (hash.Length != MerkleHash.Size)
        {
            throw new ProofException($"The {what} has {hash.Length} bytes; SHA-256 hashes have {MerkleHash.Size}.");
        }
    }
}

public sealed class ProofException(string message) : Exception(message);
