using Portal.Ledger.Chain.Merkle;

namespace Portal.Ledger.Chain.Writing;

/// <summary>A command's result with the block that sealed its entries.</summary>
public sealed record Sealed<T>(T Value, SealedBlock Block);

/// <summary>
/// A block just committed, as the commands in it see it: each can prove its own entries from what the writer held,
/// without reading the block back. An inclusion proof for a leaf of the block names only complete subtrees of the
/// previous tree's right edge and of the block's own leaves, so the block's nodes (built once, on the first request,
/// and shared by every command of the block) are enough.
/// </summary>
public sealed class SealedBlock
{
    private readonly Lazy<Dictionary<NodeRef, Hash>> _nodes;

    public SealedBlock(BlockAppended appended)
    {
        Appended = appended;
        _nodes = new Lazy<Dictionary<NodeRef, Hash>>(() => Nodes(appended));
    }

    public BlockAppended Appended { get; }

    public long TreeSize => Appended.Block.TreeSize;

    /// <summary>The signed checkpoint of the tree this block ends, as stored when it committed.</summary>
    public string Checkpoint => Appended.CheckpointNote;

    public LedgerEntry Entry(long index) => Appended.Entries[Offset(index)];

    /// <summary>The proof that entry <paramref name="index"/> of this block is in the tree the block ends.</summary>
    public InclusionProof InclusionProof(long index)
    {
        Offset(index);
        var nodes = _nodes.Value;
        var size = TreeSize;
        var path = RangeHasher.Path(TreeMath.InclusionPath(index, size), nodes);
        return new InclusionProof(index, size, nodes[new NodeRef(0, index)].ToArray(), Appended.Block.TreeRoot.ToArray(), path);
    }

    private int Offset(long index)
    {
        var offset = index - Appended.Block.FirstIndex;
        return offset >= 0 && offset < Appended.Entries.Count
            ? (int)offset
            : throw new ArgumentOutOfRangeException(nameof(index), index, $"Entry {index} is not in block {Appended.Block.Height}.");
    }

    private static Dictionary<NodeRef, Hash> Nodes(BlockAppended appended)
    {
        var first = appended.Block.FirstIndex;
        var before = first == 0 ? new CompactRange() : new CompactRange(first, appended.PreviousRange);
        var nodes = new Dictionary<NodeRef, Hash>(2 * appended.Entries.Count + 64);
        foreach (var (node, hash) in before.Subtrees())
        {
            nodes[node] = hash;
        }
        var range = before.Clone();
        foreach (var entry in appended.Entries)
        {
            ExtensionProof.Append(range, entry.LeafHash.ToArray(), nodes);
        }
        return nodes;
    }
}
