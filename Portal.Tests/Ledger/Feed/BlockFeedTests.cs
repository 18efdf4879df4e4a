using Portal.Ledger.Chain;
using Portal.Ledger.Feed;
using Portal.Ledger.Funds;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Ledger.Feed;

/// <summary>The feed's blocks read back from the ledger: each with exactly its own entries, summarized, and its proofs.</summary>
public sealed class BlockFeedTests : IAsyncLifetime
{
    private FundScenario _scenario = null!;

    public async ValueTask InitializeAsync() => _scenario = await FundScenario.CreateAsync();

    public ValueTask DisposeAsync() => _scenario.DisposeAsync();

    [Fact]
    public async Task A_replay_from_the_middle_carries_the_same_proofs_the_ledger_serves_one_by_one()
    {
        for (var i = 0; i < 16; i++)
        {
            await _scenario.FileAsync(2_000m + i);
        }
        var feed = new BlockFeed(_scenario.Ledger.Store, _scenario.Ledger.Reader);
        var head = await feed.HeadHeightAsync();

        var blocks = await feed.ReadAsync(head / 2, 7);

        Assert.Equal(Enumerable.Range(1, 7).Select(k => head / 2 + k), blocks.Select(b => b.Height));
        var from = (await _scenario.Ledger.Reader.GetBlockAsync(head / 2))!;
        var previousSize = from.TreeSize;
        foreach (var block in blocks)
        {
            var expected = await _scenario.Ledger.Reader.GetConsistencyProofAsync(previousSize, block.TreeSize);
            var proof = block.Consistency!;
            Assert.Equal((expected.From, expected.To), (proof.From, proof.To));
            Assert.Equal((Convert.ToHexStringLower(expected.FromRoot), Convert.ToHexStringLower(expected.ToRoot)), (proof.FromRoot, proof.ToRoot));
            Assert.Equal(expected.Path.Select(Convert.ToHexStringLower), proof.Path);
            previousSize = block.TreeSize;
        }
    }

    [Fact]
    public async Task Every_block_carries_its_own_entries_its_checkpoint_and_a_consistency_proof_from_the_one_before()
    {
        // Several commands at once: group commit puts some in the same block.
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => _scenario.FileAsync(1_000m + i)));
        var id = await _scenario.ApprovedRequestAsync(30_000m);
        var feed = new BlockFeed(_scenario.Ledger.Store, _scenario.Ledger.Reader);

        var blocks = await feed.ReadAsync(0);

        Assert.Equal(await feed.HeadHeightAsync(), blocks[^1].Height);
        Assert.Null(blocks[0].Consistency);
        for (var i = 0; i < blocks.Count; i++)
        {
            var block = blocks[i];
            var stored = (await _scenario.Ledger.Reader.GetBlockAsync(block.Height))!;
            Assert.Equal(stored.EntryCount, block.Entries.Count);
            Assert.Equal(Enumerable.Range(0, stored.EntryCount).Select(k => stored.FirstIndex + k), block.Entries.Select(e => e.Index));
            Assert.Equal(Convert.ToHexStringLower(stored.Hash), block.Hash);
            if (i > 0)
            {
                var proof = block.Consistency!;
                Assert.Equal((blocks[i - 1].TreeSize, block.TreeSize), (proof.From, proof.To));
                Assert.True(ProofVerifier.VerifyConsistency(proof.From, proof.To, Convert.FromHexString(blocks[i - 1].TreeRoot),
                    Convert.FromHexString(block.TreeRoot), proof.Path.Select(Convert.FromHexString).ToList()));
            }
        }
        var approval = blocks.SelectMany(b => b.Entries).Single(e => e.Kind == FundEvents.RequestApproved && e.RequestId == id);
        // An approval names only its request: fund, region, program and amount come from the request.
        Assert.Equal((_scenario.FundId, "520102", "industry", 30_000m), (approval.FundId!.Value, approval.Region, approval.Program, approval.Amount!.Value));
        Assert.Equal(FundScenario.ApproverFinance.Id, approval.Actor);
        Assert.DoesNotContain(blocks.SelectMany(b => b.ForPublic().Entries), e => e.RequestId is not null || e.Actor is not null || e.Department is not null);
    }

    [Fact]
    public async Task Reading_after_a_height_returns_only_later_blocks_and_at_most_the_limit()
    {
        for (var i = 0; i < 5; i++)
        {
            await _scenario.FileAsync(2_000m + i);
        }
        var feed = new BlockFeed(_scenario.Ledger.Store, _scenario.Ledger.Reader);
        var head = await feed.HeadHeightAsync();

        var two = await feed.ReadAsync(head - 3, limit: 2);

        Assert.Equal([head - 2, head - 1], two.Select(b => b.Height));
        Assert.Empty(await feed.ReadAsync(head));
    }
}
