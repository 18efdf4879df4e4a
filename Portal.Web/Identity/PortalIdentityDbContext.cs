using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Portal.Ledger.Storage;

namespace Portal.Web.Identity;

/// <summary>
/// Users, roles and API clients, in the same database as the ledger with a migration history of their own. One
/// model; a derived context per provider only to keep each provider's migrations apart.
/// </summary>
public abstract class PortalIdentityDbContext(DbContextOptions options) : IdentityDbContext<PortalUser>(options)
{
    public const string HistoryTable = "__IdentityMigrationsHistory";

    public DbSet<ApiClient> ApiClients => Set<ApiClient>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<PortalUser>(u =>
        {
            u.Property(x => x.DisplayName).HasMaxLength(200);
            u.Property(x => x.Department).HasMaxLength(64);
            u.Property(x => x.ActorId).HasMaxLength(256);
            u.HasIndex(x => x.ActorId).IsUnique();
        });
        builder.Entity<ApiClient>(c =>
        {
            c.ToTable("ApiClients");
            c.HasKey(x => x.Id);
            c.Property(x => x.Name).HasMaxLength(200);
            c.Property(x => x.ActorId).HasMaxLength(256);
            c.Property(x => x.Role).HasMaxLength(32);
            c.Property(x => x.KeyHash).HasMaxLength(32).IsFixedLength();
            c.HasIndex(x => x.KeyHash).IsUnique();
            // SQLite cannot order or compare DateTimeOffset: keep it as Unix milliseconds everywhere.
            c.Property(x => x.CreatedAt).HasConversion(v => v.ToUnixTimeMilliseconds(), v => DateTimeOffset.FromUnixTimeMilliseconds(v));
        });
    }

    public static void Configure(DbContextOptionsBuilder options, StorageOptions storage)
    {
        switch (storage.Provider)
        {
            case DatabaseProvider.Sqlite:
                options.UseSqlite(storage.ConnectionString, o => o.MigrationsHistoryTable(HistoryTable));
                break;
            case DatabaseProvider.PostgreSql:
                options.UseNpgsql(storage.ConnectionString, o => o.MigrationsHistoryTable(HistoryTable));
                break;
            case DatabaseProvider.SqlServer:
                options.UseSqlServer(storage.ConnectionString, o => o.MigrationsHistoryTable(HistoryTable));
                break;
        }
    }
}

public sealed class SqliteIdentityDbContext(DbContextOptions<SqliteIdentityDbContext> options) : PortalIdentityDbContext(options);

public sealed class PostgresIdentityDbContext(DbContextOptions<PostgresIdentityDbContext> options) : PortalIdentityDbContext(options);

public sealed class SqlServerIdentityDbContext(DbContextOptions<SqlServerIdentityDbContext> options) : PortalIdentityDbContext(options);

internal sealed class SqliteIdentityDesignTimeFactory : Microsoft.EntityFrameworkCore.Design.IDesignTimeDbContextFactory<SqliteIdentityDbContext>
{
    public SqliteIdentityDbContext CreateDbContext(string[] args) => new(Options<SqliteIdentityDbContext>(new(DatabaseProvider.Sqlite, "Data Source=design.db")));

    internal static DbContextOptions<T> Options<T>(StorageOptions storage)
        where T : DbContext
    {
        var builder = new DbContextOptionsBuilder<T>();
        PortalIdentityDbContext.Configure(builder, storage);
        return builder.Options;
    }
}

internal sealed class PostgresIdentityDesignTimeFactory : Microsoft.EntityFrameworkCore.Design.IDesignTimeDbContextFactory<PostgresIdentityDbContext>
{
    public PostgresIdentityDbContext CreateDbContext(string[] args) =>
        new(SqliteIdentityDesignTimeFactory.Options<PostgresIdentityDbContext>(new(DatabaseProvider.PostgreSql, "Host=localhost;Database=portal")));
}

internal sealed class SqlServerIdentityDesignTimeFactory : Microsoft.EntityFrameworkCore.Design.IDesignTimeDbContextFactory<SqlServerIdentityDbContext>
{
    public SqlServerIdentityDbContext CreateDbContext(string[] args) =>
        new(SqliteIdentityDesignTimeFactory.Options<SqlServerIdentityDbContext>(new(DatabaseProvider.SqlServer, "Server=localhost;Database=portal;TrustServerCertificate=True")));
}
