using Microsoft.Data.Sqlite;

namespace Portal.Tests.Infrastructure;

/// <summary>
/// The seeded demo, generated once per test run by a real portal and copied for each class's own portal: seeding
/// the history from 2017 to today takes seconds, and twenty classes each start one. A copy is the same ledger
/// (database, signing key, published keys and payee key secret); each portal still starts on its own and prints fresh demo passwords.
/// </summary>
public static class SeededTemplate
{
    private static readonly Lazy<Task<string>> Template = new(CreateAsync);
    private static readonly SemaphoreSlim Copying = new(1, 1);

    /// <summary>The settings of a seeded SQLite portal in <paramref name="directory"/>, with the seeded demo copied there.</summary>
    public static async Task<Dictionary<string, string>> EnvironmentAsync(string directory)
    {
        var environment = PortalServer.SqliteEnvironment(directory, seedDemo: true);
        await CopyToAsync(environment);
        return environment;
    }

    /// <summary>
    /// The settings of a seeded portal on <paramref name="storage"/>: a SQLite file gets a copy of the seeded demo; a
    /// server database is seeded by the portal at its first start (the template is a SQLite file).
    /// </summary>
    public static async Task<Dictionary<string, string>> EnvironmentForAsync(Portal.Ledger.Storage.StorageOptions storage, string directory)
    {
        var environment = PortalServer.EnvironmentFor(storage, directory, seedDemo: true);
        if (storage.Provider == Portal.Ledger.Storage.DatabaseProvider.Sqlite)
        {
            await CopyToAsync(environment);
        }
        return environment;
    }

    /// <summary>Puts a copy of the seeded demo where <see cref="PortalServer.SqliteEnvironment"/> looks for it.</summary>
    public static async Task CopyToAsync(IReadOnlyDictionary<string, string> environment)
    {
        var template = await Template.Value;
        var source = PortalServer.SqliteEnvironment(template, seedDemo: true);
        foreach (var setting in new[] { "Ledger__Origin", "Demo__Requests" })
        {
            // The copy is the template's ledger: signed under its origin, seeded to its size.
            if (environment[setting] != source[setting])
            {
                throw new InvalidOperationException($"{setting} is '{environment[setting]}', the seeded template's is '{source[setting]}': seed this portal itself.");
            }
        }
        await Copying.WaitAsync();
        try
        {
            await StoredLedger.CopySqliteAsync(source["ConnectionStrings__Portal"] + ";Mode=ReadOnly", environment["ConnectionStrings__Portal"]);
        }
        finally
        {
            Copying.Release();
        }
        var keyDirectory = Path.GetDirectoryName(environment["Ledger__SigningKeyPath"])!;
        File.Copy(source["Ledger__SigningKeyPath"], environment["Ledger__SigningKeyPath"]);
        File.Copy(Path.Combine(template, "ledger-public-keys.txt"), Path.Combine(keyDirectory, "ledger-public-keys.txt"));
        // The individual payees' keys were made with the template's secret: later payments must be compared with them.
        File.Copy(Path.Combine(template, "payee-key.secret"), Path.Combine(keyDirectory, "payee-key.secret"));
    }

    private static async Task<string> CreateAsync()
    {
        // Kept for the whole run (and left to the OS's temp cleaning): every class copies from it.
        var directory = Path.Combine(Path.GetTempPath(), "portal-tests", "seeded-template-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var environment = PortalServer.SqliteEnvironment(directory, seedDemo: true);
        await using (await PortalServer.StartAsync(environment))
        {
        }
        // One file, no write-ahead log: copies read it without recovering a log another copy is reading.
        await using var connection = new SqliteConnection(environment["ConnectionStrings__Portal"] + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;";
        await command.ExecuteNonQueryAsync();
        return directory;
    }
}
