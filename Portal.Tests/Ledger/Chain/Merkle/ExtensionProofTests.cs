using Portal.Ledger.Chain;
using Portal.Ledger.Chain.Merkle;

namespace Portal.Tests.Ledger.Chain.Merkle;

public sealed class ExtensionProofTests
{
    private static readonly byte[][] Leaves = Enumerable.Range(0, 200).Select(i => MerkleHash.Leaf(BitConverter.GetBytes(i))).ToArray();

    [Fact]
    public void Proof_from_the_right_edge_equals_the_proof_from_the_whole_tree_for_every_append()
    {
        // Every node of a 200-leaf tree, as the store holds them: the reference the in-memory proof must match.
        var all = new Dictionary<NodeRef, Hash>();
        var full = new CompactRange();
        foreach (var leaf in Leaves)
        {
            all[new NodeRef(0, full.Size)] = Hash.Of(leaf);
            full.Append(leaf, (node, hash) => all[node] = Hash.Of(hash));
        }

        for (var from = 1; from <= 96; from++)
        {
            var before = RangeOf(from);
            for (var to = from; to <= from + 100; to++)
            {
                var proof = ExtensionProof.Build(before, Leaves[from..to]);
                var expected = RangeHasher.Path(TreeMath.ConsistencyPath(from, to), all);
                Assert.Equal(expected, proof.Path);
                Assert.Equal(RangeHasher.Hash(new LeafRange(0, to), all).ToArray(), proof.ToRoot);
                ProofVerifier.VerifyConsistency(from, to, proof.FromRoot, proof.ToRoot, proof.Path);
            }
        }
    }

    [Fact]
    public void Building_the_proof_leaves_the_old_edge_as_it_was()
    {
        var before = RangeOf(13);
        var root = before.Root();
        ExtensionProof.Build(before, Leaves[13..40]);
        Assert.Equal(13, before.Size);
        Assert.Equal(root, before.Root());
    }

    [Fact]
    public void There_is_no_proof_from_the_empty_tree() =>
        Assert.Throws<ArgumentException>(() => ExtensionProof.Build(new CompactRange(), Leaves[..3]));

    private static CompactRange RangeOf(int size)
    {
        var range = new CompactRange();
        foreach (var leaf in Leaves[..size])
        {
            range.Append(leaf);
        }
        return range;
    }
}
