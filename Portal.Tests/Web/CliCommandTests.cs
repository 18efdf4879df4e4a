using Microsoft.Data.Sqlite;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Web;

/// <summary>`verify` and `checkpoint` run as operators run them: the portal executable against its database.</summary>
public sealed class CliCommandTests
{
    [Fact]
    public async Task Verify_passes_then_names_the_changed_entry()
    {
        using var directory = new TempDirectory();
        var environment = await SeedAsync(directory);

        var intact = await ChildProcess.RunAsync(SolutionPaths.WebDll, ["verify"], environment);
        Assert.True(intact.ExitCode == 0, intact.Output + intact.Error);
        Assert.StartsWith("OK:", intact.Output, StringComparison.Ordinal);

        await using (var connection = new SqliteConnection(environment["ConnectionStrings__Portal"]))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE \"LedgerEntries\" SET \"Actor\" = 'mallory' WHERE \"Index\" = 123";
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }
        SqliteConnection.ClearAllPools();

        var tampered = await ChildProcess.RunAsync(SolutionPaths.WebDll, ["verify"], environment);
        Assert.Equal(1, tampered.ExitCode);
        Assert.Contains("index 123", tampered.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Checkpoint_prints_a_note_that_verify_accepts_later()
    {
        using var directory = new TempDirectory();
        var environment = await SeedAsync(directory);
        var checkpoint = await ChildProcess.RunAsync(SolutionPaths.WebDll, ["checkpoint"], environment);
        Assert.Equal(0, checkpoint.ExitCode);
        Assert.StartsWith("test.portal.example/ledger\n", checkpoint.Output, StringComparison.Ordinal);
        var size = checkpoint.Output.Split('\n')[1];
        var saved = directory.File("saved.checkpoint");
        await File.WriteAllTextAsync(saved, checkpoint.Output);

        var result = await ChildProcess.RunAsync(SolutionPaths.WebDll, ["verify", "--checkpoint", saved], environment);
        Assert.True(result.ExitCode == 0, result.Output + result.Error);

        await File.WriteAllTextAsync(saved, checkpoint.Output.Replace($"\n{size}\n", $"\n{long.Parse(size, System.Globalization.CultureInfo.InvariantCulture) - 1}\n", StringComparison.Ordinal));
        var forged = await ChildProcess.RunAsync(SolutionPaths.WebDll, ["verify", "--checkpoint", saved], environment);
        Assert.Equal(1, forged.ExitCode);
    }

    [Fact]
    public async Task Rebuild_check_passes_on_the_demo_then_reports_a_changed_read_model()
    {
        using var directory = new TempDirectory();
        var environment = await SeedAsync(directory);
        var intact = await ChildProcess.RunAsync(SolutionPaths.WebDll, ["rebuild-projections", "--check"], environment);
        Assert.True(intact.ExitCode == 0, intact.Output + intact.Error);
        Assert.StartsWith("OK:", intact.Output, StringComparison.Ordinal);

        await using (var connection = new SqliteConnection(environment["ConnectionStrings__Portal"]))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE \"Requests\" SET \"Amount\" = \"Amount\" * 2 WHERE \"Id\" = 7";
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }
        SqliteConnection.ClearAllPools();
        var changed = await ChildProcess.RunAsync(SolutionPaths.WebDll, ["rebuild-projections", "--check"], environment);
        Assert.Equal(1, changed.ExitCode);
        Assert.Contains("Requests [7]", changed.Error, StringComparison.Ordinal);

        var usage = await ChildProcess.RunAsync(SolutionPaths.WebDll, ["rebuild-projections"], environment);
        Assert.Equal(2, usage.ExitCode);
    }

    [Fact]
    public async Task Checkpoint_on_an_empty_ledger_fails_clearly()
    {
        using var directory = new TempDirectory();
        var result = await ChildProcess.RunAsync(SolutionPaths.WebDll, ["checkpoint"], PortalServer.SqliteEnvironment(directory.Path, seedDemo: false));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("empty", result.Error, StringComparison.Ordinal);
    }

    /// <summary>Starts the portal once so it migrates and seeds the demo ledger, then stops it.</summary>
    private static async Task<Dictionary<string, string>> SeedAsync(TempDirectory directory)
    {
        var environment = await SeededTemplate.EnvironmentAsync(directory.Path);
        await using (var server = await PortalServer.StartAsync(environment))
        {
            Assert.StartsWith("test.portal.example/ledger\n", await server.Client.GetStringAsync("/api/ledger/checkpoint"), StringComparison.Ordinal);
        }
        return environment;
    }
}
