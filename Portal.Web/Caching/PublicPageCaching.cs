using System.Globalization;
using Microsoft.Net.Http.Headers;
using Portal.Ledger.Chain;
using Portal.Web.Components.Layout;
using Portal.Web.Witnessing;

namespace Portal.Web.Caching;

/// <summary>
/// HTTP caching of the public pages for anonymous visitors, usable by a browser, a reverse proxy or a CDN. A page's
/// version is the ledger size it was rendered at, the language and theme it was rendered in, and (with witnesses)
/// the newest cosigned tree it shows: that is its <c>ETag</c>, and a visitor whose copy is current gets
/// <c>304 Not Modified</c> before anything is rendered. A page that can never change (a block, an entry, the record
/// of a closed request) is cached for a year as immutable; the others are <c>no-cache</c> with the validator. The
/// answer varies with the cookies (language, theme, signing in) and <c>Accept-Language</c>. Signed-in staff get
/// <c>private, no-cache</c>: their pages name them and hold antiforgery tokens.
/// </summary>
public sealed class PublicPageCaching(RequestDelegate next)
{
    public const string OneYear = "public, max-age=31536000, immutable";

    private const string VersionKey = "Portal.PageVersion";

    public async Task InvokeAsync(HttpContext context, WitnessPolicySource witnesses, LedgerReader reader)
    {
        if (!RequestLedger.IsPublicPageRead(context))
        {
            await next(context);
            return;
        }
        var response = context.Response;
        if (context.User.Identity?.IsAuthenticated == true)
        {
            response.OnStarting(() =>
            {
                response.Headers.CacheControl = "private, no-cache";
                return Task.CompletedTask;
            });
            await next(context);
            return;
        }
        var etag = new EntityTagHeaderValue($"\"page-{await VersionAsync(context, witnesses, reader)}\"", isWeak: true);
        context.Items[typeof(PublicPageCaching)] = etag;
        // Also set by the output cache policy as the answer starts, so that a stored copy carries them.
        response.OnStarting(() =>
        {
            SetHeaders(context);
            return Task.CompletedTask;
        });
        if (RequestLedger.HasCurrentCopy(context.Request.GetTypedHeaders(), etag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        await next(context);
    }

    /// <summary>
    /// An anonymous public page's caching headers, by its status and what it learned while rendering: validator and
    /// no-cache, or a year when it can never change; nothing cacheable for an error or a page not found.
    /// </summary>
    public static void SetHeaders(HttpContext context)
    {
        if (context.Items[typeof(PublicPageCaching)] is not EntityTagHeaderValue etag || context.Response.HasStarted)
        {
            return;
        }
        var response = context.Response;
        response.Headers.Vary = "Cookie, Accept-Language";
        if (response.StatusCode is StatusCodes.Status200OK or StatusCodes.Status304NotModified)
        {
            response.GetTypedHeaders().ETag = etag;
            response.Headers.CacheControl = context.RequestServices.GetRequiredService<PageCaching>().Immutable ? OneYear : "no-cache";
        }
        else
        {
            response.Headers.CacheControl = "no-cache";
        }
    }

    /// <summary>What an anonymous page's content depends on besides its address; the output cache is keyed by it too.</summary>
    public static async Task<string> VersionAsync(HttpContext context, WitnessPolicySource witnesses, LedgerReader reader)
    {
        // Read once per request: the validator and the output cache's key must name the same version.
        if (context.Items[VersionKey] is string known)
        {
            return known;
        }
        // The ledger's size as stored, not as followed by the live tail: a client reads its own write at once.
        var size = await RequestLedger.SizeAsync(context);
        var version = string.Create(CultureInfo.InvariantCulture,
            $"{size}-{CultureInfo.CurrentUICulture.Name}-{ThemeChoice.Of(context) ?? "system"}");
        if (witnesses.Policy is not null)
        {
            // Cosignatures arrive after their block: the witness line changes without the ledger growing.
            var (cosigned, cosigners) = await reader.GetLatestCosignedAsync(context.RequestAborted);
            version += string.Create(CultureInfo.InvariantCulture, $"-w{cosigned}.{cosigners.Count}");
        }
        context.Items[VersionKey] = version;
        return version;
    }
}
