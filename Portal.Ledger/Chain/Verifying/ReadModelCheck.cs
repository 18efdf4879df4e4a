using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Portal.Ledger.Chain.Writing;
using Portal.Ledger.Storage;

namespace Portal.Ledger.Chain.Verifying;

/// <summary>One row that differs between the stored read models and those rebuilt from the ledger.</summary>
public sealed record ReadModelDifference(string Table, string Key, string Problem);

public sealed record ReadModelCheckResult(long EntriesReplayed, int TablesChecked, long RowsChecked, IReadOnlyList<ReadModelDifference> Differences)
{
    public bool Ok => Differences.Count == 0;
}

/// <summary>
/// Rebuilds every read model from the ledger alone, by replaying all entries through the projectors into a scratch
/// SQLite database, and compares the result with the stored read models row by row. What a projector reads beside
/// the ledger (the individual payees' keys, never their names) it copies first (<see cref="IReadModelProjector.PrepareReplayAsync"/>).
/// </summary>
public sealed class ReadModelCheck(LedgerStore store, IReadOnlyList<IReadModelProjector> projectors)
{
    private const int ReplayBatch = 2_000;
    private const int MaxReported = 50;

    public async Task<ReadModelCheckResult> RunAsync(CancellationToken cancellationToken = default)
    {
        var directory = Path.Combine(Path.GetTempPath(), "portal-rebuild", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var scratch = new LedgerStore(new StorageOptions(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(directory, "rebuilt.db")};Pooling=False"));
            await scratch.MigrateAsync(cancellationToken);
            long treeSize;
            await using (var stored = store.CreateContext())
            {
                treeSize = await stored.Blocks.AsNoTracking().OrderByDescending(b => b.Height).Select(b => b.TreeSize).FirstOrDefaultAsync(cancellationToken);
            }
            await PrepareAsync(scratch, cancellationToken);
            await ReplayAsync(scratch, treeSize, cancellationToken);
            return await CompareAsync(scratch, treeSize, cancellationToken);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Gives the scratch database what the projectors read beside the ledger (the payee keys).</summary>
    private async Task PrepareAsync(LedgerStore scratch, CancellationToken cancellationToken)
    {
        await using var stored = store.CreateContext();
        await using var rebuilt = scratch.CreateContext();
        foreach (var projector in projectors)
        {
            await projector.PrepareReplayAsync(stored, rebuilt, cancellationToken);
        }
    }

    private async Task ReplayAsync(LedgerStore scratch, long treeSize, CancellationToken cancellationToken)
    {
        await using var rebuilt = scratch.CreateContext();
        rebuilt.ChangeTracker.AutoDetectChangesEnabled = true;
        for (long from = 0; from < treeSize; from += ReplayBatch)
        {
            List<EntryRecord> entries;
            await using (var stored = store.CreateContext())
            {
                var to = Math.Min(from + ReplayBatch, treeSize);
                entries = await stored.Entries.AsNoTracking().Where(e => e.Index >= from && e.Index < to).OrderBy(e => e.Index).ToListAsync(cancellationToken);
            }
            foreach (var entry in entries)
            {
                foreach (var projector in projectors)
                {
                    await projector.ApplyAsync(rebuilt, LedgerEntry.From(entry), cancellationToken);
                }
            }
            await rebuilt.SaveChangesAsync(cancellationToken);
            rebuilt.ChangeTracker.Clear();
        }
    }

    private async Task<ReadModelCheckResult> CompareAsync(LedgerStore scratch, long treeSize, CancellationToken cancellationToken)
    {
        var differences = new List<ReadModelDifference>();
        long rows = 0;
        var tables = 0;
        await using var rebuilt = scratch.CreateContext();
        await using var stored = store.CreateContext();
        foreach (var entityType in rebuilt.Model.GetEntityTypes().Where(t => LedgerTables.IsReadModel(t.GetTableName()!)).OrderBy(t => t.GetTableName(), StringComparer.Ordinal))
        {
            tables++;
            var expected = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            await foreach (var row in Rows(rebuilt, entityType).WithCancellation(cancellationToken))
            {
                expected[Key(entityType, row)] = RowHash(entityType, row);
            }
            await foreach (var row in Rows(stored, entityType).WithCancellation(cancellationToken))
            {
                rows++;
                var key = Key(entityType, row);
                if (!expected.Remove(key, out var hash))
                {
                    Report(differences, new ReadModelDifference(entityType.GetTableName()!, key, "stored, but no entry of the ledger produces it"));
                }
                else if (!hash.AsSpan().SequenceEqual(RowHash(entityType, row)))
                {
                    Report(differences, new ReadModelDifference(entityType.GetTableName()!, key, $"differs from the rebuild: stored {Describe(entityType, row)}"));
                }
            }
            foreach (var missing in expected.Keys.Order(StringComparer.Ordinal))
            {
                Report(differences, new ReadModelDifference(entityType.GetTableName()!, missing, "missing: the ledger produces it, but it is not stored"));
            }
        }
        return new ReadModelCheckResult(treeSize, tables, rows, differences);
    }

    private static void Report(List<ReadModelDifference> differences, ReadModelDifference difference)
    {
        if (differences.Count < MaxReported)
        {
            differences.Add(difference);
        }
    }

    private static IAsyncEnumerable<object> Rows(LedgerDbContext db, IEntityType entityType)
    {
        var set = (IQueryable<object>)typeof(DbContext).GetMethod(nameof(DbContext.Set), Type.EmptyTypes)!
            .MakeGenericMethod(entityType.ClrType).Invoke(db, null)!;
        return set.AsNoTracking().AsAsyncEnumerable();
    }

    private static string Key(IEntityType entityType, object row) =>
        string.Join("/", entityType.FindPrimaryKey()!.Properties.Select(p => Format(p.GetGetter().GetClrValue(row))));

    /// <summary>A key part as the check reports it, so that a reported key can be matched to a row.</summary>
    public static string FormatKeyPart(object? value) => Format(value);

    private static byte[] RowHash(IEntityType entityType, object row) => SHA256.HashData(Encoding.UTF8.GetBytes(Describe(entityType, row)));

    private static string Describe(IEntityType entityType, object row) =>
        string.Join(", ", entityType.GetProperties().Select(p => $"{p.Name}={Format(p.GetGetter().GetClrValue(row))}"));

    private static string Format(object? value) => value switch
    {
        null => "null",
        decimal d => d.ToString("0.############################", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
