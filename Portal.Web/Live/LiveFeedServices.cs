using Microsoft.AspNetCore.SignalR;

namespace Portal.Web.Live;

public static class LiveFeedServices
{
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
