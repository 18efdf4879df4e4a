using Portal.Ledger.Funds;
using Portal.Ledger.Storage;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Infrastructure.FundScenario;

namespace Portal.Tests.Ledger.Funds;

/// <summary>
/// payee-concentration through the real commands on a real database: a program and county where one payee takes most
/// of the amount paid in the window are flagged as of now, with that payee's payments; many payees, too few payments
/// or a window that has passed flag nothing; the flag is reviewed like any other.
/// </summary>
public sealed class PayeeConcentrationTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 2, 0, 0, TimeSpan.Zero);

    public static TheoryData<DatabaseProvider> Providers => [DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task One_payee_taking_most_of_a_programs_payments_is_flagged_as_of_now(DatabaseProvider provider)
    {
        var clock = new TestClock(Start);
        await using var scenario = await CreateAsync(provider: provider, clock: clock);
        await new FlagService(scenario.Ledger.Writer).SetRulesAsync(Admin, FlagRules.Default);
        var service = new AnomalyService(scenario.Ledger.Store);
        var hengda = new List<long>();
        for (var i = 0; i < 9; i++)
        {
            var payee = i < 6 ? "Hengda Construction" : $"Village works team {i}";
            var paid = await PayAsync(scenario, 50_000m + i, payee);
            if (i < 6)
            {
                hengda.Add(paid);
            }
        }
        // Nine payments: too few to judge.
        Assert.Empty(await FlagsAsync(service, clock.Now));

        hengda.Add(await PayAsync(scenario, 50_009m, "Hengda Construction"));
        var flags = await FlagsAsync(service, clock.Now);
        Assert.Equal(["county", "program"], flags.Select(f => f.Facts!.Scope).Order());
        var program = flags.Single(f => f.Facts!.Scope == "program");
        Assert.Equal((0.52m, 70.0m, 10, 4), (program.Facts!.Hhi, program.Facts.Share, program.Facts.Count, program.Facts.Total));
        Assert.Equal(hengda, program.DisbursementIds);
        Assert.Equal(1, program.RuleVersion);
        Assert.Equal("Payee 'Hengda Construction' received 70 % of the CNY 500,045.00 paid in 10 payments to 4 payees of program industry in the last 90 days (Herfindahl-Hirschman index 0.52).", program.Detail);
        Assert.Equal(20, program.Score);

        // Reviewed like any flag, by its id.
        var id = FlagKey.Of(program).ToString();
        await new AnomalyReviewService(scenario.Ledger.Writer).ReviewAsync(Supervisor, id, ReviewOutcomes.Referred, "One contractor for the whole program.");
        Assert.Equal(ReviewOutcomes.Referred, (await FlagsAsync(service, clock.Now)).Single(f => f.Facts!.Scope == "program").Review!.Outcome);

        // A region filter keeps the county's flag; 91 days on, the window has passed.
        Assert.Equal(["county"], (await FlagsAsync(service, clock.Now, new AnomalyFilter(Region: "5201"))).Select(f => f.Facts!.Scope));
        Assert.Empty(await FlagsAsync(service, clock.Now.AddDays(91)));
    }

    [Fact]
    public async Task Many_payees_sharing_a_program_or_one_large_grant_are_not_flagged()
    {
        var clock = new TestClock(Start);
        await using var scenario = await CreateAsync(clock: clock);
        await new FlagService(scenario.Ledger.Writer).SetRulesAsync(Admin, FlagRules.Default);
        for (var i = 0; i < 12; i++)
        {
            await PayAsync(scenario, 50_000m + i, $"Village works team {i % 6}");
        }
        // One large grant to one payee dwarfs the rest: concentrated by amount, but one award is not a pattern.
        var large = await scenario.FileAsync(4_000_000m);
        await scenario.Funds.ApproveAsync(ApproverAgri, large.Id, "ok");
        await scenario.Funds.ApproveAsync(ApproverFinance, large.Id, "ok");
        await scenario.Funds.ConfirmDisbursementAsync(Bank, new ConfirmDisbursement(large.Id, "BIG-1", 2_000_000m, "Provincial builders"));
        await scenario.Funds.ConfirmDisbursementAsync(Bank, new ConfirmDisbursement(large.Id, "BIG-2", 2_000_000m, "Provincial builders"));
        Assert.Empty(await FlagsAsync(new AnomalyService(scenario.Ledger.Store), clock.Now));
    }

    private static async Task<long> PayAsync(FundScenario scenario, decimal amount, string payee)
    {
        var request = await scenario.ApprovedRequestAsync(amount);
        return (await scenario.Funds.ConfirmDisbursementAsync(Bank, new ConfirmDisbursement(request, $"P-{request}", amount, payee))).DisbursementId;
    }

    private static async Task<List<Anomaly>> FlagsAsync(AnomalyService service, DateTimeOffset now, AnomalyFilter? filter = null) =>
        [.. (await service.QueryAsync((filter ?? new AnomalyFilter()) with { Kind = AnomalyKinds.PayeeConcentration }, null, 50, now, TestContext.Current.CancellationToken)).Items];
}
