using System.Diagnostics;

namespace Portal.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL server of one test's own, which the test may stop and start again (the shared server of
/// scripts/postgres.sh serves every other test and must stay up). Made from the binaries that script found
/// (PORTAL_PG_BIN); run as the postgres user when the tests run as root, as PostgreSQL requires.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly string _bin;
    private readonly TempDirectory _directory;
    private readonly int _port;

    private PrivatePostgres(string bin, TempDirectory directory, int port)
    {
        _bin = bin;
        _directory = directory;
        _port = port;
    }

    public string ConnectionString => $"Host=127.0.0.1;Port={_port};Username=postgres;Database=postgres;Timeout=3;Command Timeout=10";

    private string Data => Path.Combine(_directory.Path, "data");

    /// <summary>A new server, started; skips the test where the script provided no PostgreSQL binaries (never in CI).</summary>
    public static async Task<PrivatePostgres> CreateAsync()
    {
        var bin = Environment.GetEnvironmentVariable("PORTAL_PG_BIN");
        if (string.IsNullOrWhiteSpace(bin))
        {
            // Skips outside the test script, fails in CI: both set the variables together.
            _ = TestDatabase.PostgresAdminConnectionString();
            throw new InvalidOperationException("PORTAL_PG_BIN is not set: source scripts/postgres.sh and call postgres_start.");
        }
        var directory = new TempDirectory();
        if (IsRoot)
        {
            await RunAsync("chown", ["postgres", directory.Path]);
        }
        var server = new PrivatePostgres(bin, directory, PortalServer.FreePort());
        await server.AsOwnerAsync("initdb", ["-D", server.Data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]);
        await server.StartAsync();
        return server;
    }

    public Task StartAsync() => AsOwnerAsync("pg_ctl", ["-D", Data, "-l", Path.Combine(_directory.Path, "server.log"), "-w", "-t", "60",
        "-o", $"-p {_port} -k {_directory.Path} -c listen_addresses=127.0.0.1", "start"]);

    /// <summary>Stops the server as an operator would (fast: connections are closed, nothing is lost).</summary>
    public Task StopAsync() => AsOwnerAsync("pg_ctl", ["-D", Data, "-m", "fast", "-w", "stop"]);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await AsOwnerAsync("pg_ctl", ["-D", Data, "-m", "immediate", "-w", "stop"]);
        }
        catch (InvalidOperationException)
        {
            // Already stopped by the test.
        }
        _directory.Dispose();
    }

    private static bool IsRoot => Environment.UserName == "root";

    private Task AsOwnerAsync(string program, IReadOnlyList<string> args) =>
        IsRoot ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, program), .. args]) : RunAsync(Path.Combine(_bin, program), args);

    private static async Task RunAsync(string program, IReadOnlyList<string> args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        var result = await ChildProcess.RunAsync(info, TimeSpan.FromMinutes(2));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} exited with {result.ExitCode}: {result.Error}{result.Output}");
        }
    }
}
