using Microsoft.AspNetCore.SignalR;
using Portal.Ledger.Chain;
using Portal.Web.Hosting;

namespace Portal.Web.Live;

public static class LiveFeedServices
{
    /// <summary>The Redis backplane's StackExchange.Redis configuration; unset, the feed stays within one instance.</summary>
    public const string RedisSetting = "SignalR:Redis";

    /// <summary>
    /// The live feed: the hub with its replay limit and slow-client watch, the Redis backplane when
    /// <c>SignalR:Redis</c> is set, and (when the portal serves, not for a one-off command) the tail and the publisher
    /// that take each committed block to pages and hub clients.
    /// </summary>
    public static IServiceCollection AddPortalLiveFeed(this IServiceCollection services, IConfiguration configuration, bool serving)
    {
        services.AddValidatedOptions<LiveFeedOptions>(configuration, LiveFeedOptions.Section, LiveFeedOptions.Check);
        services.AddSingleton<ReplayLimit>();
        var signalR = services.AddSignalR().AddHubOptions<LedgerHub>(o => o.AddFilter<ReplayLimit>());
        if (configuration[RedisSetting] is { Length: > 0 } redis)
        {
            // Scale-out: hub messages sent on one instance reach the clients of every instance.
            signalR.AddStackExchangeRedis(redis, o => o.Configuration.ChannelPrefix = StackExchange.Redis.RedisChannel.Literal("portal"));
        }
        services.AddSlowClientWatch();
        if (serving)
        {
            services.AddSingleton<LedgerTail>();
            services.AddHostedService(sp => sp.GetRequiredService<LedgerTail>());
            services.AddSingleton<FeedBroadcast>();
            services.AddSingleton<FeedPublisher>();
            services.AddSingleton<ILedgerListener>(sp => sp.GetRequiredService<FeedPublisher>());
            services.AddHostedService(sp => sp.GetRequiredService<FeedPublisher>());
        }
        return services;
    }

    /// <summary>
    /// Wraps the ledger hub's lifetime manager, whichever is registered (in-memory or the Redis backplane), so
    /// <see cref="SlowClientWatch"/> can reach this instance's connections. Call after the backplane is added.
    /// </summary>
    public static IServiceCollection AddSlowClientWatch(this IServiceCollection services)
    {
        var registered = services.Last(d => d.ServiceType == typeof(HubLifetimeManager<>)).ImplementationType
            ?? throw new InvalidOperationException("The hub lifetime manager is registered by type.");
        var innerType = registered.MakeGenericType(typeof(LedgerHub));
        services.AddSingleton<HubLifetimeManager<LedgerHub>>(sp =>
            new WatchedHubLifetimeManager<LedgerHub>((HubLifetimeManager<LedgerHub>)ActivatorUtilities.CreateInstance(sp, innerType)));
        services.AddHostedService<SlowClientWatch>();
        return services;
    }
}
