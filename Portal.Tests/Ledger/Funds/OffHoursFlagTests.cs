using Microsoft.EntityFrameworkCore;
using Portal.Ledger.Funds;
using Portal.Ledger.Storage;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Infrastructure.FundScenario;

namespace Portal.Tests.Ledger.Funds;

/// <summary>
/// off-hours-decision through the real commands on a real database: approvals and payments outside the working day,
/// on weekends and on China's public holidays are flagged in Guiyang's time; a make-up working day is a working day;
/// a new version of the rules moves the working day from its entry on.
/// </summary>
public sealed class OffHoursFlagTests
{
    // All in Guiyang (UTC+8); each a date whose kind of day the State Council's notice fixes.
    private static readonly DateTimeOffset TuesdayMorning = new(2024, 10, 8, 10, 0, 0, TimeSpan.FromHours(8));
    private static readonly DateTimeOffset TuesdayNight = new(2024, 10, 8, 22, 40, 0, TimeSpan.FromHours(8));
    private static readonly DateTimeOffset NationalDay = new(2024, 10, 2, 10, 0, 0, TimeSpan.FromHours(8));
    private static readonly DateTimeOffset Saturday = new(2024, 10, 19, 10, 0, 0, TimeSpan.FromHours(8));
    private static readonly DateTimeOffset MakeUpSaturday = new(2024, 10, 12, 10, 0, 0, TimeSpan.FromHours(8));

    public static TheoryData<DatabaseProvider> Providers => [DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Decisions_and_payments_off_hours_are_flagged_and_those_in_office_hours_are_not(DatabaseProvider provider)
    {
        var clock = new TestClock(TuesdayMorning.AddDays(-20));
        await using var scenario = await CreateAsync(provider: provider, clock: clock);
        var funds = scenario.Funds;
        var requests = new List<long>();
        for (var i = 0; i < 6; i++)
        {
            requests.Add((await scenario.FileAsync(50_000m + i)).Id);
        }
        // Before the rules are set, a night's approval is not flagged.
        clock.Now = TuesdayNight.AddDays(-7);
        await funds.ApproveAsync(ApproverFinance, requests[5], "ok");
        await new FlagService(scenario.Ledger.Writer).SetRulesAsync(Admin, FlagRules.Default);

        clock.Now = NationalDay;
        var holiday = await funds.ApproveAsync(ApproverFinance, requests[0], "ok");
        clock.Now = TuesdayMorning;
        await funds.ApproveAsync(ApproverFinance, requests[1], "ok");
        await funds.ConfirmDisbursementAsync(Bank, new ConfirmDisbursement(requests[1], "DAY-1", 50_001m, "Huaxi cooperative"));
        clock.Now = TuesdayNight;
        var night = await funds.ApproveAsync(ApproverFinance, requests[2], "ok");
        clock.Now = MakeUpSaturday;
        await funds.ApproveAsync(ApproverFinance, requests[3], "ok");
        clock.Now = Saturday;
        var weekend = await funds.ApproveAsync(ApproverFinance, requests[4], "ok");
        var payment = await funds.ConfirmDisbursementAsync(Bank, new ConfirmDisbursement(requests[2], "SAT-1", 50_002m, "Huaxi cooperative"));

        var flags = await FlagsAsync(scenario);
        Assert.Equal([holiday.LedgerIndex, night.LedgerIndex, weekend.LedgerIndex, payment.LedgerIndex], flags.Select(f => f.LedgerIndex));
        Assert.Equal([requests[0], requests[2], requests[4], requests[2]], flags.Select(f => f.RequestId));
        Assert.All(flags, f => Assert.Equal(1, f.RuleVersion));
        Assert.All(flags, f => Assert.Equal(f.LedgerIndex.ToString(System.Globalization.CultureInfo.InvariantCulture), f.LedgerIndexes));
        Assert.Equal($"Request {requests[0]} was approved at 2024-10-02 10:00 (Asia/Shanghai), on a public holiday (National Day).", flags[0].Detail);
        Assert.Equal("国庆节", AnomalyFacts.FromJson(flags[0].Facts)!.HolidayZh);
        Assert.Equal($"Request {requests[2]} was approved at 2024-10-08 22:40 (Asia/Shanghai), outside working hours (08:30–18:00).", flags[1].Detail);
        Assert.Equal($"Request {requests[4]} was approved at 2024-10-19 10:00 (Asia/Shanghai), on a weekend.", flags[2].Detail);
        Assert.Equal($"Disbursement {payment.DisbursementId} paid CNY 50,002.00 on request {requests[2]} at 2024-10-19 10:00 (Asia/Shanghai), on a weekend.", flags[3].Detail);
        Assert.Equal(payment.DisbursementId, flags[3].DisbursementId);

        var rebuild = await scenario.Ledger.ReadModels.RunAsync();
        Assert.True(rebuild.Ok, string.Join("\n", rebuild.Differences));
    }

    [Fact]
    public async Task A_new_working_day_applies_from_the_entry_that_sets_it()
    {
        var clock = new TestClock(TuesdayMorning);
        await using var scenario = await CreateAsync(clock: clock);
        var rules = new FlagService(scenario.Ledger.Writer);
        await rules.SetRulesAsync(Admin, FlagRules.Default);
        var first = await scenario.FileAsync(40_000m);
        var second = await scenario.FileAsync(41_000m);

        clock.Now = TuesdayNight;
        await scenario.Funds.ApproveAsync(ApproverFinance, first.Id, "ok");
        // The offices now work until 23:00 (a budget deadline): the same hour is no longer off hours.
        await rules.SetRulesAsync(Admin, FlagRules.Default with { WorkdayEnd = "23:00" });
        await scenario.Funds.ApproveAsync(ApproverFinance, second.Id, "ok");

        var flag = Assert.Single(await FlagsAsync(scenario));
        Assert.Equal((first.Id, 1), (flag.RequestId, flag.RuleVersion));
    }

    [Fact]
    public void The_calendar_holds_each_notice_since_the_fund_began()
    {
        var calendar = WorkCalendar.China;
        Assert.Equal(Enumerable.Range(2017, 10), calendar.Years);
        // A holiday on a weekday, a make-up working Sunday, and the Spring Festival of 2020, extended to 2 February.
        Assert.False(calendar.IsWorkingDay(new DateOnly(2024, 10, 2)));
        Assert.True(calendar.IsWorkingDay(new DateOnly(2024, 2, 4)));
        Assert.False(calendar.IsWorkingDay(new DateOnly(2020, 1, 31)));
        Assert.Equal("Spring Festival", calendar.HolidayOn(new DateOnly(2026, 2, 17))!.Name);
        Assert.True(calendar.IsWorkingDay(new DateOnly(2026, 2, 28)));
        Assert.Equal(new DateOnly(2024, 9, 30), calendar.WorkingDayOnOrBefore(new DateOnly(2024, 10, 7)));
    }

    private static async Task<List<AnomalyRecord>> FlagsAsync(FundScenario scenario)
    {
        await using var db = scenario.Ledger.Store.CreateContext();
        return await db.Set<AnomalyRecord>().AsNoTracking().Where(a => a.Kind == AnomalyKinds.OffHoursDecision)
            .OrderBy(a => a.LedgerIndex).ToListAsync(TestContext.Current.CancellationToken);
    }
}
