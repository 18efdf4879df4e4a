using Microsoft.EntityFrameworkCore.Design;

namespace Portal.Ledger.Storage;

// Used only by `dotnet ef migrations add`: each provider's migrations are generated from its own context.
// No database is contacted; the connection strings are placeholders.

internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteLedgerDbContext>
{
    public SqliteLedgerDbContext CreateDbContext(string[] args) =>
        (SqliteLedgerDbContext)new LedgerStore(new StorageOptions(DatabaseProvider.Sqlite, "Data Source=design.db")).CreateContext();
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresLedgerDbContext>
{
    public PostgresLedgerDbContext CreateDbContext(string[] args) =>
        (PostgresLedgerDbContext)new LedgerStore(new StorageOptions(DatabaseProvider.PostgreSql, "Host=localhost;Database=portal")).CreateContext();
}

internal sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerLedgerDbContext>
{
    public SqlServerLedgerDbContext CreateDbContext(string[] args) =>
        (SqlServerLedgerDbContext)new LedgerStore(new StorageOptions(DatabaseProvider.SqlServer, "Server=localhost;Database=portal;TrustServerCertificate=True")).CreateContext();
}
