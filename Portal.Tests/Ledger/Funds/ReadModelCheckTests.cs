using Portal.Tests.Infrastructure;
using static Portal.Tests.Infrastructure.FundScenario;

namespace Portal.Tests.Ledger.Funds;

public sealed class ReadModelCheckTests
{
    [Fact]
    public async Task A_changed_read_model_is_reported_with_its_table_and_key()
    {
        await using var scenario = await CreateAsync();
        var id = await scenario.ApprovedRequestAsync(10_000m);
        await scenario.Funds.ConfirmDisbursementAsync(Bank, new Portal.Ledger.Funds.ConfirmDisbursement(id, "P-1", 10_000m, null));
        var usage = await scenario.Funds.ReportUsageAsync(Official, new Portal.Ledger.Funds.ReportUsage(id, 2_000m, "tools", null));
        Assert.True((await scenario.Ledger.ReadModels.RunAsync()).Ok);

        // Amounts are stored in ten-thousandths: this adds 1.00 to the fund's disbursed total.
        await scenario.Ledger.ExecuteAsync("UPDATE \"Funds\" SET \"Disbursed\" = \"Disbursed\" + 10000");
        await scenario.Ledger.ExecuteAsync("DELETE FROM \"UsageReports\"");
        await scenario.Ledger.ExecuteAsync($"INSERT INTO \"Programs\" (\"Code\", \"Name\", \"NameEn\") VALUES ('ghost', 'ghost', 'ghost')");
        var result = await scenario.Ledger.ReadModels.RunAsync();
        Assert.False(result.Ok);
        Assert.Contains(result.Differences, d => d.Table == "Funds" && d.Key == scenario.FundId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains(result.Differences, d => d.Table == "Programs" && d.Key == "ghost");
        Assert.Contains(result.Differences, d => d.Table == "UsageReports" && d.Key == usage.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) && d.Problem.StartsWith("missing", StringComparison.Ordinal));
    }
}
