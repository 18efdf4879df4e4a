using Microsoft.EntityFrameworkCore;

namespace Portal.Ledger.Storage;

/// <summary>
/// Work on rows that a schema migration cannot do in SQL alike on every provider (hashing, say), run once, right
/// after the migration it follows, on a database that had rows before it. Found in this assembly as EF Core finds
/// migrations, so storage does not depend on the areas that own the rows.
/// </summary>
public interface IDataMigration
{
    /// <summary>The name of the schema migration this follows (its id without the timestamp).</summary>
    string After { get; }

    Task RunAsync(LedgerDbContext db, CancellationToken cancellationToken);
}

internal static class DataMigrations
{
    private static readonly IReadOnlyList<IDataMigration> All = [.. typeof(IDataMigration).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IDataMigration).IsAssignableFrom(t))
        .Select(t => (IDataMigration)Activator.CreateInstance(t, nonPublic: true)!)];

    /// <summary>The steps whose migration is pending on a database that already has migrations applied.</summary>
    public static async Task<IReadOnlyList<IDataMigration>> DueAsync(LedgerDbContext db, CancellationToken cancellationToken)
    {
        if (!await db.Database.CanConnectAsync(cancellationToken) || !(await db.Database.GetAppliedMigrationsAsync(cancellationToken)).Any())
        {
            return [];
        }
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Select(m => m[(m.IndexOf('_') + 1)..]).ToHashSet(StringComparer.Ordinal);
        return [.. All.Where(step => pending.Contains(step.After))];
    }
}
