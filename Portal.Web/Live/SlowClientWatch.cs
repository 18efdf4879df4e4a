using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;
using Portal.Web.Hosting;

namespace Portal.Web.Live;

/// <summary>
/// Disconnects live-feed clients that stopped reading. Each interval every connection of this instance is sent a
/// protocol ping (clients ignore it); the ping queues behind the blocks not yet taken, so a connection that has not
/// taken it within <c>Live:SendTimeoutSeconds</c> (10 by default) is stuck, and is aborted: it reconnects and
/// replays what it missed. Without this a stuck client's unsent blocks would pile up in memory for as long as it
/// kept its connection open, and, with the Redis backplane, hold up its group's blocks on this instance. A client is
/// dropped between one and one and a half timeouts after it stops reading (probes run every half timeout); so is one
/// that reads but lags more than a timeout behind. <c>0</c> turns the watch off.
/// </summary>
public sealed partial class SlowClientWatch(HubLifetimeManager<LedgerHub> manager, IOptions<LiveFeedOptions> options, ILogger<SlowClientWatch> logger) : BackgroundService
{
    private readonly TimeSpan _timeout = TimeSpan.FromSeconds(options.Value.SendTimeoutSeconds);
    private readonly ConcurrentDictionary<string, byte> _probing = new(StringComparer.Ordinal);
    private readonly InFlight _probes = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (manager is not WatchedHubLifetimeManager<LedgerHub> watched || _timeout <= TimeSpan.Zero)
        {
            return;
        }
        using var timer = new PeriodicTimer(_timeout / 2);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var connection in watched.Connections)
            {
                if (!connection.ConnectionAborted.IsCancellationRequested && _probing.TryAdd(connection.ConnectionId, 0))
                {
                    _probes.Add(ProbeAsync(connection, stoppingToken));
                }
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // The probes were cancelled with the service: each ends at once.
        await _probes.DrainAsync(cancellationToken);
    }

    private async Task ProbeAsync(HubConnectionContext connection, CancellationToken stopping)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeout.CancelAfter(_timeout);
        try
        {
            await connection.WriteAsync(PingMessage.Instance, timeout.Token);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The portal is stopping: the connection closes with it.
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            LogStuck(connection.ConnectionId, _timeout.TotalSeconds);
            connection.Items[LedgerHub.DisconnectReasonKey] = "slow";
            connection.Abort();
        }
        catch (Exception ex)
        {
            // A connection closing as it is probed: nothing to do.
            LogProbeFailed(ex, connection.ConnectionId);
        }
        finally
        {
            _probing.TryRemove(connection.ConnectionId, out _);
        }
    }

    [LoggerMessage(EventId = 2021, Level = LogLevel.Information, Message = "Live-feed connection {ConnectionId} took nothing for {Seconds} s and was disconnected.")]
    private partial void LogStuck(string connectionId, double seconds);

    [LoggerMessage(EventId = 2022, Level = LogLevel.Debug, Message = "Probing live-feed connection {ConnectionId} failed.")]
    private partial void LogProbeFailed(Exception exception, string connectionId);
}
