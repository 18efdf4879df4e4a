using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Portal.Ledger.Storage;

public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
    SqlServer,
}

/// <summary>Which database the ledger lives in; chosen by configuration, the code paths are the same.</summary>
public sealed record StorageOptions(DatabaseProvider Provider, string ConnectionString)
{
    public static DatabaseProvider ParseProvider(string? name) => name?.Trim().ToUpperInvariant() switch
    {
        null or "" or "SQLITE" => DatabaseProvider.Sqlite,
        "POSTGRESQL" or "POSTGRES" or "NPGSQL" => DatabaseProvider.PostgreSql,
        "SQLSERVER" or "MSSQL" => DatabaseProvider.SqlServer,
        _ => throw new ArgumentException($"Unknown database provider '{name}'. Use Sqlite, PostgreSql or SqlServer.", nameof(name)),
    };
}

/// <summary>Creates contexts for the configured provider and knows that provider's write-path dialect.</summary>
public sealed class LedgerStore
{
    private readonly Func<LedgerDbContext> _create;

    public LedgerStore(StorageOptions options)
    {
        Options = options;
        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                var sqlite = new DbContextOptionsBuilder<SqliteLedgerDbContext>()
                    .UseSqlite(options.ConnectionString, o => o.MaxBatchSize(200))
                    .AddInterceptors(new SqlitePragmaInterceptor())
                    .Options;
                _create = () => new SqliteLedgerDbContext(sqlite);
                Dialect = new SqliteDialect();
                break;
            case DatabaseProvider.PostgreSql:
                var postgres = new DbContextOptionsBuilder<PostgresLedgerDbContext>()
                    .UseNpgsql(options.ConnectionString)
                    .Options;
                _create = () => new PostgresLedgerDbContext(postgres);
                Dialect = new PostgresDialect();
                break;
            case DatabaseProvider.SqlServer:
                var sqlServer = new DbContextOptionsBuilder<SqlServerLedgerDbContext>()
                    .UseSqlServer(options.ConnectionString)
                    .Options;
                _create = () => new SqlServerLedgerDbContext(sqlServer);
                Dialect = new SqlServerDialect();
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(options));
        }
    }

    public StorageOptions Options { get; }

    internal IStorageDialect Dialect { get; }

    public LedgerDbContext CreateContext() => _create();

    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        if (Options.Provider == DatabaseProvider.Sqlite)
        {
            EnsureSqliteDirectory(Options.ConnectionString);
        }
        await using var db = CreateContext();
        var dataSteps = await DataMigrations.DueAsync(db, cancellationToken);
        await db.Database.MigrateIfBehindAsync(cancellationToken);
        foreach (var step in dataSteps)
        {
            await step.RunAsync(db, cancellationToken);
        }
        if (Options.Provider == DatabaseProvider.Sqlite)
        {
            // WAL lets readers (pages, the API, verification) run while a block commits; it persists in the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }

    private static void EnsureSqliteDirectory(string connectionString)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        var directory = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(directory) && dataSource != ":memory:")
        {
            Directory.CreateDirectory(directory);
        }
    }
}

/// <summary>Per-connection SQLite settings: full fsync on commit, so an acknowledged block survives power loss.</summary>
internal sealed class SqlitePragmaInterceptor : Microsoft.EntityFrameworkCore.Diagnostics.DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData) =>
        Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    // secure_delete: an erased personal value is overwritten with zeros in its page rather than left in free space.
    private static void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000; PRAGMA secure_delete=FAST;";
        command.ExecuteNonQuery();
    }
}

public static class MigrationSteps
{
    /// <summary>
    /// Applies the migrations a database lacks, and does nothing to one already at the newest: MigrateAsync would
    /// still build the migrations' model snapshot and compare it with the code's model (ProviderModelTests makes that
    /// check once, in the tests), which costs every start about a second.
    /// </summary>
    public static async Task MigrateIfBehindAsync(this Microsoft.EntityFrameworkCore.Infrastructure.DatabaseFacade database, CancellationToken cancellationToken = default)
    {
        if (await database.CanConnectAsync(cancellationToken) && !(await database.GetPendingMigrationsAsync(cancellationToken)).Any())
        {
            return;
        }
        await database.MigrateAsync(cancellationToken);
    }
}
