using System.Threading.RateLimiting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Portal.Web.Security;

namespace Portal.Web.Live;

/// <summary>
/// Replays read and prove up to 500 blocks each: a client address may ask for them only so often (a burst, then a
/// steady rate per minute; <c>RateLimits:HubReplayBurst</c>, <c>RateLimits:HubReplaysPerMinute</c>), however many
/// connections it opens. A client that follows the feed needs one per reconnect; beyond the limit the call is
/// refused with the time to wait.
/// </summary>
public sealed class ReplayLimit : IHubFilter, IDisposable
{
    private static readonly HashSet<string> Limited = [nameof(LedgerHub.Subscribe), nameof(LedgerHub.Replay)];

    private readonly PartitionedRateLimiter<string>? _limiter;
    private readonly int _perMinute;

    public ReplayLimit(IOptions<RateLimits.Settings> settings)
    {
        var burst = settings.Value.HubReplayBurst;
        _perMinute = settings.Value.HubReplaysPerMinute;
        if (_perMinute > 0)
        {
            _limiter = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetTokenBucketLimiter(address, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = Math.Max(1, burst),
                TokensPerPeriod = 1,
                ReplenishmentPeriod = TimeSpan.FromMinutes(1.0 / _perMinute),
                QueueLimit = 0,
            }));
        }
    }

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        if (_limiter is not null && Limited.Contains(invocationContext.HubMethodName) && invocationContext.Context.GetHttpContext() is { } http)
        {
            using var lease = _limiter.AttemptAcquire(RateLimits.Address(http));
            if (!lease.IsAcquired)
            {
                var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? retry : TimeSpan.FromMinutes(1.0 / _perMinute);
                throw new HubException($"Too many replays from this address: try again in {Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))} seconds.");
            }
        }
        return await next(invocationContext);
    }

    public void Dispose() => _limiter?.Dispose();
}
