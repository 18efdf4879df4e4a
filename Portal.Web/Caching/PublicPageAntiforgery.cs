using Microsoft.AspNetCore.Antiforgery;

namespace Portal.Web.Caching;

/// <summary>
/// Antiforgery that leaves an anonymous reader of a public page alone. Blazor stores a token pair on every page
/// response (a cookie, and headers forbidding any cache), needed by pages with forms that post; a public page has
/// none (its one form is a GET), so for it no cookie is set: the page is then the same for every anonymous
/// reader, and a browser, a proxy or the output cache may keep it. Everything else is the framework's own.
/// </summary>
public sealed class PublicPageAntiforgery(IAntiforgery inner) : IAntiforgery
{
    public AntiforgeryTokenSet GetAndStoreTokens(HttpContext httpContext) =>
        IsAnonymousPublicRead(httpContext) ? inner.GetTokens(httpContext) : inner.GetAndStoreTokens(httpContext);

    public AntiforgeryTokenSet GetTokens(HttpContext httpContext) => inner.GetTokens(httpContext);

    public Task<bool> IsRequestValidAsync(HttpContext httpContext) => inner.IsRequestValidAsync(httpContext);

    public Task ValidateRequestAsync(HttpContext httpContext) => inner.ValidateRequestAsync(httpContext);

    public void SetCookieTokenAndHeader(HttpContext httpContext) => inner.SetCookieTokenAndHeader(httpContext);

    private static bool IsAnonymousPublicRead(HttpContext context) =>
        RequestLedger.IsPublicPageRead(context) && context.User.Identity?.IsAuthenticated != true;

    /// <summary>Puts this in front of the antiforgery service registered so far.</summary>
    public static void Register(IServiceCollection services)
    {
        var framework = services.Last(d => d.ServiceType == typeof(IAntiforgery));
        var implementation = framework.ImplementationType ?? throw new InvalidOperationException("The antiforgery service has no implementation type to wrap.");
        services.Remove(framework);
        services.Add(new ServiceDescriptor(implementation, implementation, framework.Lifetime));
        services.Add(new ServiceDescriptor(typeof(IAntiforgery), sp => new PublicPageAntiforgery((IAntiforgery)sp.GetRequiredService(implementation)), framework.Lifetime));
    }
}
