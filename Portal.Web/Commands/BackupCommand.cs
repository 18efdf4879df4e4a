using Microsoft.Data.Sqlite;
using Portal.Ledger;
using Portal.Ledger.Chain;
using Portal.Ledger.Chain.Checkpoints;
using Portal.Ledger.Chain.Verifying;
using Portal.Ledger.Storage;

namespace Portal.Web.Commands;

/// <summary>
/// `backup --to FILE`: an online backup of a SQLite database while the portal runs (SQLite's backup API copies one
/// consistent snapshot), verified before it is given its name, so a file under that name is always a whole,
/// intact ledger. PostgreSQL is backed up with pg_dump (docs/operations.md).
/// </summary>
public static class BackupCommand
{
    public static async Task<int> RunAsync(IServiceProvider services, string? target, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var storage = services.GetRequiredService<StorageOptions>();
        if (storage.Provider != DatabaseProvider.Sqlite)
        {
            await error.WriteLineAsync($"backup: the online backup is for SQLite; back up {storage.Provider} with its own tools (pg_dump for PostgreSQL, see docs/operations.md).");
            return CliCommand.Usage;
        }
        if (string.IsNullOrWhiteSpace(target))
        {
            await error.WriteLineAsync("backup: give --to FILE, a new file for the copy.");
            return CliCommand.Usage;
        }
        target = Path.GetFullPath(target);
        if (File.Exists(target))
        {
            await error.WriteLineAsync($"backup: '{target}' exists; a backup never overwrites a file.");
            return CliCommand.Usage;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var partial = $"{target}.{Guid.NewGuid():N}.partial";
        var copyConnection = new SqliteConnectionStringBuilder { DataSource = partial, Pooling = false }.ToString();
        try
        {
            await using (var source = new SqliteConnection(storage.ConnectionString))
            await using (var copy = new SqliteConnection(copyConnection))
            {
                await source.OpenAsync(cancellationToken);
                await copy.OpenAsync(cancellationToken);
                source.BackupDatabase(copy);
            }
            var options = services.GetRequiredService<LedgerOptions>();
            var verifier = new LedgerVerifier(new LedgerStore(new StorageOptions(DatabaseProvider.Sqlite, copyConnection)),
                services.GetRequiredService<PublishedKeys>().Verifiers(), options.Origin);
            var result = await verifier.VerifyAsync(cancellationToken: cancellationToken);
            if (!result.Ok)
            {
                await error.WriteLineAsync($"backup: FAILED: the copy does not verify at {result.Location}: {result.Message}");
                return CliCommand.Failed;
            }
            File.Move(partial, target);
            await output.WriteLineAsync($"OK: backed up and verified {result.TreeSize} entries in {result.BlocksChecked} blocks to {target}.");
            await output.WriteLineAsync($"Not in the database, keep copies of these too: the signing key {options.SigningKeyPath}, " +
                $"the published keys {options.PublicKeysFile} (every key ever used: needed to verify after a rotation), and the evidence documents.");
            return CliCommand.Ok;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(partial);
        }
    }
}
