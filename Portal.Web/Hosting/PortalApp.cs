using MudBlazor.Services;
using Scalar.AspNetCore;
using Portal.Ledger;
using Portal.Web.Api;
using Portal.Web.Api.Commands;
using Portal.Web.Api.Exports;
using Portal.Web.Caching;
using Portal.Web.Components;
using Portal.Web.Demo;
using Portal.Web.Evidence;
using Portal.Web.Identity;
using Portal.Web.Live;
using Portal.Web.Localization;
using Portal.Web.Operations;
using Portal.Web.Security;
using Portal.Web.Witnessing;

namespace Portal.Web.Hosting;

public static class PortalApp
{
    public static WebApplicationBuilder AddPortal(this WebApplicationBuilder builder, bool runAsCommand)
    {
        var contentRoot = builder.Environment.ContentRootPath;
        if (!Directory.Exists(Path.Combine(contentRoot, "wwwroot"))
            && File.Exists(Path.Combine(AppContext.BaseDirectory, "Portal.Web.staticwebassets.runtime.json")))
        {
            // A build that was not published (tests, a Release build run from bin): serve wwwroot and the
            // packages' assets through the build's static web assets manifest, as Development does.
            builder.WebHost.UseStaticWebAssets();
        }
        if (runAsCommand)
        {
            // Commands print their own results; keep the log quiet so scripts can read stdout.
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        }
        // Every registration is checked when the container is built, in every environment and for every command:
        // a service whose dependency is missing stops the start, not the first request (or command) that needs it.
        builder.Host.UseDefaultServiceProvider(o =>
        {
            o.ValidateOnBuild = true;
            o.ValidateScopes = true;
        });
        var storage = PortalConfiguration.Storage(builder.Configuration, contentRoot);
        var ledger = PortalConfiguration.Ledger(builder.Configuration, contentRoot);
        builder.Services.AddPortalLedger(storage, ledger);
        builder.Services.AddWitnessing(ledger, submit: !runAsCommand);
        builder.Services.AddPortalIdentity(storage);
        builder.Services.AddSingleton<UserDirectory>();
        builder.Services.AddPortalEvidence(builder.Configuration, contentRoot);
        builder.Services.AddSingleton<Portal.Web.Feedback.FeedbackReceipts>();
        builder.Services.AddPortalDemo(builder.Configuration, serving: !runAsCommand);
        if (!runAsCommand)
        {
            builder.Services.AddHostedService<DatabaseInitializer>();
        }
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddPortalSecurity(builder.Configuration, contentRoot);
        // No request needs more than an evidence document; commands and sign-in read far less (they check their own limits).
        builder.WebHost.ConfigureKestrel(o => o.Limits.MaxRequestBodySize = EvidenceStore.MaxBytes + 64 * 1024);
        builder.Services.AddOpenApi();
        builder.Services.AddMudServices();
        builder.Services.AddSingleton<Portal.Web.Components.Layout.ThemeCss>();
        builder.Services.AddPortalCaching(builder.Configuration);
        builder.Services.AddValidatedOptions<Api.Exports.PublishingOptions>(builder.Configuration, Api.Exports.PublishingOptions.Section, Api.Exports.PublishingOptions.Check);
        builder.Services.AddPortalLocalization();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        // After the framework's antiforgery, which it wraps.
        Caching.PublicPageAntiforgery.Register(builder.Services);
        builder.Services.AddPortalLiveFeed(builder.Configuration, serving: !runAsCommand);
        builder.AddPortalLogging();
        builder.AddPortalTelemetry();
        builder.Services.AddPortalHealthChecks(builder.Configuration);
        return builder;
    }

    public static WebApplication UsePortal(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseMiddleware<ShutdownGate>();
        app.UseSecurityHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
            app.UseHsts();
        }
        // Before everything that renders text: pages, the not-found page and the sign-in redirects speak the visitor's language.
        app.UseRequestLocalization();
        // API clients get problem details for bare status codes; people get the not-found page.
        app.UseWhen(IsApi, api => api.UseStatusCodePages());
        app.UseWhen(context => !IsApi(context), pages => pages.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
        app.UseCors();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseMiddleware<Caching.PublicPageCaching>();
        app.UseOutputCache();
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapPortalHealth();
        app.MapPortalMetrics();
        app.MapOpenApi();
        app.MapScalarApiReference(SecurityHeaders.ApiReferencePath, options => options
            .WithTitle("Portal open data and verification API")
            // Its fonts would come from a third party, which the content security policy (and visitors' privacy) forbids.
            .DisableDefaultFonts());
        app.MapLedgerApi();
        app.MapTileApi();
        app.MapOpenDataApi();
        app.MapExportApi();
        app.MapAccountApi();
        app.MapCultureEndpoint();
        app.MapCommandApi();
        app.MapSupervisionApi();
        app.MapPersonalDataApi();
        app.MapFeedbackApi();
        app.MapFlagRulesApi();
        app.MapEvidenceApi();
        app.MapHub<LedgerHub>(LedgerHub.Path);
        // The parts of the home page a live visitor takes in place as the ledger grows, rendered as the page renders them.
        app.MapGet("/fragments/home", () => new Microsoft.AspNetCore.Http.HttpResults.RazorComponentResult<Components.Shared.HomeFragments>())
            .WithMetadata(new Caching.PublicPageAttribute()).CacheOutput(Caching.PublicOutputCachePolicy.Name).ExcludeFromDescription();
        // Our own policy (frame-ancestors 'none') replaces the one Blazor would add.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null)
            .CacheOutput(Caching.PublicOutputCachePolicy.Name);
        return app;
    }

    private static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments("/api");
}
