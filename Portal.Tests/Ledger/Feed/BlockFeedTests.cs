using System.Collections.Concurrent;
using System.Text.Json;
using Portal.Ledger.Chain;
using Portal.Ledger.Chain.Merkle;
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

        var blocks = await feed.ReadAsync(-1);

        Assert.Equal(await feed.HeadHeightAsync(), blocks[^1].Height);
        // Block 0 extends the empty tree: nothing to prove. Every later one, block 1 included, carries its proof.
        Assert.Equal(0, blocks[0].Height);
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
                ProofVerifier.VerifyConsistency(proof.From, proof.To, Convert.FromHexString(blocks[i - 1].TreeRoot),
                    Convert.FromHexString(block.TreeRoot), proof.Path.Select(Convert.FromHexString).ToList());
            }
        }
        var approval = blocks.SelectMany(b => b.Entries).Single(e => e.Kind == FundEvents.RequestApproved && e.RequestId == id);
        // An approval names only its request: fund, region, program and amount come from the request.
        Assert.Equal((_scenario.FundId, "520102", "industry", 30_000m), (approval.FundId!.Value, approval.Region, approval.Program, approval.Amount!.Value));
        Assert.Equal(FundScenario.ApproverFinance.Id, approval.Actor);
        Assert.DoesNotContain(blocks.SelectMany(b => b.ForPublic().Entries), e => e.RequestId is not null || e.Actor is not null || e.Department is not null);
    }

    [Fact]
    public async Task A_block_published_from_the_writer_equals_the_same_block_read_back()
    {
        var appended = new AppendedBlocks();
        await using var scenario = await FundScenario.CreateAsync(listeners: [appended]);
        await Task.WhenAll(Enumerable.Range(0, 12).Select(i => scenario.FileAsync(1_000m + i)));
        var id = await scenario.ApprovedRequestAsync(30_000m);
        await scenario.Funds.ConfirmDisbursementAsync(FundScenario.Bank, new ConfirmDisbursement(id, "ICBC-2017-0517-009", 30_000m, "Huaxi cooperative"));
        var feed = new BlockFeed(scenario.Ledger.Store, scenario.Ledger.Reader);

        var stored = await feed.ReadAsync(-1);

        Assert.Equal(stored.Select(b => b.Height), appended.Blocks.Select(b => b.Block.Height));
        Assert.Contains(stored, b => b.Entries.Count > 1);
        Assert.Contains(stored, b => b.Entries.Any(e => e.Kind == FundEvents.DisbursementConfirmed));
        foreach (var (block, fromWriter) in stored.Zip(appended.Blocks))
        {
            Assert.Equal(JsonSerializer.Serialize(block), JsonSerializer.Serialize(await feed.FromAppendedAsync(fromWriter)));
        }
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

    private sealed class AppendedBlocks : ILedgerListener
    {
        private readonly ConcurrentQueue<BlockAppended> _blocks = new();

        public IReadOnlyList<BlockAppended> Blocks => [.. _blocks];

        public ValueTask OnBlockAppendedAsync(BlockAppended appended, CancellationToken cancellationToken)
        {
            _blocks.Enqueue(appended);
            return ValueTask.CompletedTask;
        }
    }
}
