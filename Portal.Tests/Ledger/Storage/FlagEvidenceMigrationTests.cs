using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Portal.Ledger.Funds;
using Portal.Ledger.Storage;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Ledger.Storage;

/// <summary>
/// Flags stored before they carried their evidence: the migration gives each the region and department of its request,
/// the requests and ledger entries it rests on, and every request the mask of the kinds flagged against it (the risk
/// score), as the projector now records them.
/// </summary>
public sealed class FlagEvidenceMigrationTests
{
    public static TheoryData<DatabaseProvider> Providers => [DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Old_flags_get_their_evidence_and_requests_their_kinds(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(provider);
        var store = new LedgerStore(database.Options);
        await using (var db = store.CreateContext())
        {
            await db.GetService<IMigrator>().MigrateAsync(db.Database.GetMigrations().Single(m => m.EndsWith("_CancelAndRefile", StringComparison.Ordinal)), ct);
            var no = provider == DatabaseProvider.Sqlite ? "0" : "FALSE";
            foreach (var sql in new[]
            {
                RedFlagRulesMigrationTests.Request(1, "Approved", no), RedFlagRulesMigrationTests.Request(2, "Pending", no),
                RedFlagRulesMigrationTests.Request(3, "Approved", no), RedFlagRulesMigrationTests.Request(4, "Approved", no),
                RedFlagRulesMigrationTests.Disbursement(7, 1, 30), RedFlagRulesMigrationTests.Disbursement(8, 3, 31), RedFlagRulesMigrationTests.Disbursement(9, 2, 32),
                Flag(31, "duplicate-payment", 3, 8, "'{\"amount\":8000,\"currency\":\"CNY\",\"earlierDisbursementId\":7}'", "NULL"),
                Flag(32, "payment-without-approval", 2, 9, "'{\"amount\":8000,\"currency\":\"CNY\",\"requestState\":\"pending\"}'", "NULL"),
                Flag(40, "threshold-splitting", 4, null, "'{\"amount\":8000,\"currency\":\"CNY\"}'", "'1,4'"),
            })
            {
                await db.Database.ExecuteSqlRawAsync(sql.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal), ct);
            }
        }

        await store.MigrateAsync(ct);

        await using var migrated = store.CreateContext();
        var flags = await migrated.Set<AnomalyRecord>().OrderBy(a => a.LedgerIndex).ToListAsync(ct);
        Assert.Equal(
            [("520102", "gy-agri", "1,3", "30,31"), ("520102", "gy-agri", null, "2,32"), ("520102", "gy-agri", "1,4", null)],
            flags.Select(f => (f.RegionCode, f.DepartmentCode, f.RequestIds, f.LedgerIndexes)));
        var kinds = await migrated.Set<RequestRecord>().OrderBy(r => r.Id).Select(r => r.FlagKinds).ToListAsync(ct);
        var duplicate = RiskScore.Bit(AnomalyKinds.DuplicatePayment);
        var unapproved = RiskScore.Bit(AnomalyKinds.PaymentWithoutApproval);
        var split = RiskScore.Bit(AnomalyKinds.ThresholdSplitting);
        Assert.Equal([duplicate | split, unapproved, duplicate, split], kinds);
    }

    private static string Flag(long index, string kind, long request, long? disbursement, string facts, string requestIds) =>
        "INSERT INTO \"Anomalies\" (\"LedgerIndex\", \"Kind\", \"FundId\", \"RequestId\", \"DisbursementId\", \"DetectedAtMs\", \"Detail\", \"Facts\", \"RequestIds\") " +
        $"VALUES ({index}, '{kind}', 1, {request}, {(disbursement is { } d ? d : "NULL")}, {index}, 'flag', {facts}, {requestIds})";
}
