using Portal.Ledger.Chain;
using Portal.Ledger.Chain.Merkle;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Ledger.Chain.Merkle;

public sealed class ProofVerifierTests
{
    private static readonly List<byte[]> Leaves = Enumerable.Range(0, 13).Select(i => MerkleHash.Leaf([(byte)i])).ToList();

    [Fact]
    public void Rejects_a_proof_hash_that_is_not_32_bytes()
    {
        var path = ReferenceMerkle.Path(Leaves, 3, 0, 13);
        path[1] = path[1][..31];
        Assert.Throws<ProofException>(() => ProofVerifier.VerifyInclusion(3, 13, Leaves[3], path, ReferenceMerkle.Mth(Leaves, 0, 13)));
    }

    [Fact]
    public void Rejects_inclusion_proofs_of_the_wrong_length()
    {
        var root = ReferenceMerkle.Mth(Leaves, 0, 13);
        var path = ReferenceMerkle.Path(Leaves, 3, 0, 13);
        Assert.Throws<ProofException>(() => ProofVerifier.VerifyInclusion(3, 13, Leaves[3], path[..^1], root));
        Assert.Throws<ProofException>(() => ProofVerifier.VerifyInclusion(3, 13, Leaves[3], [.. path, path[0]], root));
    }

    [Fact]
    public void Rejects_consistency_proofs_of_the_wrong_length()
    {
        var proof = ReferenceMerkle.Proof(Leaves, 5, 13);
        var from = ReferenceMerkle.Mth(Leaves, 0, 5);
        var to = ReferenceMerkle.Mth(Leaves, 0, 13);
        ProofVerifier.VerifyConsistency(5, 13, from, to, proof);
        Assert.Throws<ProofException>(() => ProofVerifier.VerifyConsistency(5, 13, from, to, proof[..^1]));
        Assert.Throws<ProofException>(() => ProofVerifier.VerifyConsistency(5, 13, from, to, [.. proof, proof[0]]));
        Assert.Throws<ProofException>(() => ProofVerifier.VerifyConsistency(5, 13, from, to, []));
    }

    [Fact]
    public void A_changed_hash_fails_verification()
    {
        var root = ReferenceMerkle.Mth(Leaves, 0, 13);
        var path = ReferenceMerkle.Path(Leaves, 9, 0, 13);
        path[0] = (byte[])path[0].Clone();
        path[0][0] ^= 1;
        Assert.Throws<RootMismatchException>(() => ProofVerifier.VerifyInclusion(9, 13, Leaves[9], path, root));
        Assert.Throws<RootMismatchException>(() => ProofVerifier.VerifyInclusion(9, 13, Leaves[8], ReferenceMerkle.Path(Leaves, 9, 0, 13), root));
    }

    [Fact]
    public void Rejects_impossible_sizes()
    {
        var root = ReferenceMerkle.Mth(Leaves, 0, 13);
        Assert.Throws<ProofException>(() => ProofVerifier.VerifyInclusion(13, 13, Leaves[0], [], root));
        Assert.Throws<ProofException>(() => ProofVerifier.VerifyConsistency(0, 13, root, root, []));
        Assert.Throws<ProofException>(() => ProofVerifier.VerifyConsistency(14, 13, root, root, []));
    }
}
