using Portal.Ledger.Chain;
using Portal.Ledger.Funds;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Infrastructure.FundScenario;

namespace Portal.Tests.Ledger.Funds;

public sealed class AnomalyTests
{
    [Fact]
    public async Task A_payment_entry_that_bypassed_the_rules_is_flagged()
    {
        await using var scenario = await CreateAsync();
        var filed = await scenario.FileAsync(5_000m);
        // Written straight to the ledger, as a compromised integration might: the rules never saw it.
        await scenario.Ledger.Writer.AppendAsync(new EntryDraft(FundEvents.DisbursementConfirmed, Bank.Id,
            FundEvents.Serialize(new DisbursementConfirmed(1, filed.Id, "ROGUE-1", 5_000m, "somebody"))));
        var anomalies = await Service(scenario).DetectAsync(DateTimeOffset.UtcNow);
        var flag = Assert.Single(anomalies, a => a.Kind == AnomalyKinds.PaymentWithoutApproval);
        Assert.Equal(filed.Id, flag.RequestId);
        Assert.True((await scenario.Ledger.ReadModels.RunAsync()).Ok);
    }

    [Fact]
    public async Task The_same_payee_and_amount_twice_within_a_week_is_flagged()
    {
        await using var scenario = await CreateAsync();
        var first = await scenario.ApprovedRequestAsync(8_000m);
        var second = await scenario.ApprovedRequestAsync(8_000m);
        await scenario.Funds.ConfirmDisbursementAsync(Bank, new ConfirmDisbursement(first, "D-1", 8_000m, "Huaxi cooperative"));
        await scenario.Funds.ConfirmDisbursementAsync(Bank, new ConfirmDisbursement(second, "D-2", 8_000m, "Huaxi cooperative"));
        var third = await scenario.ApprovedRequestAsync(8_000m);
        await scenario.Funds.ConfirmDisbursementAsync(Bank, new ConfirmDisbursement(third, "D-3", 7_999m, "Huaxi cooperative"));
        var duplicates = (await Service(scenario).DetectAsync(DateTimeOffset.UtcNow)).Where(a => a.Kind == AnomalyKinds.DuplicatePayment).ToList();
        Assert.Equal(second, Assert.Single(duplicates).RequestId);
    }

    [Fact]
    public async Task Missing_usage_and_idle_approvals_are_flagged_once_their_time_has_passed()
    {
        await using var scenario = await CreateAsync();
        var paid = await scenario.ApprovedRequestAsync(9_000m);
        await scenario.Funds.ConfirmDisbursementAsync(Bank, new ConfirmDisbursement(paid, "U-1", 9_000m, null));
        var reported = await scenario.ApprovedRequestAsync(9_000m);
        await scenario.Funds.ConfirmDisbursementAsync(Bank, new ConfirmDisbursement(reported, "U-2", 9_000m, null));
        await scenario.Funds.ReportUsageAsync(Official, new ReportUsage(reported, 9_000m, "works", null));
        var idle = await scenario.ApprovedRequestAsync(9_000m);

        var now = await Service(scenario).DetectAsync(DateTimeOffset.UtcNow);
        Assert.DoesNotContain(now, a => a.Kind is AnomalyKinds.UsageMissing or AnomalyKinds.FundsIdle);

        var later = await Service(scenario).DetectAsync(DateTimeOffset.UtcNow.AddDays(50));
        Assert.Equal(paid, Assert.Single(later, a => a.Kind == AnomalyKinds.UsageMissing).RequestId);
        Assert.Equal(idle, Assert.Single(later, a => a.Kind == AnomalyKinds.FundsIdle).RequestId);
    }

    [Fact]
    public async Task Approvals_concentrated_in_one_approver_are_flagged()
    {
        await using var scenario = await CreateAsync();
        for (var i = 0; i < 20; i++)
        {
            await scenario.ApprovedRequestAsync(1_000m);
        }
        var flag = Assert.Single(await Service(scenario).DetectAsync(DateTimeOffset.UtcNow), a => a.Kind == AnomalyKinds.ApprovalConcentration);
        Assert.Contains(ApproverFinance.Id, flag.Detail, StringComparison.Ordinal);
    }

    private static AnomalyService Service(FundScenario scenario) => new(scenario.Ledger.Store);
}
