using Portal.Ledger.Chain;
using Portal.Ledger.Chain.Merkle;
using Portal.Ledger.Storage;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Ledger.Chain;

/// <summary>
/// Every root, inclusion proof and consistency proof the store serves for trees of 1..64 leaves, compared with the
/// literal RFC 6962 recursion over the same leaf hashes, and checked with the verifier.
/// </summary>
public sealed class StoredProofTests
{
    private const int Leaves = 64;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task All_proofs_for_trees_of_1_to_64_match_the_reference(DatabaseProvider provider)
    {
        await using var ledger = await LedgerHarness.CreateAsync(provider);
        // Mixed block sizes, so that proofs cross block boundaries and end inside blocks.
        var written = 0;
        foreach (var size in new[] { 1, 2, 3, 5, 8, 13, 21, 11 })
        {
            await ledger.Writer.AppendAsync(Enumerable.Range(written, size).Select(i => LedgerHarness.Draft(i)).ToList());
            written += size;
        }
        Assert.Equal(Leaves, written);
        var leaves = new List<byte[]>();
        for (var i = 0; i < Leaves; i++)
        {
            leaves.Add((await ledger.Reader.GetEntryAsync(i))!.LeafHash.ToArray());
        }

        for (var n = 1; n <= Leaves; n++)
        {
            var root = ReferenceMerkle.Mth(leaves, 0, n);
            Assert.Equal(root, await ledger.Reader.GetRootAsync(n));
            for (var m = 0; m < n; m++)
            {
                var inclusion = await ledger.Reader.GetInclusionProofAsync(m, n);
                Assert.Equal(ReferenceMerkle.Path(leaves, m, 0, n), inclusion.Path);
                Assert.Equal(root, inclusion.RootHash);
                ProofVerifier.VerifyInclusion(m, n, inclusion.LeafHash, inclusion.Path, root);
            }
            for (var m = 1; m <= n; m++)
            {
                var consistency = await ledger.Reader.GetConsistencyProofAsync(m, n);
                Assert.Equal(ReferenceMerkle.Proof(leaves, m, n), consistency.Path);
                ProofVerifier.VerifyConsistency(m, n, ReferenceMerkle.Mth(leaves, 0, m), root, consistency.Path);
            }
        }
    }

    [Fact]
    public async Task Proof_requests_outside_the_log_are_refused()
    {
        await using var ledger = await LedgerHarness.CreateAsync();
        await ledger.AppendOneByOneAsync(5);
        await Assert.ThrowsAsync<LedgerArgumentException>(() => ledger.Reader.GetInclusionProofAsync(5, 5));
        await Assert.ThrowsAsync<LedgerArgumentException>(() => ledger.Reader.GetInclusionProofAsync(0, 6));
        await Assert.ThrowsAsync<LedgerArgumentException>(() => ledger.Reader.GetInclusionProofAsync(-1, 5));
        await Assert.ThrowsAsync<LedgerArgumentException>(() => ledger.Reader.GetConsistencyProofAsync(0, 5));
        await Assert.ThrowsAsync<LedgerArgumentException>(() => ledger.Reader.GetConsistencyProofAsync(4, 3));
        await Assert.ThrowsAsync<LedgerArgumentException>(() => ledger.Reader.GetConsistencyProofAsync(2, 6));
    }
}
