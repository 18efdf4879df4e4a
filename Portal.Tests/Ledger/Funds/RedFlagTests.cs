using Microsoft.EntityFrameworkCore;
using Portal.Ledger.Funds;
using Portal.Ledger.Storage;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Infrastructure.FundScenario;

namespace Portal.Tests.Ledger.Funds;

/// <summary>
/// The red-flag rules through the commands the real roles use, on a real database: each with cases that must trip
/// it and cases that must not, the rules' version recorded with every flag, and the flags rebuilt from the ledger
/// equal to the live ones. Nothing is flagged before an administrator has set the rules.
/// </summary>
public sealed class RedFlagTests
{
    private static readonly DateTimeOffset Monday = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero); // 09:00 in Guiyang

    public static TheoryData<DatabaseProvider> Providers => [DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Requests_split_under_an_approval_threshold_are_flagged_with_every_filing_they_rest_on(DatabaseProvider provider)
    {
        var clock = new TestClock(Monday);
        await using var scenario = await CreateAsync(provider: provider, clock: clock);
        // Before any rules are set, nothing is flagged, however plain the split.
        await scenario.FileAsync(60_000m);
        await scenario.FileAsync(50_000m);
        Assert.Empty(await FlagsAsync(scenario, AnomalyKinds.ThresholdSplitting));

        var rules = await new FlagService(scenario.Ledger.Writer).SetRulesAsync(Admin, FlagRules.Default);
        Assert.Equal(1, rules.Id);

        // 60,000 then, a week later, 45,000: each within the one-approver tier (100,000), together over it.
        clock.Advance(TimeSpan.FromDays(1));
        var first = await scenario.FileAsync(60_000m, region: "520111");
        clock.Advance(TimeSpan.FromDays(7));
        var second = await scenario.FileAsync(45_000.00m, region: "520111");
        var flag = Assert.Single(await FlagsAsync(scenario, AnomalyKinds.ThresholdSplitting));
        Assert.Equal(second.LedgerIndex, flag.LedgerIndex);
        Assert.Equal($"{first.Id},{second.Id}", flag.RequestIds);
        Assert.Equal($"{first.LedgerIndex},{second.LedgerIndex}", flag.LedgerIndexes);
        Assert.Equal(1, flag.RuleVersion);
        Assert.Equal("520111", flag.RegionCode);
        Assert.Equal("gy-agri", flag.DepartmentCode);
        Assert.Contains("each at most CNY 100,000.00 and together CNY 105,000.00", flag.Detail, StringComparison.Ordinal);

        // A third in the same window adds to a split already flagged: no second flag for the same threshold.
        await scenario.FileAsync(20_000m, region: "520111");
        Assert.Single(await FlagsAsync(scenario, AnomalyKinds.ThresholdSplitting));
    }

    [Fact]
    public async Task What_is_not_a_split_is_not_flagged()
    {
        var clock = new TestClock(Monday);
        await using var scenario = await CreateAsync(clock: clock);
        await new FlagService(scenario.Ledger.Writer).SetRulesAsync(Admin, FlagRules.Default);
        var funds = scenario.Funds;

        // Together under the threshold.
        await scenario.FileAsync(60_000m, region: "520102");
        await scenario.FileAsync(30_000m, region: "520102");
        // Another region, another program, another department.
        await scenario.FileAsync(30_000m, region: "520111");
        await funds.FileRequestAsync(Official, new FileRequest(scenario.FundId, "education", "520102", 40_000m, "School desks", 40, null));
        await funds.FileRequestAsync(OtherOfficial, new FileRequest(scenario.FundId, "industry", "520102", 40_000m, "Seedlings", 40, null));
        // Apart by more than the window.
        clock.Advance(TimeSpan.FromDays(31));
        await scenario.FileAsync(90_000m, region: "520102");
        // Withdrawn before the second came: a cancelled request is not part of a split.
        var cancelled = await scenario.FileAsync(9_000m, region: "520102");
        await funds.CancelAsync(Official, cancelled.Id, "Filed by mistake");
        await scenario.FileAsync(9_500m, region: "520102");
        // One above the threshold is no part of a split under it; together they are under the next one.
        clock.Advance(TimeSpan.FromDays(31));
        await scenario.FileAsync(150_000m, region: "520111");
        await scenario.FileAsync(50_000m, region: "520111");

        Assert.Empty(await FlagsAsync(scenario, AnomalyKinds.ThresholdSplitting));
    }

    [Fact]
    public async Task A_split_under_the_second_tier_is_flagged_and_a_new_version_of_the_rules_applies_from_its_entry()
    {
        var clock = new TestClock(Monday);
        await using var scenario = await CreateAsync(clock: clock);
        var flags = new FlagService(scenario.Ledger.Writer);
        await flags.SetRulesAsync(Admin, FlagRules.Default);
        await scenario.FileAsync(600_000m);
        clock.Advance(TimeSpan.FromDays(10));
        await scenario.FileAsync(500_000m);
        var flag = Assert.Single(await FlagsAsync(scenario, AnomalyKinds.ThresholdSplitting));
        Assert.Contains("each at most CNY 1,000,000.00", flag.Detail, StringComparison.Ordinal);

        // Version 2 looks back five days only: ten days apart is no longer a split, and what it flags names version 2.
        Assert.Equal(2, (await flags.SetRulesAsync(Admin, FlagRules.Default with { SplittingWindowDays = 5 })).Id);
        await scenario.FileAsync(70_000m, region: "520111");
        clock.Advance(TimeSpan.FromDays(10));
        await scenario.FileAsync(70_000m, region: "520111");
        Assert.Single(await FlagsAsync(scenario, AnomalyKinds.ThresholdSplitting));
        clock.Advance(TimeSpan.FromDays(1));
        await scenario.FileAsync(40_000m, region: "520111");
        Assert.Equal([1, 2], (await FlagsAsync(scenario, AnomalyKinds.ThresholdSplitting)).Select(f => f.RuleVersion ?? 0));

        var rebuild = await scenario.Ledger.ReadModels.RunAsync();
        Assert.True(rebuild.Ok, string.Join("\n", rebuild.Differences));
    }

    [Fact]
    public async Task A_large_request_decided_within_minutes_is_flagged_and_an_unhurried_one_is_not()
    {
        var clock = new TestClock(Monday);
        await using var scenario = await CreateAsync(clock: clock);
        await new FlagService(scenario.Ledger.Writer).SetRulesAsync(Admin, FlagRules.Default);
        var funds = scenario.Funds;

        // 150,000 needs two approvals; both within eight minutes of the filing. (Written with cents, as clients send
        // amounts: the flag must write them alike whether projected live or rebuilt.)
        var rushed = await scenario.FileAsync(150_000.00m);
        clock.Advance(TimeSpan.FromMinutes(3));
        var rushedFirst = await funds.ApproveAsync(ApproverFinance, rushed.Id, "ok");
        clock.Advance(TimeSpan.FromMinutes(5));
        var final = await funds.ApproveAsync(ApproverAgri, rushed.Id, "ok");
        Assert.True(final.Final);

        // Filed on Monday, approved on Tuesday, the second approval two minutes after the first: signed off at once.
        var together = await scenario.FileAsync(300_000.00m);
        clock.Advance(TimeSpan.FromDays(1));
        var firstApproval = await funds.ApproveAsync(ApproverFinance, together.Id, "ok");
        clock.Advance(TimeSpan.FromMinutes(2));
        var secondApproval = await funds.ApproveAsync(ApproverAgri, together.Id, "ok");

        // Not flagged: a small request approved at once (one approver suffices), and a large one decided over two days.
        var small = await scenario.FileAsync(80_000m);
        await funds.ApproveAsync(ApproverFinance, small.Id, "ok");
        var unhurried = await scenario.FileAsync(200_000m);
        clock.Advance(TimeSpan.FromDays(1));
        await funds.ApproveAsync(ApproverFinance, unhurried.Id, "ok");
        clock.Advance(TimeSpan.FromDays(1));
        await funds.ApproveAsync(ApproverAgri, unhurried.Id, "ok");

        var flags = await FlagsAsync(scenario, AnomalyKinds.RapidApproval);
        Assert.Equal([rushed.Id, together.Id], flags.Select(f => f.RequestId));
        Assert.Contains("was approved 8 minutes after it was filed", flags[0].Detail, StringComparison.Ordinal);
        Assert.Equal($"{rushed.LedgerIndex},{rushedFirst.LedgerIndex},{final.LedgerIndex}", flags[0].LedgerIndexes);
        Assert.Contains("got all its approvals within 2 minutes", flags[1].Detail, StringComparison.Ordinal);
        Assert.Equal($"{together.LedgerIndex},{firstApproval.LedgerIndex},{secondApproval.LedgerIndex}", flags[1].LedgerIndexes);
        Assert.All(flags, f => Assert.Equal(1, f.RuleVersion));

        var rebuild = await scenario.Ledger.ReadModels.RunAsync();
        Assert.True(rebuild.Ok, string.Join("\n", rebuild.Differences));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_request_withdrawn_and_filed_again_at_a_slightly_different_amount_is_flagged(DatabaseProvider provider)
    {
        var clock = new TestClock(Monday);
        await using var scenario = await CreateAsync(provider: provider, clock: clock);
        await new FlagService(scenario.Ledger.Writer).SetRulesAsync(Admin, FlagRules.Default);
        var funds = scenario.Funds;
        FileRequest Filing(decimal amount, string purpose = "Greenhouses for the Huaxi cooperative", string region = "520102") =>
            new(scenario.FundId, "industry", region, amount, purpose, 120, null);

        // Rejected at 120,000, filed again nine days later at 99,000 (-17.5 %), written a little differently.
        var rejected = await funds.FileRequestAsync(Official, Filing(120_000m));
        var rejection = await funds.RejectAsync(ApproverFinance, rejected.Id, "Over the county's share");
        clock.Advance(TimeSpan.FromDays(9));
        var refiled = await funds.FileRequestAsync(Official, Filing(99_000.00m, "  greenhouses for the  Huaxi cooperative "));

        // Not flagged: the same amount again (a plain resubmission), an amount far off, another region, another
        // purpose, a request still pending, and one filed after the window.
        var cancelled = await funds.FileRequestAsync(Official, Filing(50_000m, "Cattle sheds"));
        await funds.CancelAsync(Official, cancelled.Id, "Filed twice");
        await funds.FileRequestAsync(Official, Filing(50_000m, "Cattle sheds"));
        await funds.FileRequestAsync(Official, Filing(20_000m, "Cattle sheds"));
        await funds.FileRequestAsync(Official, Filing(48_000m, "Cattle sheds", region: "520111"));
        await funds.FileRequestAsync(Official, Filing(48_000m, "Tea seedlings"));
        var pending = await funds.FileRequestAsync(Official, Filing(30_000m, "Village well"));
        await funds.FileRequestAsync(Official, Filing(31_000m, "Village well"));
        var late = await funds.FileRequestAsync(Official, Filing(70_000m, "School roof"));
        await funds.RejectAsync(ApproverFinance, late.Id, "No estimate attached");
        clock.Advance(TimeSpan.FromDays(61));
        await funds.FileRequestAsync(Official, Filing(66_000m, "School roof"));

        var flag = Assert.Single(await FlagsAsync(scenario, AnomalyKinds.CancelAndRefile));
        Assert.Equal(refiled.Id, flag.RequestId);
        Assert.Equal($"{rejected.Id},{refiled.Id}", flag.RequestIds);
        Assert.Equal($"{rejected.LedgerIndex},{rejection.LedgerIndex},{refiled.LedgerIndex}", flag.LedgerIndexes);
        Assert.Equal($"Request {refiled.Id} (CNY 99,000.00) was filed 9 days after request {rejected.Id} (CNY 120,000.00) for the same purpose and region was cancelled or rejected.", flag.Detail);
        Assert.NotEqual(0, pending.Id);

        var rebuild = await scenario.Ledger.ReadModels.RunAsync();
        Assert.True(rebuild.Ok, string.Join("\n", rebuild.Differences));
    }

    [Fact]
    public async Task Only_an_administrator_sets_the_rules_and_only_in_range()
    {
        await using var scenario = await CreateAsync();
        var flags = new FlagService(scenario.Ledger.Writer);
        var before = await scenario.TreeSizeAsync();
        Assert.Equal(FundErrors.Forbidden, (await Assert.ThrowsAsync<FundRefusalException>(() => flags.SetRulesAsync(Supervisor, FlagRules.Default))).Code);
        var refused = await Assert.ThrowsAsync<FundRefusalException>(() => flags.SetRulesAsync(Admin, FlagRules.Default with { SplittingWindowDays = 0 }));
        Assert.Equal(FundErrors.InvalidArgument, refused.Code);
        Assert.Contains("SplittingWindowDays", refused.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<FundRefusalException>(() => flags.SetRulesAsync(Admin, FlagRules.Default with { WorkdayEnd = "07:00" }));
        await Assert.ThrowsAsync<FundRefusalException>(() => flags.SetRulesAsync(Admin, FlagRules.Default with { TimeZone = "Mars/Olympus" }));
        Assert.Equal(before, await scenario.TreeSizeAsync());
    }

    private static async Task<List<AnomalyRecord>> FlagsAsync(FundScenario scenario, string kind)
    {
        await using var db = scenario.Ledger.Store.CreateContext();
        return await db.Set<AnomalyRecord>().AsNoTracking().Where(a => a.Kind == kind).OrderBy(a => a.LedgerIndex).ToListAsync(TestContext.Current.CancellationToken);
    }
}
