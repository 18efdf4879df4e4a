using Microsoft.EntityFrameworkCore;
using Portal.Ledger.Funds;
using Portal.Ledger.Storage;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Infrastructure.FundScenario;

namespace Portal.Tests.Ledger.Funds;

/// <summary>
/// approver-pair through the real commands on a real database: one of four agriculture approvers who takes every
/// request the finance department must also approve is flagged with finance's approver, once, naming their joint
/// sign-offs; when the four share that work, no pair is flagged.
/// </summary>
public sealed class ApproverPairFlagTests
{
    private static readonly Actor[] Agriculture =
    [
        ApproverAgri, ApproverAgri2,
        new("approver-agri-3", "Third approver, agriculture", "gy-agri", new HashSet<string> { Roles.Approver }),
        new("approver-agri-4", "Fourth approver, agriculture", "gy-agri", new HashSet<string> { Roles.Approver }),
    ];

    public static TheoryData<DatabaseProvider> Providers => [DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Two_approvers_who_sign_together_far_more_than_their_departments_predict_are_flagged_once(DatabaseProvider provider)
    {
        await using var scenario = await CreateAsync(provider: provider, clock: new TestClock(new DateTimeOffset(2026, 3, 2, 2, 0, 0, TimeSpan.Zero)));
        await new FlagService(scenario.Ledger.Writer).SetRulesAsync(Admin, FlagRules.Default);
        // The four share the small requests: agriculture has four approvers.
        for (var i = 0; i < 8; i++)
        {
            var small = await scenario.FileAsync(20_000m + i);
            await scenario.Funds.ApproveAsync(Agriculture[i % 4], small.Id, "ok");
        }
        // Every large one goes to the same of them, then to finance: four times what four approvers predict.
        var joint = new List<(long Request, long First, long Second)>();
        for (var i = 0; i < 12; i++)
        {
            var large = await scenario.FileAsync(150_000m + i);
            var first = await scenario.Funds.ApproveAsync(Agriculture[0], large.Id, "ok");
            var second = await scenario.Funds.ApproveAsync(ApproverFinance, large.Id, "ok");
            joint.Add((large.Id, first.LedgerIndex, second.LedgerIndex));
        }

        var flag = Assert.Single(await FlagsAsync(scenario));
        Assert.Equal(joint[9].Request, flag.RequestId);
        Assert.Equal(string.Join(',', joint.Take(10).Select(j => j.Request)), flag.RequestIds);
        Assert.Equal(string.Join(',', joint.Take(10).SelectMany(j => new[] { j.First, j.Second })), flag.LedgerIndexes);
        Assert.Equal("approver-agri and approver-fin signed off together on 10 requests; their departments' sizes predict 2.5.", flag.Detail);
        Assert.Equal(1, flag.RuleVersion);

        var rebuild = await scenario.Ledger.ReadModels.RunAsync();
        Assert.True(rebuild.Ok, string.Join("\n", rebuild.Differences));
    }

    [Fact]
    public async Task Approvers_who_share_the_work_are_not_flagged()
    {
        await using var scenario = await CreateAsync(clock: new TestClock(new DateTimeOffset(2026, 3, 2, 2, 0, 0, TimeSpan.Zero)));
        await new FlagService(scenario.Ledger.Writer).SetRulesAsync(Admin, FlagRules.Default);
        for (var i = 0; i < 40; i++)
        {
            var large = await scenario.FileAsync(150_000m + i);
            await scenario.Funds.ApproveAsync(Agriculture[i % 4], large.Id, "ok");
            await scenario.Funds.ApproveAsync(ApproverFinance, large.Id, "ok");
        }
        Assert.Empty(await FlagsAsync(scenario));
    }

    private static async Task<List<AnomalyRecord>> FlagsAsync(FundScenario scenario)
    {
        await using var db = scenario.Ledger.Store.CreateContext();
        return await db.Set<AnomalyRecord>().AsNoTracking().Where(a => a.Kind == AnomalyKinds.ApproverPair)
            .OrderBy(a => a.LedgerIndex).ToListAsync(TestContext.Current.CancellationToken);
    }
}
