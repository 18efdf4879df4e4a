using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Portal.Web.Operations;

/// <summary>
/// The Redis backplane answers a PING. Its own connection, with short timeouts: the backplane's connection is
/// SignalR's and not reachable, and a check must answer within the probe's time when Redis is down.
/// </summary>
public sealed class RedisHealthCheck(string configuration) : IHealthCheck, IAsyncDisposable
{
    public const string Name = "redis";

    private readonly SemaphoreSlim _connecting = new(1, 1);
    private ConnectionMultiplexer? _connection;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var connection = await ConnectAsync(cancellationToken);
            var latency = await connection.GetDatabase().PingAsync().WaitAsync(cancellationToken);
            return HealthCheckResult.Healthy($"Redis answers ({latency.TotalMilliseconds:0.#} ms).");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "The Redis backplane does not answer.", ex);
        }
    }

    private async Task<ConnectionMultiplexer> ConnectAsync(CancellationToken cancellationToken)
    {
        if (_connection is { } existing)
        {
            return existing;
        }
        await _connecting.WaitAsync(cancellationToken);
        try
        {
            if (_connection is null)
            {
                var options = ConfigurationOptions.Parse(configuration);
                // Keeps reconnecting in the background once made, so a Redis that comes back is seen at the next probe.
                options.AbortOnConnectFail = false;
                options.ConnectTimeout = 2000;
                options.AsyncTimeout = 2000;
                options.ClientName = "portal-health";
                _connection = await ConnectionMultiplexer.ConnectAsync(options);
            }
            return _connection;
        }
        finally
        {
            _connecting.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
        _connecting.Dispose();
    }
}
