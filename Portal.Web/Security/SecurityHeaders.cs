namespace Portal.Web.Security;

/// <summary>
/// Response headers that keep the portal's pages from being framed, sniffed or made to run anyone else's code.
/// The content security policy allows only the portal's own scripts (Blazor, MudBlazor, Chart.js and the
/// verifier are all served from here, and no page has an inline script), inline styles (component style
/// attributes), and connections back to the portal (the circuit's WebSocket, the verifier's proof requests).
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy = $"default-src 'self'; script-src 'self'; {OtherDirectives}";

    /// <summary>
    /// The interactive API reference runs its own inline start-up script; it shows only public documentation, so
    /// it alone may run inline scripts (still nothing from other origins). Otherwise the same policy.
    /// </summary>
    public const string ApiReferencePolicy = $"default-src 'self'; script-src 'self' 'unsafe-inline'; {OtherDirectives}";

    private const string OtherDirectives =
        "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public const string ApiReferencePath = "/api/reference";

    /// <summary>
    /// The standalone verifier checks any portal's ledger, so it may connect anywhere over HTTP(S) and WebSockets;
    /// it runs only its own scripts (each under Subresource Integrity) and styles, and nothing inline.
    /// </summary>
    public const string VerifierPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
        "connect-src 'self' https: http: wss: ws:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public const string VerifierPath = "/verifier.html";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        // Set as the response starts: the exception handler clears headers before it renders the error page.
        context.Response.OnStarting(() =>
        {
            Apply(context);
            return Task.CompletedTask;
        });
        return next(context);
    });

    private static void Apply(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments(ApiReferencePath) ? ApiReferencePolicy
            : context.Request.Path.Equals(VerifierPath, StringComparison.OrdinalIgnoreCase) ? VerifierPolicy
            : ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";
    }
}
