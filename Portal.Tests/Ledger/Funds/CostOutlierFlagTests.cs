using Microsoft.EntityFrameworkCore;
using Portal.Ledger.Funds;
using Portal.Ledger.Storage;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Infrastructure.FundScenario;

namespace Portal.Tests.Ledger.Funds;

/// <summary>
/// cost-outlier through the real commands on a real database: a filing far above or below its program's cost per
/// head is flagged once the program has enough filings, one within its spread is not, and the flags rebuild alike.
/// </summary>
public sealed class CostOutlierFlagTests
{
    public static TheoryData<DatabaseProvider> Providers => [DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_cost_per_head_far_from_the_programs_is_flagged_once_the_program_has_a_distribution(DatabaseProvider provider)
    {
        await using var scenario = await CreateAsync(provider: provider, clock: new TestClock(new DateTimeOffset(2026, 3, 2, 2, 0, 0, TimeSpan.Zero)));
        await new FlagService(scenario.Ledger.Writer).SetRulesAsync(Admin, FlagRules.Default);
        // Too early to judge: the program has no distribution yet.
        await File(scenario, 60_000m, 1);

        // 30 filings at 5,000 to 8,900 per head.
        for (var i = 0; i < 30; i++)
        {
            await File(scenario, 60_000m + (i * 1_000m), 10 + (i % 3));
        }
        var ordinary = await File(scenario, 90_000m, 12);      // 7,500 a head: within the spread
        var high = await File(scenario, 90_000m, 2);           // 45,000 a head
        var low = await File(scenario, 60_000m, 60);           // 1,000 a head
        var otherProgram = await scenario.Funds.FileRequestAsync(Official, new FileRequest(scenario.FundId, "education", "520102", 90_000m, "Desks", 2, null));

        var flags = await FlagsAsync(scenario);
        Assert.Equal([high.Id, low.Id], flags.Select(f => f.RequestId));
        var facts = AnomalyFacts.FromJson(flags[0].Facts)!;
        Assert.Equal((45_000m, 2, 1), (facts.PerBeneficiary, facts.Count, flags[0].RuleVersion));
        Assert.InRange(facts.Median!.Value, 6_000m, 7_500m);
        Assert.True(facts.ZScore > 3.5m);
        Assert.True(AnomalyFacts.FromJson(flags[1].Facts)!.ZScore < -3.5m);
        Assert.Equal($"{high.LedgerIndex}", flags[0].LedgerIndexes);
        Assert.StartsWith($"Request {high.Id}: CNY 90,000.00 for 2 beneficiaries is CNY 45,000.00 each; program industry's median is CNY ", flags[0].Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(flags, f => f.RequestId == ordinary.Id || f.RequestId == otherProgram.Id);

        var rebuild = await scenario.Ledger.ReadModels.RunAsync();
        Assert.True(rebuild.Ok, string.Join("\n", rebuild.Differences));
    }

    private static Task<CommandReceipt> File(FundScenario scenario, decimal amount, int beneficiaries) =>
        scenario.Funds.FileRequestAsync(Official, new FileRequest(scenario.FundId, "industry", "520102", amount, "Seedlings", beneficiaries, null));

    private static async Task<List<AnomalyRecord>> FlagsAsync(FundScenario scenario)
    {
        await using var db = scenario.Ledger.Store.CreateContext();
        return await db.Set<AnomalyRecord>().AsNoTracking().Where(a => a.Kind == AnomalyKinds.CostOutlier)
            .OrderBy(a => a.LedgerIndex).ToListAsync(TestContext.Current.CancellationToken);
    }
}
