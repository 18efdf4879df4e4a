namespace Portal.Ledger.Chain;

/// <summary>Hashes leaf ranges from the complete subtrees that compose them.</summary>
public static class RangeHasher
{
    public static IEnumerable<NodeRef> NodesFor(IEnumerable<LeafRange> ranges) =>
        ranges.SelectMany(r => TreeMath.Decompose(r.Start, r.End)).Distinct();

    public static byte[] Hash(LeafRange range, IReadOnlyDictionary<NodeRef, byte[]> nodes)
    {
        if (range.End <= range.Start)
        {
            return MerkleHash.EmptyRoot;
        }
        // MTH of a ragged range folds its complete subtrees from the right, as RFC 6962's recursion does.
        var parts = TreeMath.Decompose(range.Start, range.End).ToList();
        var hash = Lookup(parts[^1], nodes);
        for (var i = parts.Count - 2; i >= 0; i--)
        {
            hash = MerkleHash.Node(Lookup(parts[i], nodes), hash);
        }
        return hash;
    }

    private static byte[] Lookup(NodeRef node, IReadOnlyDictionary<NodeRef, byte[]> nodes) =>
        nodes.TryGetValue(node, out var hash) ? hash : throw new InvalidOperationException($"Node {node} was not loaded.");
}
