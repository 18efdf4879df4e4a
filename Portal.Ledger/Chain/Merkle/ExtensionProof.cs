namespace Portal.Ledger.Chain.Merkle;

/// <summary>
/// The consistency proof for an append, from what the appender holds in memory: the right edge of the old tree
/// and the nodes the append completed. RFC 9162's proof from m to n names only complete subtrees of the old tree's
/// right edge and of the new leaves [m, n), so no stored node is needed: a freshly committed block can be proved
/// without reading it back.
/// </summary>
public static class ExtensionProof
{
    /// <param name="before">The tree before the append (not empty).</param>
    /// <param name="after">The tree after it.</param>
    /// <param name="appended">Every complete subtree the append created: its leaves and the interior nodes they completed.</param>
    public static ConsistencyProof Build(CompactRange before, CompactRange after, IReadOnlyDictionary<NodeRef, Hash> appended)
    {
        if (before.Size == 0)
        {
            throw new ArgumentException("There is no consistency proof from the empty tree.", nameof(before));
        }
        var nodes = new Dictionary<NodeRef, Hash>(appended);
        foreach (var (node, hash) in before.Subtrees())
        {
            nodes[node] = hash;
        }
        var path = TreeMath.ConsistencyPath(before.Size, after.Size).ConvertAll(r => RangeHasher.Hash(r, nodes).ToArray());
        return new ConsistencyProof(before.Size, after.Size, before.Root().ToArray(), after.Root().ToArray(), path);
    }

    /// <summary>The proof for appending <paramref name="newLeafHashes"/> to <paramref name="before"/>, which is left as it was.</summary>
    public static ConsistencyProof Build(CompactRange before, IReadOnlyList<byte[]> newLeafHashes)
    {
        var after = before.Clone();
        var appended = new Dictionary<NodeRef, Hash>();
        foreach (var leaf in newLeafHashes)
        {
            Append(after, leaf, appended);
        }
        return Build(before, after, appended);
    }

    /// <summary>Appends a leaf to <paramref name="range"/>, recording it and the nodes it completes in <paramref name="appended"/>.</summary>
    public static void Append(CompactRange range, byte[] leafHash, Dictionary<NodeRef, Hash> appended, Action<NodeRef, ReadOnlySpan<byte>>? onNode = null)
    {
        appended[new NodeRef(0, range.Size)] = Hash.Of(leafHash);
        range.Append(leafHash, (node, hash) =>
        {
            appended[node] = Hash.Of(hash);
            onNode?.Invoke(node, hash);
        });
    }
}
