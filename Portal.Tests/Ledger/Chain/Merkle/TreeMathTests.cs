using Portal.Ledger.Chain;
using Portal.Ledger.Chain.Merkle;

namespace Portal.Tests.Ledger.Chain.Merkle;

public sealed class TreeMathTests
{
    [Theory]
    [InlineData(1, 0, 0)]
    [InlineData(1, 1, 1)] // leaves 2,3: completed by leaf 3, before its parent
    [InlineData(2, 0, 2)] // leaves 0..3
    [InlineData(1, 2, 3)] // leaves 4,5
    [InlineData(3, 0, 6)] // leaves 0..7: the third node leaf 7 completes
    public void Storage_ids_follow_completion_order(int level, long index, long expected) =>
        Assert.Equal(expected, new NodeRef(level, index).StorageId);

    [Fact]
    public void Storage_ids_are_dense_and_in_append_order()
    {
        var ids = new List<long>();
        var range = new CompactRange();
        for (var i = 0; i < 1000; i++)
        {
            range.Append(MerkleHash.Leaf([(byte)i]), (node, _) => ids.Add(node.StorageId));
        }
        Assert.Equal(Enumerable.Range(0, ids.Count).Select(i => (long)i), ids);
        Assert.Equal(NodeRef.InteriorNodesBefore(1000), ids.Count);
    }

    [Theory]
    [InlineData(0, 7, new[] { 2, 1, 0 })]
    [InlineData(4, 7, new[] { 1, 0 })]
    [InlineData(8, 16, new[] { 3 })]
    [InlineData(6, 13, new[] { 1, 2, 0 })]
    public void Decompose_yields_aligned_complete_subtrees(long start, long end, int[] levels)
    {
        var nodes = TreeMath.Decompose(start, end).ToList();
        Assert.Equal(levels, nodes.Select(n => n.Level));
        Assert.Equal(start, nodes[0].FirstLeaf);
        Assert.Equal(end, nodes[^1].FirstLeaf + nodes[^1].LeafCount);
    }
}
