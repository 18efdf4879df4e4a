using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;
using Portal.Web.Hosting;

namespace Portal.Web.Caching;

/// <summary>The server's cache of public answers, under <c>OutputCache</c>.</summary>
public sealed class PublicCacheOptions
{
    public const string Section = "OutputCache";

    /// <summary>Off only where the database may change behind the portal's back (tests of a tampering operator).</summary>
    public bool Enabled { get; set; } = true;
}

public static class CachingServices
{
    /// <summary>The output cache with the public policy, and the per-request page caching headers.</summary>
    public static IServiceCollection AddPortalCaching(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<PublicCacheOptions>(configuration, PublicCacheOptions.Section, _ => null);
        services.AddOutputCache();
        services.AddOptions<OutputCacheOptions>().Configure<IOptions<PublicCacheOptions>>((cache, own) =>
            cache.AddPolicy(PublicOutputCachePolicy.Name, new PublicOutputCachePolicy(own.Value.Enabled)));
        services.AddScoped<PageCaching>();
        return services;
    }
}
