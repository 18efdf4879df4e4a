using System.Globalization;
using Microsoft.AspNetCore.OutputCaching;
using Portal.Ledger.Chain;
using Portal.Web.Witnessing;

namespace Portal.Web.Caching;

/// <summary>
/// The server's own cache of public answers to anonymous readers: public pages (<see cref="PublicPageAttribute"/>)
/// keyed by address, language, theme and the ledger version they reflect, and open-data answers keyed by address
/// and ledger size. When the ledger grows the key changes, so no answer outlives the state it shows; entries of
/// older versions expire on their own. Answers that set a cookie, or that are not 200, are never stored.
/// </summary>
/// <param name="enabled">Whether anything is cached at all (<see cref="PublicCacheOptions.Enabled"/>).</param>
public sealed class PublicOutputCachePolicy(bool enabled) : IOutputCachePolicy
{
    public const string Name = "public";

    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    public async ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var http = context.HttpContext;
        var request = http.Request;
        var anonymous = http.User.Identity?.IsAuthenticated != true && string.IsNullOrEmpty(request.Headers.Authorization);
        var metadata = http.GetEndpoint()?.Metadata;
        // Of the pages only the public ones: another page (sign-in) holds an antiforgery token of its own visitor.
        var shareable = metadata?.GetMetadata<PublicPageAttribute>() is not null
            || metadata?.GetMetadata<Microsoft.AspNetCore.Components.Endpoints.ComponentTypeMetadata>() is null;
        var cacheable = enabled && anonymous && shareable && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method));
        context.EnableOutputCaching = true;
        context.AllowCacheLookup = cacheable;
        context.AllowCacheStorage = cacheable;
        context.AllowLocking = true;
        context.ResponseExpirationTimeSpan = Lifetime;
        context.CacheVaryByRules.QueryKeys = "*";
        if (!cacheable)
        {
            return;
        }
        var services = http.RequestServices;
        // The ledger's size as stored, read before the answer: a copy is never keyed newer than it is, and a client
        // reads its own write at once.
        context.CacheVaryByRules.VaryByValues["version"] = metadata?.GetMetadata<PublicPageAttribute>() is not null
            ? await PublicPageCaching.VersionAsync(http, services.GetRequiredService<WitnessPolicySource>(), services.GetRequiredService<LedgerReader>())
            : (await RequestLedger.SizeAsync(http)).ToString(CultureInfo.InvariantCulture);
    }

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var response = context.HttpContext.Response;
        // The page's caching headers, before the output cache takes its copy of the headers.
        PublicPageCaching.SetHeaders(context.HttpContext);
        if (response.StatusCode != StatusCodes.Status200OK || !string.IsNullOrEmpty(response.Headers.SetCookie))
        {
            context.AllowCacheStorage = false;
        }
        return ValueTask.CompletedTask;
    }
}
