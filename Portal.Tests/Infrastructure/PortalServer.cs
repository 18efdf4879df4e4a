using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Portal.Tests.Infrastructure;

/// <summary>
/// The real portal: Portal.Web started as its own process on a free loopback port, with its own database and
/// key in a temp folder, spoken to over real HTTP.
/// </summary>
public sealed class PortalServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private PortalServer(Process process, Uri baseAddress, IReadOnlyDictionary<string, string> environment)
    {
        _process = process;
        BaseAddress = baseAddress;
        Environment = environment;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    /// <summary>The settings the server runs with, so that commands can be run against the same database.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static Dictionary<string, string> SqliteEnvironment(string directory, bool seedDemo) => new()
    {
        ["Database__Provider"] = "Sqlite",
        ["ConnectionStrings__Portal"] = $"Data Source={Path.Combine(directory, "portal.db")}",
        ["Ledger__SigningKeyPath"] = Path.Combine(directory, "signing.key"),
        ["Ledger__Origin"] = "test.portal.example/ledger",
        ["Demo__Seed"] = seedDemo ? "true" : "false",
    };

    public static async Task<PortalServer> StartAsync(IReadOnlyDictionary<string, string> environment)
    {
        var port = FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        var info = ChildProcess.StartInfo(SolutionPaths.WebDll, ["--urls", baseAddress.ToString()], environment);
        var process = Process.Start(info)!;
        var server = new PortalServer(process, baseAddress, environment);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) => server.Append(e.Data, started);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data, null);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync();
        var winner = await Task.WhenAny(started.Task, exited, Task.Delay(TimeSpan.FromSeconds(60)));
        if (winner != started.Task)
        {
            await server.DisposeAsync();
            throw new InvalidOperationException($"The portal did not start. Log:\n{server.Log}");
        }
        return server;
    }

    private void Append(string? line, TaskCompletionSource? started)
    {
        if (line is null)
        {
            return;
        }
        lock (_log)
        {
            _log.AppendLine(line);
        }
        if (line.Contains("Application started", StringComparison.Ordinal))
        {
            started?.TrySetResult();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
