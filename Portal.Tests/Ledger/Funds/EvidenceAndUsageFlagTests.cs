using Microsoft.EntityFrameworkCore;
using Portal.Ledger.Funds;
using Portal.Ledger.Storage;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Infrastructure.FundScenario;

namespace Portal.Tests.Ledger.Funds;

/// <summary>
/// evidence-reuse and usage-equals-payment through the real commands on a real database: the cases that must trip
/// each and those that must not, the rules' version and the entries each flag rests on, and the rebuild check.
/// </summary>
public sealed class EvidenceAndUsageFlagTests
{
    private static readonly DateTimeOffset Monday = new(2026, 3, 2, 2, 0, 0, TimeSpan.Zero); // 10:00 in Guiyang
    private static readonly string Quote = new('a', 64);
    private static readonly string Receipt = new('b', 64);
    private static readonly string Other = new('c', 64);

    public static TheoryData<DatabaseProvider> Providers => [DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task One_document_cited_for_another_purpose_or_region_and_one_receipt_cited_twice_are_flagged(DatabaseProvider provider)
    {
        await using var scenario = await CreateAsync(provider: provider, clock: new TestClock(Monday));
        var funds = scenario.Funds;
        // Cited before the rules are set: remembered, not flagged.
        var first = await File(scenario, "Greenhouses for the Huaxi cooperative", "520102", Quote);
        await File(scenario, "Village road to Dongfeng", "520102", Quote);
        Assert.Empty(await FlagsAsync(scenario));
        await new FlagService(scenario.Ledger.Writer).SetRulesAsync(Admin, FlagRules.Default);

        // The same purpose (written differently) and region again: a resubmission, not a reuse.
        await File(scenario, "  greenhouses FOR the Huaxi   cooperative ", "520102", Quote);
        var otherPurpose = await File(scenario, "School roof repairs", "520102", Quote);
        var otherRegion = await File(scenario, "Greenhouses for the Huaxi cooperative", "520111", Quote);
        var both = await File(scenario, "Clinic equipment", "520111", Quote);
        await File(scenario, "Clinic equipment", "520111", Other);

        // A usage receipt cited by a second report, on another request.
        var paid = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            var id = await scenario.ApprovedRequestAsync(10_000m + i);
            await funds.ConfirmDisbursementAsync(Bank, new ConfirmDisbursement(id, $"P-{i}", 10_000m + i, "Huaxi cooperative"));
            paid.Add(id);
        }
        var used = await funds.ReportUsageAsync(Official, new ReportUsage(paid[0], 9_000m, "works", Receipt));
        var again = await funds.ReportUsageAsync(Official, new ReportUsage(paid[1], 9_500m, "works", Receipt));
        await funds.ReportUsageAsync(Official, new ReportUsage(paid[2], 9_600m, "works", Other));

        var flags = await FlagsAsync(scenario);
        Assert.Equal([otherPurpose.Id, otherRegion.Id, both.Id, paid[1]], flags.Select(f => f.RequestId));
        Assert.All(flags.Take(3), f => Assert.StartsWith($"{first.Id},", f.RequestIds, StringComparison.Ordinal));
        Assert.Equal($"{first.LedgerIndex},{otherPurpose.LedgerIndex}", flags[0].LedgerIndexes);
        Assert.Equal($"Request {otherPurpose.Id} cites evidence aaaaaaaaaaaa…, which request {first.Id} cited for another purpose.", flags[0].Detail);
        Assert.EndsWith("cited for another region.", flags[1].Detail, StringComparison.Ordinal);
        Assert.EndsWith("cited for another purpose and region.", flags[2].Detail, StringComparison.Ordinal);
        Assert.Equal($"{used.LedgerIndex},{again.LedgerIndex}", flags[3].LedgerIndexes);
        Assert.Equal($"A usage report of CNY 9,500.00 on request {paid[1]} cites receipt bbbbbbbbbbbb…, already cited by a usage report on request {paid[0]}.", flags[3].Detail);
        Assert.All(flags, f => Assert.Equal(1, f.RuleVersion));

        var rebuild = await scenario.Ledger.ReadModels.RunAsync();
        Assert.True(rebuild.Ok, string.Join("\n", rebuild.Differences));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_department_that_reports_exactly_what_was_paid_again_and_again_is_flagged(DatabaseProvider provider)
    {
        var clock = new TestClock(Monday);
        await using var scenario = await CreateAsync(provider: provider, clock: clock);
        await new FlagService(scenario.Ledger.Writer).SetRulesAsync(Admin, FlagRules.Default);
        var funds = scenario.Funds;

        // Two exact reports, then one far outside the window: no pattern yet.
        await PaidAndReportedAsync(scenario, Official, 20_000m, 20_000m);
        await PaidAndReportedAsync(scenario, Official, 21_000m, 21_000m);
        clock.Advance(TimeSpan.FromDays(200));
        // Not exact, another department's, and one exact after the window: still no pattern.
        await PaidAndReportedAsync(scenario, Official, 22_000m, 21_999.99m);
        await PaidAndReportedAsync(scenario, OtherOfficial, 23_000m, 23_000m);
        await PaidAndReportedAsync(scenario, OtherOfficial, 23_500m, 23_500m);
        var (a, first) = await PaidAndReportedAsync(scenario, Official, 24_000m, 24_000m);
        Assert.Empty(await FlagsAsync(scenario));

        clock.Advance(TimeSpan.FromDays(30));
        var (b, second) = await PaidAndReportedAsync(scenario, Official, 25_000m, 25_000m);
        var (c, third) = await PaidAndReportedAsync(scenario, Official, 26_000m, 26_000m);
        var flag = Assert.Single(await FlagsAsync(scenario));
        Assert.Equal(c, flag.RequestId);
        Assert.Equal($"{a},{b},{c}", flag.RequestIds);
        Assert.Equal($"{first},{second},{third}", flag.LedgerIndexes);
        Assert.Equal($"Department gy-agri reported usage of exactly the amount paid on 3 requests within 180 days (requests {a}, {b}, {c}).", flag.Detail);

        // The next flag needs three new reports.
        await PaidAndReportedAsync(scenario, Official, 27_000m, 27_000m);
        Assert.Single(await FlagsAsync(scenario));
        var rebuild = await scenario.Ledger.ReadModels.RunAsync();
        Assert.True(rebuild.Ok, string.Join("\n", rebuild.Differences));
    }

    private static Task<CommandReceipt> File(FundScenario scenario, string purpose, string region, string evidence) =>
        scenario.Funds.FileRequestAsync(Official, new FileRequest(scenario.FundId, "industry", region, 30_000m, purpose, 30, evidence));

    private static async Task<(long Request, long UsageIndex)> PaidAndReportedAsync(FundScenario scenario, Actor official, decimal paid, decimal used)
    {
        var request = await scenario.Funds.FileRequestAsync(official, new FileRequest(scenario.FundId, "industry", "520102", paid, "Seedlings", 20, null));
        var approver = official == Official ? ApproverAgri : ApproverFinance;
        await scenario.Funds.ApproveAsync(approver, request.Id, "ok");
        await scenario.Funds.ConfirmDisbursementAsync(Bank, new ConfirmDisbursement(request.Id, $"R-{request.Id}", paid, "Huaxi cooperative"));
        var usage = await scenario.Funds.ReportUsageAsync(official, new ReportUsage(request.Id, used, "works", null));
        return (request.Id, usage.LedgerIndex);
    }

    private static async Task<List<AnomalyRecord>> FlagsAsync(FundScenario scenario)
    {
        await using var db = scenario.Ledger.Store.CreateContext();
        return await db.Set<AnomalyRecord>().AsNoTracking()
            .Where(a => a.Kind == AnomalyKinds.EvidenceReuse || a.Kind == AnomalyKinds.UsageEqualsPayment)
            .OrderBy(a => a.LedgerIndex).ToListAsync(TestContext.Current.CancellationToken);
    }
}
