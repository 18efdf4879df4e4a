namespace Portal.Ledger.Chain;

/// <summary>
/// The consistency proof for an append, from what the appender holds in memory: the right edge of the old tree
/// and the new leaves. RFC 9162's proof from m to n names only complete subtrees of the old tree's right edge and
/// of the new leaves [m, n), so no stored node is needed: a freshly committed block can be proved without reading
/// it back.
/// </summary>
public static class ExtensionProof
{
    public static ConsistencyProof Build(CompactRange before, IReadOnlyList<byte[]> newLeafHashes)
    {
        if (before.Size == 0)
        {
            throw new ArgumentException("There is no consistency proof from the empty tree.", nameof(before));
        }
        var nodes = before.Subtrees().ToDictionary(s => s.Node, s => s.Hash);
        var after = before.Clone();
        foreach (var leaf in newLeafHashes)
        {
            nodes[new NodeRef(0, after.Size)] = leaf;
            after.Append(leaf, (node, hash) => nodes[node] = hash.ToArray());
        }
        var path = TreeMath.ConsistencyPath(before.Size, after.Size).ConvertAll(r => RangeHasher.Hash(r, nodes));
        return new ConsistencyProof(before.Size, after.Size, before.Root(), after.Root(), path);
    }
}
