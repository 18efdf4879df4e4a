using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Portal.Ledger.Funds;
using Portal.Ledger.Storage;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Ledger.Storage;

/// <summary>
/// A database written before the red-flag rules: the migration records each decided request's first approval as the
/// projector now does, and withdraws the duplicate-payment flags that were instalments of one request, keeping those
/// across two requests, so the read models still equal their rebuild from the ledger.
/// </summary>
public sealed class RedFlagRulesMigrationTests
{
    public static TheoryData<DatabaseProvider> Providers => [DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task First_approvals_are_filled_and_instalment_flags_withdrawn(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(provider);
        var store = new LedgerStore(database.Options);
        await using (var db = store.CreateContext())
        {
            await db.GetService<IMigrator>().MigrateAsync(db.Database.GetMigrations().Single(m => m.EndsWith("_Feedback", StringComparison.Ordinal)), ct);
            var (yes, no) = provider == DatabaseProvider.Sqlite ? ("1", "0") : ("TRUE", "FALSE");
            foreach (var sql in new[]
            {
                Request(1, "Approved", yes), Request(2, "Approved", no), Request(3, "Pending", no),
                Decision(1, "u-approver", yes, 5, 5_000), Decision(1, "u-province", yes, 9, 9_000), Decision(2, "u-approver", no, 6, 6_000),
                Decision(2, "u-province", yes, 8, 8_000),
                Disbursement(1, 1, 20), Disbursement(2, 1, 21), Disbursement(3, 2, 22),
                Anomaly(21, 1, 2, 1), Anomaly(22, 2, 3, 1),
            })
            {
                // No parameters: the braces of the JSON are text, not placeholders.
                await db.Database.ExecuteSqlRawAsync(sql.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal), ct);
            }
        }

        await store.MigrateAsync(ct);

        await using var migrated = store.CreateContext();
        var requests = await migrated.Set<RequestRecord>().OrderBy(r => r.Id).ToListAsync(ct);
        Assert.Equal([(1L, 5_000L, 5L), (2, 8_000, 8), (3, null, null)],
            requests.Select(r => (r.Id, r.FirstApprovedAtMs, r.FirstApprovedIndex)).Select(x => (x.Id, (long?)x.FirstApprovedAtMs, (long?)x.FirstApprovedIndex)));
        var flags = await migrated.Set<AnomalyRecord>().ToListAsync(ct);
        Assert.Equal(3, Assert.Single(flags).DisbursementId);
    }

    internal static string Request(long id, string state, string signedOff) =>
        "INSERT INTO \"Requests\" (\"Id\", \"FundId\", \"ProgramCode\", \"RegionCode\", \"DepartmentCode\", \"RequesterId\", \"Amount\", \"Purpose\", " +
        "\"Beneficiaries\", \"State\", \"FiledAtMs\", \"ApprovalsCounted\", \"SupervisorSignedOff\", \"Disbursed\", \"Used\", \"Returned\", \"FiledLedgerIndex\", \"LastLedgerIndex\") " +
        $"VALUES ({id}, 1, 'industry', '520102', 'gy-agri', 'u-official', 0, 'Greenhouses', 120, '{state}', 0, 0, {signedOff}, 0, 0, 0, {id}, {id})";

    private static string Decision(long request, string approver, string approved, long index, long at) =>
        "INSERT INTO \"Decisions\" (\"RequestId\", \"ApproverId\", \"Department\", \"Role\", \"Approved\", \"CountsAsApproval\", \"PolicyVersion\", \"AtMs\", \"LedgerIndex\") " +
        $"VALUES ({request}, '{approver}', 'gy-fin', 'Approver', {approved}, {approved}, 1, {at}, {index})";

    internal static string Disbursement(long id, long request, long index) =>
        "INSERT INTO \"Disbursements\" (\"Id\", \"RequestId\", \"FundId\", \"RegionCode\", \"ProvinceCode\", \"PrefectureCode\", \"CountyCode\", \"ProgramCode\", " +
        "\"DepartmentCode\", \"Amount\", \"Currency\", \"BankReference\", \"Payee\", \"PaidAtMs\", \"LedgerIndex\") " +
        $"VALUES ({id}, {request}, 1, '520102', '52', '5201', '520102', 'industry', 'gy-agri', 0, 'CNY', 'REF-{id}', 'Huaxi Builders', {index}, {index})";

    private static string Anomaly(long index, long request, long disbursement, long earlier) =>
        "INSERT INTO \"Anomalies\" (\"LedgerIndex\", \"Kind\", \"FundId\", \"RequestId\", \"DisbursementId\", \"DetectedAtMs\", \"Detail\", \"Facts\") " +
        $"VALUES ({index}, 'duplicate-payment', 1, {request}, {disbursement}, {index}, 'Payee received the same again', " +
        $"'{{\"amount\":8000,\"currency\":\"CNY\",\"days\":7,\"payee\":\"Huaxi Builders\",\"earlierDisbursementId\":{earlier}}}')";
}
