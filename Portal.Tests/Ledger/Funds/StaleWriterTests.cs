using Portal.Ledger.Chain;
using Portal.Ledger.Chain.Writing;
using Portal.Ledger.Funds;
using Portal.Ledger.Storage;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Ledger.Funds;

/// <summary>Writers of other processes (here: other writers on the same database) never decide on stale rows.</summary>
public sealed class StaleWriterTests
{
    [Fact]
    public async Task A_writer_whose_commands_were_all_refused_still_sees_a_payment_made_elsewhere()
    {
        await using var scenario = await FundScenario.CreateAsync();
        var id = await scenario.ApprovedRequestAsync(90_000m);
        await using var other = new LedgerWriter(new LedgerStore(scenario.Ledger.Database.Options), scenario.Ledger.Signer, scenario.Ledger.Options, projectors: [new FundProjector()]);
        var otherFunds = new FundService(other, scenario.Ledger.PayeeKeys);
        // The other writer reads the request while refusing a command: it has appended nothing yet.
        await Assert.ThrowsAsync<FundRefusalException>(() => otherFunds.ApproveAsync(FundScenario.ApproverAgri, id, "late"));

        await scenario.Funds.ConfirmDisbursementAsync(FundScenario.Bank, new ConfirmDisbursement(id, "PAID-HERE", 90_000m, null));

        var refusal = await Assert.ThrowsAsync<FundRefusalException>(() =>
            otherFunds.ConfirmDisbursementAsync(FundScenario.Bank, new ConfirmDisbursement(id, "PAID-AGAIN", 90_000m, null)));
        Assert.Equal(FundErrors.OverApproved, refusal.Code);
        Assert.Equal(90_000m, (await scenario.RequestAsync(id)).Disbursed);
    }
}
