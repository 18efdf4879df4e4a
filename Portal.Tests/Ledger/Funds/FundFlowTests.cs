using Portal.Ledger.Funds;
using Portal.Ledger.Storage;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Infrastructure.FundScenario;

namespace Portal.Tests.Ledger.Funds;

/// <summary>Money followed from demand to usage, every step an entry, read models in step with the ledger.</summary>
public sealed class FundFlowTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task A_request_goes_from_demand_to_usage_and_the_read_models_follow(DatabaseProvider provider)
    {
        await using var scenario = await CreateAsync(provider: provider);
        var filed = await scenario.FileAsync(80_000m);
        var request = await scenario.RequestAsync(filed.Id);
        Assert.Equal(RequestState.Pending, request.State);
        Assert.Equal(Official.Id, request.RequesterId);

        var approval = await scenario.Funds.ApproveAsync(ApproverFinance, filed.Id, "Within the programme's plan");
        Assert.True(approval.Final);
        var paid = await scenario.Funds.ConfirmDisbursementAsync(Bank, new ConfirmDisbursement(filed.Id, "ICBC-2017-0517-001", 50_000m, "Huaxi cooperative"));
        var paidAgain = await scenario.Funds.ConfirmDisbursementAsync(Bank, new ConfirmDisbursement(filed.Id, "ICBC-2017-0517-002", 30_000m, "Huaxi cooperative"));
        var usage = await scenario.Funds.ReportUsageAsync(Official, new ReportUsage(filed.Id, 60_000m, "greenhouse construction", new string('a', 64)));
        var returned = await scenario.Funds.ReturnFundsAsync(Official, new ReturnFunds(filed.Id, 20_000m, "Project finished under budget"));

        request = await scenario.RequestAsync(filed.Id);
        Assert.Equal(RequestState.Approved, request.State);
        Assert.Equal((80_000m, 80_000m, 60_000m, 20_000m), (request.Amount, request.Disbursed, request.Used, request.Returned));
        Assert.Equal(1, request.DecidedPolicyVersion);
        var indexes = await scenario.StepsAsync(filed.Id);
        Assert.Equal(returned.LedgerIndex, request.LastLedgerIndex);
        // Every step of the request, payments included, each naming the one before it.
        long[] steps = [filed.LedgerIndex, approval.LedgerIndex, paid.LedgerIndex, paidAgain.LedgerIndex, usage.LedgerIndex, returned.LedgerIndex];
        Assert.Equal(steps, indexes);
        foreach (var (previous, step) in steps.Zip(steps.Skip(1)))
        {
            var payload = System.Text.Json.JsonDocument.Parse((await scenario.Ledger.Reader.GetEntryAsync(step))!.Payload).RootElement;
            Assert.Equal(previous, payload.GetProperty("previousIndex").GetInt64());
        }

        var fund = await scenario.FundAsync();
        Assert.Equal(80_000m, fund.Requested);
        Assert.Equal(60_000m, fund.Approved); // the return released 20,000 back to the budget
        Assert.Equal(80_000m, fund.Disbursed);
        Assert.Equal(60_000m, fund.Used);
        Assert.Equal(20_000m, fund.Returned);

        Assert.True((await scenario.Ledger.Verifier.VerifyAsync()).Ok);
        var rebuild = await scenario.Ledger.ReadModels.RunAsync();
        Assert.True(rebuild.Ok, string.Join("\n", rebuild.Differences));
    }

    [Fact]
    public async Task Amounts_keep_the_currency_precision_exactly()
    {
        await using var scenario = await CreateAsync();
        var id = await scenario.ApprovedRequestAsync(0.03m);
        await scenario.Funds.ConfirmDisbursementAsync(Bank, new ConfirmDisbursement(id, "R-1", 0.01m, null));
        await scenario.Funds.ConfirmDisbursementAsync(Bank, new ConfirmDisbursement(id, "R-2", 0.02m, null));
        Assert.Equal(0.03m, (await scenario.RequestAsync(id)).Disbursed);
        var entry = await scenario.Ledger.Reader.GetEntryAsync(await scenario.TreeSizeAsync() - 1);
        Assert.Contains("\"amount\":0.02", entry!.Payload, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0.001")]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("1000000000000.01")]
    public async Task Invalid_amounts_are_refused(string amount)
    {
        await using var scenario = await CreateAsync();
        await scenario.RefusedAsync(FundErrors.InvalidAmount, () => scenario.FileAsync(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task Unknown_fund_region_or_program_is_refused()
    {
        await using var scenario = await CreateAsync();
        await scenario.RefusedAsync(FundErrors.NotFound, () => scenario.Funds.FileRequestAsync(Official, new FileRequest(999, "industry", "520102", 10m, "x", 1, null)));
        await scenario.RefusedAsync(FundErrors.NotFound, () => scenario.FileAsync(10m, region: "999999"));
        await scenario.RefusedAsync(FundErrors.NotFound, () => scenario.Funds.FileRequestAsync(Official, new FileRequest(scenario.FundId, "space", "520102", 10m, "x", 1, null)));
    }

    [Fact]
    public async Task Free_text_is_bounded_and_evidence_must_be_a_sha256()
    {
        await using var scenario = await CreateAsync();
        await scenario.RefusedAsync(FundErrors.InvalidArgument, () => scenario.Funds.FileRequestAsync(Official, new FileRequest(scenario.FundId, "industry", "520102", 10m, "", 1, null)));
        await scenario.RefusedAsync(FundErrors.InvalidArgument, () => scenario.Funds.FileRequestAsync(Official, new FileRequest(scenario.FundId, "industry", "520102", 10m, new string('x', 2001), 1, null)));
        await scenario.RefusedAsync(FundErrors.InvalidArgument, () => scenario.Funds.FileRequestAsync(Official, new FileRequest(scenario.FundId, "industry", "520102", 10m, "ok", 1, "not-a-hash")));
        await scenario.RefusedAsync(FundErrors.InvalidArgument, () => scenario.Funds.FileRequestAsync(Official, new FileRequest(scenario.FundId, "industry", "520102", 10m, "ok", -1, null)));
    }

    [Fact]
    public async Task Markup_in_free_text_is_recorded_as_text()
    {
        await using var scenario = await CreateAsync();
        const string purpose = "<script>alert('x')</script> & \"quotes\"";
        var filed = await scenario.Funds.FileRequestAsync(Official, new FileRequest(scenario.FundId, "industry", "520102", 10m, purpose, 1, null));
        Assert.Equal(purpose, (await scenario.RequestAsync(filed.Id)).Purpose);
    }
}
