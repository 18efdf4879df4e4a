using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Localization;

namespace Portal.Web.Localization;

public static class CultureEndpoint
{
    /// <summary>
    /// <c>GET /culture?name=zh-CN&amp;redirectUri=/path</c>: remembers the language for a year and goes back to the
    /// page. An unsupported name changes nothing; a redirect address off this site goes home instead (no open redirect).
    /// </summary>
    public static IEndpointRouteBuilder MapCultureEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapGet("/culture", SetCulture).WithName("SetCulture").ExcludeFromDescription();
        return app;
    }

    private static RedirectHttpResult SetCulture(HttpContext context, TimeProvider clock, string? name, string? redirectUri)
    {
        if (PortalLocalization.Find(name) is { } culture)
        {
            context.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions
                {
                    Expires = clock.GetUtcNow().AddYears(1),
                    Path = "/",
                    SameSite = SameSiteMode.Lax,
                    Secure = context.Request.IsHttps,
                    HttpOnly = true,
                    // Remembering a language the visitor chose is essential to the page they asked for, not tracking.
                    IsEssential = true,
                });
        }
        return TypedResults.LocalRedirect(RedirectHttpResult.IsLocalUrl(redirectUri) ? HeaderSafe(redirectUri!) : "/");
    }

    /// <summary>
    /// The address as a Location header may carry it: every character outside printable ASCII (a Chinese query, an
    /// inverted question mark a scanner sent) percent-encoded as UTF-8; what is already encoded stays as it is.
    /// </summary>
    internal static string HeaderSafe(string url)
    {
        var text = new System.Text.StringBuilder(url.Length);
        Span<byte> bytes = stackalloc byte[4];
        for (var i = 0; i < url.Length; i++)
        {
            var c = url[i];
            if (c is > ' ' and < '\x7f')
            {
                text.Append(c);
                continue;
            }
            // A surrogate pair is one character; a lone surrogate has no UTF-8 form and becomes U+FFFD.
            var length = char.IsHighSurrogate(c) && i + 1 < url.Length && char.IsLowSurrogate(url[i + 1])
                ? System.Text.Encoding.UTF8.GetBytes(url.AsSpan(i++, 2), bytes)
                : System.Text.Encoding.UTF8.GetBytes(char.IsSurrogate(c) ? "\uFFFD" : c.ToString(), bytes);
            foreach (var b in bytes[..length])
            {
                text.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return text.ToString();
    }
}
