using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Portal.Ledger.Funds;
using Portal.Ledger.Storage;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Ledger.Storage;

/// <summary>
/// A database written before requests kept their steps and approvals as rows: the migration turns the delimited
/// columns ("3,5,9,12" and "id@department;id@department!") into rows and typed columns, losing nothing.
/// </summary>
public sealed class RequestStepsMigrationTests
{
    public static TheoryData<DatabaseProvider> Providers => [DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Index_lists_become_steps_and_sign_offs_stay_uncounted(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var store = new LedgerStore(database.Options);
        await using (var db = store.CreateContext())
        {
            var migrator = db.GetService<IMigrator>();
            await migrator.MigrateAsync(db.Database.GetMigrations().Single(m => m.EndsWith("_DailyReleasedAnomalyFacts", StringComparison.Ordinal)), TestContext.Current.CancellationToken);
            var (yes, no) = provider == DatabaseProvider.Sqlite ? ("1", "0") : ("TRUE", "FALSE");
            await db.Database.ExecuteSqlRawAsync(Request(1, "Approved", "3,5,9,12", "u-approver@gy-fin;u-supervisor@gz-audit!", yes), TestContext.Current.CancellationToken);
            await db.Database.ExecuteSqlRawAsync(Request(2, "Rejected", "4,6", "", no), TestContext.Current.CancellationToken);
            await db.Database.ExecuteSqlRawAsync(Decision(1, "u-approver", "gy-fin", "Approver", yes, 5), TestContext.Current.CancellationToken);
            await db.Database.ExecuteSqlRawAsync(Decision(1, "u-supervisor", "gz-audit", "Supervisor", yes, 9), TestContext.Current.CancellationToken);
            await db.Database.ExecuteSqlRawAsync(Decision(2, "u-approver", "gy-fin", "Approver", no, 6), TestContext.Current.CancellationToken);
        }

        await store.MigrateAsync(TestContext.Current.CancellationToken);

        await using var migrated = store.CreateContext();
        var steps = (await migrated.Set<RequestStepRecord>().ToListAsync(TestContext.Current.CancellationToken))
            .OrderBy(s => s.RequestId).ThenBy(s => s.LedgerIndex).Select(s => (s.RequestId, s.LedgerIndex));
        Assert.Equal([(1L, 3L), (1, 5), (1, 9), (1, 12), (2, 4), (2, 6)], steps);
        var requests = await migrated.Set<RequestRecord>().OrderBy(r => r.Id).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal([(1L, 3L, 12L, 1), (2, 4, 6, 0)], requests.Select(r => (r.Id, r.FiledLedgerIndex, r.LastLedgerIndex, r.ApprovalsCounted)));
        var decisions = await migrated.Set<DecisionRecord>().OrderBy(d => d.LedgerIndex).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal([("u-approver", true), ("u-approver", false), ("u-supervisor", false)], decisions.Select(d => (d.ApproverId, d.CountsAsApproval)));
    }

    private static string Request(long id, string state, string indexes, string approvals, string signedOff) =>
        "INSERT INTO \"Requests\" (\"Id\", \"FundId\", \"ProgramCode\", \"RegionCode\", \"DepartmentCode\", \"RequesterId\", \"Amount\", \"Purpose\", " +
        "\"Beneficiaries\", \"State\", \"FiledAtMs\", \"Approvals\", \"SupervisorSignedOff\", \"Disbursed\", \"Used\", \"Returned\", \"LedgerIndexes\") " +
        $"VALUES ({id}, 1, 'industry', '520102', 'gy-agri', 'u-official', 100000, 'Greenhouses', 120, '{state}', 0, '{approvals}', {signedOff}, 0, 0, 0, '{indexes}')";

    private static string Decision(long request, string approver, string department, string role, string approved, long index) =>
        "INSERT INTO \"Decisions\" (\"RequestId\", \"ApproverId\", \"Department\", \"Role\", \"Approved\", \"PolicyVersion\", \"AtMs\", \"LedgerIndex\") " +
        $"VALUES ({request}, '{approver}', '{department}', '{role}', {approved}, 1, 0, {index})";
}
