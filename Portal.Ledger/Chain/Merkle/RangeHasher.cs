namespace Portal.Ledger.Chain.Merkle;

/// <summary>Hashes leaf ranges from the complete subtrees that compose them.</summary>
public static class RangeHasher
{
    public static IEnumerable<NodeRef> NodesFor(IEnumerable<LeafRange> ranges) =>
        ranges.SelectMany(r => TreeMath.Decompose(r.Start, r.End)).Distinct();

    public static Hash Hash(LeafRange range, IReadOnlyDictionary<NodeRef, Hash> nodes)
    {
        if (range.End <= range.Start)
        {
            return Merkle.Hash.EmptyTree;
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

    /// <summary>A proof's path, as it travels: each range's hash as bytes.</summary>
    public static List<byte[]> Path(List<LeafRange> ranges, IReadOnlyDictionary<NodeRef, Hash> nodes) =>
        ranges.ConvertAll(r => Hash(r, nodes).ToArray());

    private static Hash Lookup(NodeRef node, IReadOnlyDictionary<NodeRef, Hash> nodes) =>
        nodes.TryGetValue(node, out var hash) ? hash : throw new InvalidOperationException($"Node {node} was not loaded.");
}
