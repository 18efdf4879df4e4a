using Npgsql;
using Portal.Ledger.Storage;

namespace Portal.Tests.Infrastructure;

/// <summary>
/// A fresh, real database for one test: a SQLite file in a temp folder, or a new database on the PostgreSQL
/// server the test script started (PORTAL_TEST_POSTGRES). Without that server the PostgreSQL tests are skipped
/// locally and fail in CI, where the script always provides it.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "PORTAL_TEST_POSTGRES";

    private readonly TempDirectory _directory = new();
    private readonly string? _postgresAdmin;
    private readonly string? _postgresName;

    private TestDatabase(StorageOptions options, string? postgresAdmin = null, string? postgresName = null)
    {
        Options = options;
        _postgresAdmin = postgresAdmin;
        _postgresName = postgresName;
    }

    public StorageOptions Options { get; private set; }

    public string Directory => _directory.Path;

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider)
    {
        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                var db = new TestDatabase(null!);
                db.Options = new StorageOptions(DatabaseProvider.Sqlite, $"Data Source={db._directory.File("ledger.db")}");
                return db;
            case DatabaseProvider.PostgreSql:
                var admin = PostgresAdminConnectionString();
                var name = $"portal_test_{Guid.NewGuid():N}";
                await using (var connection = new NpgsqlConnection(admin))
                {
                    await connection.OpenAsync();
                    await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
                    await create.ExecuteNonQueryAsync();
                }
                var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
                return new TestDatabase(new StorageOptions(DatabaseProvider.PostgreSql, builder.ToString()), admin, name);
            default:
                throw new ArgumentOutOfRangeException(nameof(provider), "SQL Server cannot run on this machine.");
        }
    }

    /// <summary>Skips the calling test when no PostgreSQL server was provided (never in CI).</summary>
    public static string PostgresAdminConnectionString()
    {
        var value = Environment.GetEnvironmentVariable(PostgresVariable);
        if (!string.IsNullOrWhiteSpace(value))
        {
            return value;
        }
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"{PostgresVariable} is not set: run the tests through scripts/test.sh, which starts PostgreSQL.");
        }
        Assert.Skip($"{PostgresVariable} is not set; scripts/test.sh starts a PostgreSQL server for these tests.");
        return null!;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_postgresAdmin is not null)
        {
            await using var connection = new NpgsqlConnection(_postgresAdmin);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_postgresName}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}
