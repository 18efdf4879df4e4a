using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Portal.Ledger.Funds;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Infrastructure.FundScenario;

namespace Portal.Tests.Ledger.Privacy;

/// <summary>A database recorded before payees had keys is upgraded: its repeated-payment rows are re-derived by key.</summary>
public sealed class PayeeRekeyTests
{
    [Fact]
    public async Task Upgrading_a_database_that_kept_payees_by_name_keys_them_as_the_ledger_would()
    {
        await using var scenario = await CreateAsync();
        foreach (var (reference, payee) in new[] { ("K-1", "Huaxi cooperative"), ("K-2", "Nanming road company"), ("K-3", "huaxi  Cooperative") })
        {
            var request = await scenario.ApprovedRequestAsync(4_000m);
            await scenario.Funds.ConfirmDisbursementAsync(Bank, new ConfirmDisbursement(request, reference, 4_000m, payee));
        }
        await using (var db = scenario.Ledger.Store.CreateContext())
        {
            // Back to the schema before keys, with the rows as it kept them: one per exact name and amount.
            await db.Database.ExecuteSqlRawAsync("DELETE FROM \"PayeeAmounts\";");
            await db.GetService<IMigrator>().MigrateAsync("RequestsByRegion");
            await db.Database.ExecuteSqlRawAsync("""
                DELETE FROM "PayeeAmounts";
                INSERT INTO "PayeeAmounts" ("Payee", "Amount", "LastPaidAtMs", "LastDisbursementId")
                SELECT "Payee", "Amount", max("PaidAtMs"), max("Id") FROM "Disbursements" GROUP BY "Payee", "Amount";
                """);
        }
        SqliteConnection.ClearAllPools();

        await scenario.Ledger.Store.MigrateAsync();

        await using (var db = scenario.Ledger.Store.CreateContext())
        {
            var rows = await db.Set<PayeeAmountRecord>().AsNoTracking().ToListAsync();
            // The two spellings of the cooperative are one payee now, as the projector keys them.
            Assert.Equal(2, rows.Count);
            Assert.All(rows, r => Assert.StartsWith("o:", r.PayeeKey, StringComparison.Ordinal));
        }
        // Every read model agrees with the ledger but those the red-flag rules keep from before their migrations, which
        // start empty and learn the past from `rebuild-projections` (docs/red-flags.md).
        var check = await scenario.Ledger.ReadModels.RunAsync();
        Assert.All(check.Differences, d => Assert.Contains(d.Table, LearnedByRebuild));
    }

    private static readonly string[] LearnedByRebuild = ["CostDistributions", "SignOffCounts", "ApproverPairs", "EvidenceUses", "ExactUsages"];
}
