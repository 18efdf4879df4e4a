using Microsoft.EntityFrameworkCore;
using Portal.Ledger.Chain;
using Portal.Ledger.Chain.Merkle;
using Portal.Ledger.Storage;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Ledger;

/// <summary>Many writers, one chain: no fork, no gap, nothing lost, in one process and across processes.</summary>
public sealed class ConcurrencyTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Concurrent_appenders_in_one_process_share_blocks_and_lose_nothing(DatabaseProvider provider)
    {
        await using var ledger = await LedgerHarness.CreateAsync(provider);
        const int writers = 64, perWriter = 20;
        var receipts = await Task.WhenAll(Enumerable.Range(0, writers).Select(async w =>
        {
            var mine = new List<EntryReceipt>();
            for (var i = 0; i < perWriter; i++)
            {
                mine.Add(await ledger.Writer.AppendAsync(LedgerHarness.Draft(w * 1000 + i)));
            }
            return mine;
        }));
        var all = receipts.SelectMany(r => r).ToList();
        Assert.Equal(Enumerable.Range(0, writers * perWriter).Select(i => (long)i), all.Select(r => r.Index).Order());

        var blocks = await AssertLinearAsync(ledger, writers * perWriter);
        // Group commit: waiting appends share blocks instead of one block each.
        Assert.True(blocks < writers * perWriter, $"{blocks} blocks for {writers * perWriter} entries: appends were not grouped.");
        Assert.True((await ledger.Verifier.VerifyAsync()).Ok);
    }

    [Fact]
    public async Task A_batch_stays_contiguous_within_one_block()
    {
        await using var ledger = await LedgerHarness.CreateAsync(maxEntriesPerBlock: 50);
        var singles = Enumerable.Range(0, 30).Select(i => ledger.Writer.AppendAsync(LedgerHarness.Draft(i))).ToList();
        var batch = await ledger.Writer.AppendAsync(Enumerable.Range(100, 40).Select(i => LedgerHarness.Draft(i)).ToList());
        await Task.WhenAll(singles);
        Assert.Single(batch.Select(r => r.BlockHeight).Distinct());
        Assert.Equal(Enumerable.Range((int)batch[0].Index, 40).Select(i => (long)i), batch.Select(r => r.Index));
        await AssertLinearAsync(ledger, 70);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Writers_in_separate_processes_extend_one_chain(DatabaseProvider provider)
    {
        await using var ledger = await LedgerHarness.CreateAsync(provider);
        const int processes = 3, perProcess = 400;
        var runs = Enumerable.Range(0, processes).Select(p => ChildProcess.RunAsync(SolutionPaths.BenchmarksDll,
        [
            "append",
            "--provider", ledger.Store.Options.Provider.ToString(),
            "--connection", ledger.Store.Options.ConnectionString,
            "--key", ledger.Options.SigningKeyPath,
            "--origin", LedgerHarness.Origin,
            "--count", perProcess.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--writers", "8",
            "--tag", $"process-{p}",
        ]));
        foreach (var run in await Task.WhenAll(runs))
        {
            Assert.True(run.ExitCode == 0, run.Output + run.Error);
        }
        await AssertLinearAsync(ledger, processes * perProcess);
        await using (var db = ledger.Store.CreateContext())
        {
            var perWorker = await db.Entries.GroupBy(e => e.Actor).Select(g => g.Count()).ToListAsync();
            Assert.Equal(Enumerable.Repeat(perProcess, processes), perWorker);
        }
        var result = await ledger.Verifier.VerifyAsync();
        Assert.True(result.Ok, result.Message);
    }

    /// <summary>Heights 0..h-1 each once, each block starting where the previous ended, covering exactly the entries.</summary>
    private static async Task<int> AssertLinearAsync(LedgerHarness ledger, int entries)
    {
        await using var db = ledger.Store.CreateContext();
        var blocks = await db.Blocks.AsNoTracking().OrderBy(b => b.Height).ToListAsync();
        long expectedFirst = 0;
        var previous = Hash.Zero.ToArray();
        for (var h = 0; h < blocks.Count; h++)
        {
            Assert.Equal(h, blocks[h].Height);
            Assert.Equal(expectedFirst, blocks[h].FirstIndex);
            Assert.Equal(previous, blocks[h].PreviousHash);
            expectedFirst = blocks[h].TreeSize;
            previous = blocks[h].Hash;
        }
        Assert.Equal(entries, expectedFirst);
        Assert.Equal(entries, await db.Entries.CountAsync());
        return blocks.Count;
    }
}
