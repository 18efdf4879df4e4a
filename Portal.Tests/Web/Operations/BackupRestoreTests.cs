using System.Diagnostics;
using System.Net;
using Npgsql;
using Portal.Ledger.Storage;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Web.Operations;

/// <summary>
/// Backups taken while the portal keeps writing, restored elsewhere: the restored database verifies, its read models
/// equal their rebuild, it extends a checkpoint saved before the backup, and a portal runs on it.
/// </summary>
public sealed class BackupRestoreTests
{
    [Fact]
    public async Task A_sqlite_online_backup_taken_under_writes_restores_to_a_ledger_that_verifies_and_extends_the_saved_checkpoint()
    {
        using var directory = new TempDirectory();
        var environment = await SeededTemplate.EnvironmentAsync(directory.Path);
        var backup = directory.File("backups/portal-backup.db");
        string saved;
        await using (var server = await PortalServer.StartAsync(environment))
        {
            saved = await server.Client.GetStringAsync("/api/ledger/checkpoint");
            await using var writes = await Writes.StartAsync(server);
            var result = await ChildProcess.RunAsync(SolutionPaths.WebDll, ["backup", "--to", backup], environment);
            Assert.True(result.ExitCode == 0, result.Output + result.Error);
            Assert.StartsWith("OK: backed up and verified", result.Output, StringComparison.Ordinal);
            Assert.True(await writes.StopAsync() > 0, "no writes ran during the backup");

            var again = await ChildProcess.RunAsync(SolutionPaths.WebDll, ["backup", "--to", backup], environment);
            Assert.Equal(2, again.ExitCode);
            Assert.Contains("never overwrites", again.Error, StringComparison.Ordinal);
        }

        // Restore: the database file and the signing key (kept separately) in a new place.
        using var restoredDirectory = new TempDirectory();
        // Demo mode only so the test can sign in: it seeds nothing into a database that has a ledger.
        var restored = PortalServer.SqliteEnvironment(restoredDirectory.Path, seedDemo: true);
        File.Copy(backup, restoredDirectory.File("portal.db"));
        File.Copy(environment["Ledger__SigningKeyPath"], restored["Ledger__SigningKeyPath"]);
        File.Copy(Path.Combine(directory.Path, "ledger-public-keys.txt"), restoredDirectory.File("ledger-public-keys.txt"));
        await AssertRestoredAsync(restored, saved, restoredDirectory.File("saved.checkpoint"));
    }

    [Fact]
    public async Task A_pg_dump_taken_under_writes_restores_to_a_ledger_that_verifies_and_extends_the_saved_checkpoint()
    {
        var bin = PostgresBinOrSkip();
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
        using var directory = new TempDirectory();
        var environment = PostgresEnvironment(database.Options, directory.Path);
        var dump = directory.File("portal.dump");
        var source = new NpgsqlConnectionStringBuilder(database.Options.ConnectionString);
        string saved;
        await using (var server = await PortalServer.StartAsync(environment))
        {
            saved = await server.Client.GetStringAsync("/api/ledger/checkpoint");
            await using var writes = await Writes.StartAsync(server);
            await RunAsync(Path.Combine(bin, "pg_dump"), ["--format=custom", "--no-owner", "-h", source.Host!, "-p", $"{source.Port}", "-U", source.Username!, "-d", source.Database!, "-f", dump]);
            Assert.True(await writes.StopAsync() > 0, "no writes ran during the dump");
        }

        await using var target = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
        var restoredTo = new NpgsqlConnectionStringBuilder(target.Options.ConnectionString);
        await RunAsync(Path.Combine(bin, "pg_restore"), ["--no-owner", "--exit-on-error", "-h", restoredTo.Host!, "-p", $"{restoredTo.Port}", "-U", restoredTo.Username!, "-d", restoredTo.Database!, dump]);
        var restored = PostgresEnvironment(target.Options, directory.Path);
        await AssertRestoredAsync(restored, saved, directory.File("saved.checkpoint"));
    }

    private static async Task AssertRestoredAsync(Dictionary<string, string> restored, string saved, string savedFile)
    {
        await File.WriteAllTextAsync(savedFile, saved);
        foreach (var command in new[] { new[] { "verify" }, ["verify", "--checkpoint", savedFile], ["rebuild-projections", "--check"] })
        {
            var result = await ChildProcess.RunAsync(SolutionPaths.WebDll, command, restored);
            Assert.True(result.ExitCode == 0, $"{string.Join(' ', command)}: {result.Output}{result.Error}");
        }
        // And the portal runs on it and keeps appending.
        await using var server = await PortalServer.StartAsync(restored);
        var savedSize = long.Parse(saved.Split('\n')[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(await server.TreeSizeAsync() > savedSize);
        using var official = await PortalClient.SignInAsync(server, "official");
        using var filed = await official.PostAsync("/api/requests", new { fundId = 1, program = "education", region = "520102", amount = 1_000m, purpose = "Filed after the restore", beneficiaries = 1 });
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
    }

    private static Dictionary<string, string> PostgresEnvironment(StorageOptions storage, string directory)
    {
        var environment = PortalServer.EnvironmentFor(storage, directory, seedDemo: true);
        environment["Demo__Requests"] = "40";
        return environment;
    }

    private static string PostgresBinOrSkip()
    {
        _ = TestDatabase.PostgresAdminConnectionString();
        var bin = Environment.GetEnvironmentVariable("PORTAL_PG_BIN");
        if (string.IsNullOrEmpty(bin) || !File.Exists(Path.Combine(bin, "pg_dump")))
        {
            throw new InvalidOperationException("PORTAL_PG_BIN does not name PostgreSQL's binaries: run the tests through scripts/test.sh.");
        }
        return bin;
    }

    private static async Task RunAsync(string program, string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{Path.GetFileName(program)} failed: {await error}");
    }

    /// <summary>An official filing requests one after another until stopped.</summary>
    private sealed class Writes : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly PortalClient _official;
        private readonly Task<int> _loop;

        private Writes(PortalClient official)
        {
            _official = official;
            _loop = Task.Run(LoopAsync);
        }

        public static async Task<Writes> StartAsync(PortalServer server)
        {
            var writes = new Writes(await PortalClient.SignInAsync(server, "official"));
            // At least one write before the backup starts, so the copy is taken while the ledger grows.
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (writes._count == 0)
            {
                if (writes._loop.IsCompleted || waited.Elapsed > TimeSpan.FromSeconds(30))
                {
                    await writes._loop;
                    throw new InvalidOperationException("No write succeeded before the backup.");
                }
                await Task.Delay(20);
            }
            return writes;
        }

        private int _count;

        private async Task<int> LoopAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                using var filed = await _official.PostAsync("/api/requests", new { fundId = 1, program = "education", region = "520102", amount = 2_000m, purpose = "Filed during a backup", beneficiaries = 1 });
                Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
                Interlocked.Increment(ref _count);
            }
            return _count;
        }

        public async Task<int> StopAsync()
        {
            await _stop.CancelAsync();
            return await _loop;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_loop.IsCompleted)
            {
                await StopAsync();
            }
            _official.Dispose();
            _stop.Dispose();
        }
    }
}
