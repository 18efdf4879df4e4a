using System.Threading.RateLimiting;
using Microsoft.AspNetCore.SignalR;

namespace Portal.Web.Live;

/// <summary>
/// Replays read and prove up to 500 blocks each: a connection may ask for them only so often (a burst, then a
/// steady rate per minute; <c>RateLimits:HubReplayBurst</c>, <c>RateLimits:HubReplaysPerMinute</c>). A client that
/// follows the feed needs one replay per reconnect; anything beyond is refused with the time to wait.
/// </summary>
public sealed class ReplayLimit(IConfiguration configuration) : IHubFilter
{
    private const string LimiterKey = "replay-limiter";

    private static readonly HashSet<string> Limited = [nameof(LedgerHub.Subscribe), nameof(LedgerHub.Replay)];

    private readonly int _burst = configuration.GetValue("RateLimits:HubReplayBurst", 10);
    private readonly int _perMinute = configuration.GetValue("RateLimits:HubReplaysPerMinute", 30);

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        if (_perMinute > 0 && Limited.Contains(invocationContext.HubMethodName))
        {
            var items = invocationContext.Context.Items;
            if (!items.TryGetValue(LimiterKey, out var value) || value is not TokenBucketRateLimiter limiter)
            {
                limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
                {
                    TokenLimit = Math.Max(1, _burst),
                    TokensPerPeriod = 1,
                    ReplenishmentPeriod = TimeSpan.FromMinutes(1.0 / _perMinute),
                    QueueLimit = 0,
                });
                items[LimiterKey] = limiter;
            }
            using var lease = limiter.AttemptAcquire();
            if (!lease.IsAcquired)
            {
                var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? retry : TimeSpan.FromMinutes(1.0 / _perMinute);
                throw new HubException($"Too many replays on this connection: try again in {Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))} seconds.");
            }
        }
        return await next(invocationContext);
    }

    public Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        if (context.Context.Items.TryGetValue(LimiterKey, out var value) && value is IDisposable limiter)
        {
            limiter.Dispose();
        }
        return next(context, exception);
    }
}
