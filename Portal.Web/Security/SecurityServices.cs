using System.Net;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using Portal.Web.Api;
using Portal.Web.Hosting;

namespace Portal.Web.Security;

/// <summary>The proxies whose forwarded headers are believed, under <c>ForwardedHeaders</c>.</summary>
public sealed class ProxyOptions
{
    public const string Section = "ForwardedHeaders";

    /// <summary>Addresses of TLS-terminating proxies besides loopback, which is always trusted.</summary>
    public string[] KnownProxies { get; set; } = [];

    public static string? Check(ProxyOptions o) =>
        o.KnownProxies.FirstOrDefault(p => !IPAddress.TryParse(p, out _)) is { } bad
            ? $"{Section}:KnownProxies holds '{bad}', which is not an IP address."
            : null;
}

/// <summary>Where the keys that protect sign-in cookies and antiforgery tokens are kept, under <c>DataProtection</c>.</summary>
public sealed class KeyStorageOptions
{
    public const string Section = "DataProtection";

    public string KeysPath { get; set; } = Path.Combine("data", "keys");

    public static string? Check(KeyStorageOptions o) =>
        string.IsNullOrWhiteSpace(o.KeysPath) ? $"{Section}:KeysPath names the folder for the data-protection keys; it is empty." : null;
}

public static class SecurityServices
{
    /// <summary>
    /// Problem details, rate limits, read-only CORS for the public API, trusted proxies, HSTS, and data-protection
    /// keys in a folder, so sign-in cookies and antiforgery tokens outlive a restart and are shared by instances.
    /// </summary>
    public static IServiceCollection AddPortalSecurity(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemTexts.Explain);
        services.AddPortalRateLimits(configuration);
        services.AddPublicReadCors();
        services.AddValidatedOptions<ProxyOptions>(configuration, ProxyOptions.Section, ProxyOptions.Check);
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxyOptions>>((o, proxies) =>
        {
            // Behind a TLS-terminating proxy on this host (the default trusted proxies are loopback only), the
            // client's address and scheme come from the proxy: rate limits apply per client, HSTS to HTTPS.
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in proxies.Value.KnownProxies)
            {
                o.KnownProxies.Add(IPAddress.Parse(proxy));
            }
        });
        services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.IncludeSubDomains = true;
        });
        services.AddValidatedOptions<KeyStorageOptions>(configuration, KeyStorageOptions.Section, KeyStorageOptions.Check);
        services.AddDataProtection().SetApplicationName("Portal");
        // What PersistKeysToFileSystem does, with the folder from the checked options rather than read at registration.
        services.AddOptions<KeyManagementOptions>().Configure<IOptions<KeyStorageOptions>, ILoggerFactory>((o, keys, logs) =>
            o.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(Path.Combine(contentRoot, keys.Value.KeysPath)), logs));
        return services;
    }
}
