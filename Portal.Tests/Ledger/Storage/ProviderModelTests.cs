using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Portal.Ledger.Storage;

namespace Portal.Tests.Ledger.Storage;

/// <summary>
/// SQL Server cannot run here, so its side is checked as far as possible without a server: the model builds,
/// its migrations are current, and the migration script generates. The other providers too.
/// </summary>
public sealed class ProviderModelTests
{
    public static TheoryData<DatabaseProvider, string> Providers => new()
    {
        { DatabaseProvider.Sqlite, "Data Source=unused.db" },
        { DatabaseProvider.PostgreSql, "Host=localhost;Database=unused" },
        { DatabaseProvider.SqlServer, "Server=localhost;Database=unused;TrustServerCertificate=True" },
    };

    [Theory]
    [MemberData(nameof(Providers))]
    public void Migrations_match_the_model(DatabaseProvider provider, string connectionString)
    {
        using var db = new LedgerStore(new StorageOptions(provider, connectionString)).CreateContext();
        Assert.False(db.Database.HasPendingModelChanges(), $"The {provider} migrations are behind the model: add a migration.");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Migration_script_generates_with_the_ledger_tables(DatabaseProvider provider, string connectionString)
    {
        using var db = new LedgerStore(new StorageOptions(provider, connectionString)).CreateContext();
        var script = db.GetService<IMigrator>().GenerateScript();
        foreach (var table in new[] { LedgerTables.Entries, LedgerTables.Blocks, LedgerTables.MerkleNodes, LedgerTables.Checkpoints })
        {
            Assert.Contains(table, script, StringComparison.Ordinal);
        }
        Assert.NotEmpty(db.Database.GetMigrations());
    }

    [Fact]
    public void Sql_server_stores_payloads_as_unicode_text_and_hashes_as_fixed_binary()
    {
        using var db = new LedgerStore(new StorageOptions(DatabaseProvider.SqlServer, "Server=localhost;Database=unused")).CreateContext();
        var script = db.Database.GenerateCreateScript();
        Assert.Contains("[Payload] nvarchar(max) NOT NULL", script, StringComparison.Ordinal);
        Assert.Contains("[LeafHash] binary(32) NOT NULL", script, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_provider_names_are_refused() =>
        Assert.Throws<ArgumentException>(() => StorageOptions.ParseProvider("Oracle"));
}
