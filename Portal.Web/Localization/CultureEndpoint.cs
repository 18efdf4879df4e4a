using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Localization;
using Portal.Web.Security;

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
        return TypedResults.LocalRedirect(LocalAddress.OrHome(redirectUri));
    }
}
