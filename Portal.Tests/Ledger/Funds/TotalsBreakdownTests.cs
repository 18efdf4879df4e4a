using Portal.Ledger.Funds;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Infrastructure.FundScenario;

namespace Portal.Tests.Ledger.Funds;

/// <summary>
/// The dashboard's weekly flows count what was approved in each week; what a cancellation releases or a return
/// gives back counts on its own, so no week's approvals go below zero, while a category's approved total stays
/// the commitment (approved less released less returned), as the fund's is.
/// </summary>
public sealed class TotalsBreakdownTests
{
    [Fact]
    public async Task Releases_and_returns_are_their_own_series_and_approvals_never_go_below_zero()
    {
        await using var scenario = await CreateAsync();
        var cancelled = await scenario.ApprovedRequestAsync(10_000m);
        await scenario.Funds.CancelAsync(Official, cancelled, "Merged into a larger programme");
        var paid = await scenario.ApprovedRequestAsync(4_000m);
        await scenario.Funds.ConfirmDisbursementAsync(Bank, new ConfirmDisbursement(paid, "B-1", 4_000m, null));
        await scenario.Funds.ReturnFundsAsync(Official, new ReturnFunds(paid, 1_500m, "Unspent"));

        var breakdown = await new TotalsQueries(scenario.Ledger.Store).BreakdownAsync();

        var week = Assert.Single(breakdown.Weeks);
        Assert.Equal((14_000m, 14_000m, 4_000m, 11_500m), (week.Requested, week.Approved, week.Disbursed, week.ReleasedOrReturned));
        Assert.All(breakdown.Weeks, w => Assert.True(w.Approved >= 0 && w.ReleasedOrReturned >= 0));
        var committed = (await new OpenDataService(scenario.Ledger.Store).FundsAsync()).Single().Approved;
        Assert.Equal(2_500m, committed);
        Assert.Equal(committed, Assert.Single(breakdown.Programs).Approved);
        Assert.Equal(committed, Assert.Single(breakdown.Prefectures).Approved);
        Assert.True((await scenario.Ledger.ReadModels.RunAsync()).Ok);
    }
}
