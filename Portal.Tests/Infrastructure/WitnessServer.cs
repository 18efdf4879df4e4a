using System.Diagnostics;
using System.Text;

namespace Portal.Tests.Infrastructure;

/// <summary>The portal executable's `witness` command as a real process on a real port, as anyone would run it.</summary>
public sealed class WitnessServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private WitnessServer(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    /// <summary>The witness's verifier key, as it printed it.</summary>
    public string VerifierKey { get; private set; } = "";

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

    /// <param name="directory">Where its key file and state live (kept across restarts).</param>
    public static async Task<WitnessServer> StartAsync(string directory, IEnumerable<string> logs, Uri? at = null)
    {
        var address = at ?? new Uri($"http://127.0.0.1:{PortalServer.FreePort()}/");
        string[] args = ["witness", "--listen", address.ToString(), "--key", Path.Combine(directory, "witness.key"), .. logs.SelectMany(l => new[] { "--log", l })];
        var process = Process.Start(ChildProcess.StartInfo(SolutionPaths.WebDll, args))!;
        var server = new WitnessServer(process, address);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) => server.Append(e.Data, started);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data, null);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var winner = await Task.WhenAny(started.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(60)));
        if (winner != started.Task)
        {
            await server.DisposeAsync();
            throw new InvalidOperationException($"The witness did not start. Log:\n{server.Log}");
        }
        return server;
    }

    /// <summary>Submits a checkpoint: `old N`, the proof lines, an empty line, the signed checkpoint.</summary>
    public Task<HttpResponseMessage> AddCheckpointAsync(long old, IEnumerable<byte[]> proof, string checkpoint) =>
        Client.PostAsync("add-checkpoint", new StringContent(
            $"old {old}\n{string.Concat(proof.Select(p => Convert.ToBase64String(p) + "\n"))}\n{checkpoint}", Encoding.UTF8, "text/plain"));

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
        const string Prefix = "Verifier key (for logs' witness policies): ";
        if (line.StartsWith(Prefix, StringComparison.Ordinal))
        {
            VerifierKey = line[Prefix.Length..].Trim();
            started?.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await ChildProcess.StopAsync(_process);
    }
}
