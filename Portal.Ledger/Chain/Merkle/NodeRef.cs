namespace Portal.Ledger.Chain.Merkle;

/// <summary>
/// A complete (perfect) subtree of the log's Merkle tree: the node at <paramref name="Level"/> covering
/// leaves [Index * 2^Level, (Index + 1) * 2^Level). Level 0 is a leaf.
/// </summary>
public readonly record struct NodeRef(int Level, long Index)
{
    public long FirstLeaf => Index << Level;

    public long LeafCount => 1L << Level;

    /// <summary>
    /// Position of an interior node (level &gt;= 1) in the order nodes are completed while leaves are appended.
    /// When leaf s-1 is appended, the nodes it completes get ids (s-1) - popcount(s-1) + level - 1, so a single
    /// scan by id visits nodes in the order a streaming verifier recomputes them.
    /// </summary>
    public long StorageId
    {
        get
        {
            if (Level < 1)
            {
                throw new InvalidOperationException("Leaves are stored with their entries, not as interior nodes.");
            }
            var lastLeaf = ((Index + 1) << Level) - 1;
            return InteriorNodesBefore(lastLeaf) + Level - 1;
        }
    }

    /// <summary>The number of interior nodes a tree of <paramref name="treeSize"/> leaves has completed.</summary>
    public static long InteriorNodesBefore(long treeSize) => treeSize - long.PopCount(treeSize);

    public override string ToString() => $"level {Level} index {Index} (leaves {FirstLeaf}..{FirstLeaf + LeafCount - 1})";
}
