using Portal.Ledger.Funds;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Ledger.Funds;

public sealed class TotalsSnapshotsTests : IAsyncLifetime
{
    private FundScenario _scenario = null!;

    public async ValueTask InitializeAsync() => _scenario = await FundScenario.CreateAsync();

    public ValueTask DisposeAsync() => _scenario.DisposeAsync();

    [Fact]
    public async Task A_snapshot_is_reused_while_the_ledger_is_unchanged_and_renewed_when_it_grows()
    {
        var snapshots = new TotalsSnapshots(new TotalsQueries(_scenario.Ledger.Store), _scenario.Ledger.Reader);

        var first = await snapshots.GetAsync();
        Assert.Same(first, await snapshots.GetAsync());
        Assert.Equal(await _scenario.TreeSizeAsync(), first.TreeSize);
        Assert.Equal(0m, first.Totals!.Approved);

        await _scenario.ApprovedRequestAsync(40_000m);
        // A refresh this small finishes well inside the freshness budget, so the page gets the new totals.
        var second = await snapshots.GetAsync();

        Assert.Equal(await _scenario.TreeSizeAsync(), second.TreeSize);
        Assert.Equal(40_000m, second.Totals!.Approved);
        Assert.Equal(40_000m, Assert.Single(second.Breakdown.Programs).Approved);
    }

    [Fact]
    public async Task Concurrent_visitors_share_one_refresh()
    {
        var snapshots = new TotalsSnapshots(new TotalsQueries(_scenario.Ledger.Store), _scenario.Ledger.Reader);

        var all = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => snapshots.GetAsync()));

        Assert.All(all, s => Assert.Same(all[0], s));
    }
}
