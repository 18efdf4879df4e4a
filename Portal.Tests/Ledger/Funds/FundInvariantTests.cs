using Portal.Ledger.Funds;
using Portal.Ledger.Storage;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Infrastructure.FundScenario;
using Portal.Ledger.Chain.Writing;

namespace Portal.Tests.Ledger.Funds;

/// <summary>Approved ≤ budget, paid ≤ approved, used ≤ paid, returned ≤ unused; one payment per bank reference.</summary>
public sealed class FundInvariantTests
{
    [Fact]
    public async Task Approvals_never_exceed_the_budget()
    {
        await using var scenario = await CreateAsync(budget: 150_000m);
        await scenario.ApprovedRequestAsync(100_000m);
        var second = await scenario.FileAsync(60_000m);
        await scenario.RefusedAsync(FundErrors.OverBudget, () => scenario.Funds.ApproveAsync(ApproverFinance, second.Id, null));
        Assert.Equal(RequestState.Pending, (await scenario.RequestAsync(second.Id)).State);
        Assert.Equal(100_000m, (await scenario.FundAsync()).Approved);
        // Exactly the remainder still fits.
        await scenario.ApprovedRequestAsync(50_000m);
        Assert.Equal(150_000m, (await scenario.FundAsync()).Approved);
    }

    [Fact]
    public async Task Payments_never_exceed_the_approval()
    {
        await using var scenario = await CreateAsync();
        var id = await scenario.ApprovedRequestAsync(10_000m);
        await scenario.Funds.ConfirmDisbursementAsync(Bank, new ConfirmDisbursement(id, "P-1", 7_500m, null));
        await scenario.RefusedAsync(FundErrors.OverApproved, () => scenario.Funds.ConfirmDisbursementAsync(Bank, new ConfirmDisbursement(id, "P-2", 2_500.01m, null)));
        await scenario.Funds.ConfirmDisbursementAsync(Bank, new ConfirmDisbursement(id, "P-3", 2_500m, null));
        Assert.Equal(10_000m, (await scenario.RequestAsync(id)).Disbursed);
    }

    [Fact]
    public async Task A_pending_request_cannot_be_paid()
    {
        await using var scenario = await CreateAsync();
        var filed = await scenario.FileAsync(10_000m);
        await scenario.RefusedAsync(FundErrors.InvalidState, () => scenario.Funds.ConfirmDisbursementAsync(Bank, new ConfirmDisbursement(filed.Id, "P-1", 1m, null)));
    }

    [Fact]
    public async Task The_same_bank_reference_is_recorded_once_and_answered_with_the_first_receipt()
    {
        await using var scenario = await CreateAsync();
        var id = await scenario.ApprovedRequestAsync(10_000m);
        var first = await scenario.Funds.ConfirmDisbursementAsync(Bank, new ConfirmDisbursement(id, "ICBC-42", 4_000m, "Co-op"));
        var size = await scenario.TreeSizeAsync();
        var again = await scenario.Funds.ConfirmDisbursementAsync(Bank, new ConfirmDisbursement(id, "ICBC-42", 4_000m, "Co-op"));
        Assert.Equal(size, await scenario.TreeSizeAsync());
        Assert.True(again.Replayed);
        Assert.Equal(first with { Replayed = true }, again);
        Assert.Equal(4_000m, (await scenario.RequestAsync(id)).Disbursed);
        await scenario.RefusedAsync(FundErrors.DuplicateReference, () => scenario.Funds.ConfirmDisbursementAsync(Bank, new ConfirmDisbursement(id, "ICBC-42", 4_000.5m, "Co-op")));
    }

    [Fact]
    public async Task Only_the_bank_confirms_payments()
    {
        await using var scenario = await CreateAsync();
        var id = await scenario.ApprovedRequestAsync(10_000m);
        await scenario.RefusedAsync(FundErrors.Forbidden, () => scenario.Funds.ConfirmDisbursementAsync(Official, new ConfirmDisbursement(id, "P-1", 1m, null)));
        await scenario.RefusedAsync(FundErrors.InvalidArgument, () => scenario.Funds.ConfirmDisbursementAsync(Bank, new ConfirmDisbursement(id, "'; DROP TABLE x;--", 1m, null)));
    }

    [Fact]
    public async Task Usage_never_exceeds_what_was_paid_and_only_the_receiving_department_reports_it()
    {
        await using var scenario = await CreateAsync();
        var id = await scenario.ApprovedRequestAsync(10_000m);
        await scenario.RefusedAsync(FundErrors.OverDisbursed, () => scenario.Funds.ReportUsageAsync(Official, new ReportUsage(id, 1m, "seeds", null)));
        await scenario.Funds.ConfirmDisbursementAsync(Bank, new ConfirmDisbursement(id, "P-1", 6_000m, null));
        await scenario.Funds.ReportUsageAsync(Official, new ReportUsage(id, 5_000m, "seeds", null));
        await scenario.RefusedAsync(FundErrors.OverDisbursed, () => scenario.Funds.ReportUsageAsync(Official, new ReportUsage(id, 1_000.01m, "seeds", null)));
        await scenario.RefusedAsync(FundErrors.Forbidden, () => scenario.Funds.ReportUsageAsync(OtherOfficial, new ReportUsage(id, 1m, "seeds", null)));
    }

    [Fact]
    public async Task Returns_free_budget_but_never_exceed_the_unused_money()
    {
        await using var scenario = await CreateAsync(budget: 10_000m);
        var id = await scenario.ApprovedRequestAsync(10_000m);
        await scenario.Funds.ConfirmDisbursementAsync(Bank, new ConfirmDisbursement(id, "P-1", 10_000m, null));
        await scenario.Funds.ReportUsageAsync(Official, new ReportUsage(id, 7_000m, "roads", null));
        await scenario.RefusedAsync(FundErrors.OverReturnable, () => scenario.Funds.ReturnFundsAsync(Official, new ReturnFunds(id, 3_000.01m, null)));
        await scenario.Funds.ReturnFundsAsync(Official, new ReturnFunds(id, 3_000m, null));
        Assert.Equal(7_000m, (await scenario.FundAsync()).Approved);
        // The returned 3,000 can be approved again.
        await scenario.ApprovedRequestAsync(3_000m);
    }

    [Fact]
    public async Task Cancelling_an_unpaid_approval_releases_its_budget_and_a_paid_one_cannot_be_cancelled()
    {
        await using var scenario = await CreateAsync(budget: 20_000m);
        var unpaid = await scenario.ApprovedRequestAsync(10_000m);
        var paid = await scenario.ApprovedRequestAsync(10_000m);
        await scenario.Funds.ConfirmDisbursementAsync(Bank, new ConfirmDisbursement(paid, "P-1", 1m, null));
        await scenario.RefusedAsync(FundErrors.Forbidden, () => scenario.Funds.CancelAsync(OtherOfficial, unpaid, "not mine"));
        await scenario.Funds.CancelAsync(Official, unpaid, "Plans changed");
        Assert.Equal(10_000m, (await scenario.FundAsync()).Approved);
        Assert.Equal(RequestState.Cancelled, (await scenario.RequestAsync(unpaid)).State);
        await scenario.RefusedAsync(FundErrors.InvalidState, () => scenario.Funds.CancelAsync(Official, paid, "too late"));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Concurrent_payments_and_approvals_never_break_the_invariants(DatabaseProvider provider)
    {
        await using var scenario = await CreateAsync(budget: 250_000m, provider: provider);
        var requests = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            requests.Add((await scenario.FileAsync(90_000m)).Id);
        }
        // Five requests of 90,000 against 250,000: at most two can be approved, whatever the interleaving.
        var approvals = await Task.WhenAll(requests.Select(id => Attempt(() => scenario.Funds.ApproveAsync(ApproverFinance, id, null))));
        Assert.Equal(2, approvals.Count(ok => ok));
        var approved = new List<long>();
        foreach (var id in requests)
        {
            if ((await scenario.RequestAsync(id)).State == RequestState.Approved)
            {
                approved.Add(id);
            }
        }
        // Twenty concurrent payments of 10,000 on one 90,000 approval: exactly nine go through.
        var target = approved[0];
        var payments = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Attempt(() => scenario.Funds.ConfirmDisbursementAsync(Bank, new ConfirmDisbursement(target, $"P-{i}", 10_000m, null)))));
        Assert.Equal(9, payments.Count(ok => ok));
        Assert.Equal(90_000m, (await scenario.RequestAsync(target)).Disbursed);
        Assert.Equal(180_000m, (await scenario.FundAsync()).Approved);
        Assert.True((await scenario.Ledger.Verifier.VerifyAsync()).Ok);
        Assert.True((await scenario.Ledger.ReadModels.RunAsync()).Ok);
    }

    [Fact]
    public async Task A_writer_sees_what_another_writer_appended_before_deciding()
    {
        await using var scenario = await CreateAsync();
        var id = await scenario.ApprovedRequestAsync(10_000m);
        // A second writer, as another process or server would be, on the same database.
        await using var otherWriter = new LedgerWriter(scenario.Ledger.Store, scenario.Ledger.Signer, scenario.Ledger.Options, projectors: [new FundProjector()]);
        var other = new FundService(otherWriter, scenario.Ledger.PayeeKeys);
        await other.ConfirmDisbursementAsync(Bank, new ConfirmDisbursement(id, "OTHER-1", 6_000m, null));
        // The first writer has the request in memory from its own blocks; it must not pay from that stale copy.
        await scenario.RefusedAsync(FundErrors.OverApproved, () => scenario.Funds.ConfirmDisbursementAsync(Bank, new ConfirmDisbursement(id, "FIRST-1", 5_000m, null)));
        await scenario.Funds.ConfirmDisbursementAsync(Bank, new ConfirmDisbursement(id, "FIRST-2", 4_000m, null));
        Assert.Equal(10_000m, (await scenario.RequestAsync(id)).Disbursed);
        Assert.True((await scenario.Ledger.ReadModels.RunAsync()).Ok);
        Assert.True((await scenario.Ledger.Verifier.VerifyAsync()).Ok);
    }

    private static async Task<bool> Attempt(Func<Task> command)
    {
        try
        {
            await command();
            return true;
        }
        catch (FundRefusalException)
        {
            return false;
        }
    }
}
