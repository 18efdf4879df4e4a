using System.Diagnostics;

namespace Portal.Tests.Infrastructure;

/// <summary>A Redis server of one test's own (Debian's redis-server, which scripts/redis.sh installs), which the test may stop and start again.</summary>
public sealed class PrivateRedis : IAsyncDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly int _port = PortalServer.FreePort();
    private Process? _process;

    public string Configuration => $"127.0.0.1:{_port}";

    public static async Task<PrivateRedis> CreateAsync()
    {
        var redis = new PrivateRedis();
        await redis.StartAsync();
        return redis;
    }

    public async Task StartAsync()
    {
        var info = new ProcessStartInfo("redis-server") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "--port", _port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", _directory.Path, "--save", "", "--appendonly", "no" })
        {
            info.ArgumentList.Add(arg);
        }
        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = new System.Net.Sockets.TcpClient();
                await client.ConnectAsync("127.0.0.1", _port);
                return;
            }
            catch (System.Net.Sockets.SocketException)
            {
                await Task.Delay(50);
            }
        }
        throw new InvalidOperationException($"redis-server did not listen on {_port}.");
    }

    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _directory.Dispose();
    }
}
