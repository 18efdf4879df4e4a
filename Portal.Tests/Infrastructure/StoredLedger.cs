using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Portal.Ledger.Chain;
using Portal.Ledger.Chain.Checkpoints;
using Portal.Ledger.Chain.Merkle;
using Portal.Ledger.Chain.Verifying;
using Portal.Ledger.Funds;
using Portal.Ledger.Storage;

namespace Portal.Tests.Infrastructure;

/// <summary>A portal's database checked as an auditor's tools check it: with the keys it published, under its origin.</summary>
public static class StoredLedger
{
    /// <summary>Deletes a block and everything after it (checkpoints, nodes, entries, blocks), as a rollback by hand would.</summary>
    public static async Task RollBackAsync(LedgerStore store, long height, long firstIndex)
    {
        await using var db = store.CreateContext();
        await db.Database.ExecuteSqlAsync($"DELETE FROM \"Checkpoints\" WHERE \"TreeSize\" > {firstIndex}");
        await db.Database.ExecuteSqlAsync($"DELETE FROM \"MerkleNodes\" WHERE \"Id\" >= {NodeRef.InteriorNodesBefore(firstIndex)}");
        await db.Database.ExecuteSqlAsync($"DELETE FROM \"LedgerEntries\" WHERE \"Index\" >= {firstIndex}");
        await db.Database.ExecuteSqlAsync($"DELETE FROM \"LedgerBlocks\" WHERE \"Height\" >= {height}");
    }

    /// <summary>Runs SQL on a portal's SQLite database behind its back, as its operator can; returns the rows it changed.</summary>
    public static async Task<int> WriteBehindAsync(IReadOnlyDictionary<string, string> environment, string sql)
    {
        await using var connection = new SqliteConnection(environment["ConnectionStrings__Portal"]);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>Copies one SQLite database into another as it is now (an online backup: consistent while it is written).</summary>
    public static async Task CopySqliteAsync(string fromConnectionString, string toConnectionString)
    {
        await using var from = new SqliteConnection(fromConnectionString + ";Pooling=false");
        await using var to = new SqliteConnection(toConnectionString + ";Pooling=false");
        await from.OpenAsync();
        await to.OpenAsync();
        from.BackupDatabase(to);
    }

    /// <summary>Asserts the ledger verifies and its read models equal their rebuild from it.</summary>
    public static async Task AssertIntactAsync(StorageOptions storage, IReadOnlyDictionary<string, string> environment, string context)
    {
        var store = new LedgerStore(storage);
        var keys = new PublishedKeys(new LedgerOptions { SigningKeyPath = environment["Ledger__SigningKeyPath"] }.PublicKeysFile).Verifiers();
        var verification = await new LedgerVerifier(store, keys, environment["Ledger__Origin"]).VerifyAsync();
        Assert.True(verification.Ok, $"{context}: {verification.Location}: {verification.Message}");
        var readModels = await new ReadModelCheck(store, [new FundProjector()]).RunAsync();
        Assert.True(readModels.Ok, $"{context}: " + string.Join("; ", readModels.Differences.Select(d => $"{d.Table} [{d.Key}] {d.Problem}")));
    }
}
