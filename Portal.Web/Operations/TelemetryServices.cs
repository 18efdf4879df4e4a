using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Portal.Ledger.Telemetry;

namespace Portal.Web.Operations;

/// <summary>
/// OpenTelemetry as its authors intend: metrics always (ASP.NET Core's, Kestrel's, SignalR's, the runtime's,
/// HTTP clients' and the portal's own), exported in the Prometheus format at <c>/metrics</c>; traces only when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, exported there with OTLP (the exporter reads the standard
/// <c>OTEL_*</c> variables itself).
/// </summary>
public static class TelemetryServices
{
    public const string OtlpEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static WebApplicationBuilder AddPortalTelemetry(this WebApplicationBuilder builder)
    {
        var metrics = MetricsOptions.From(builder.Configuration);
        builder.Services.AddSingleton(metrics);
        builder.Services.AddSingleton<LedgerGauges>();
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("portal", serviceVersion: typeof(TelemetryServices).Assembly.GetName().Version?.ToString()))
            .WithMetrics(m => m
                .AddMeter(PortalTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("Microsoft.AspNetCore.Http.Connections", "Microsoft.AspNetCore.SignalR")
                // No cached answer: a scrape right after a command sees it (scrapes come from the allowed networks only).
                .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
        if (!string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpoint]))
        {
            telemetry.WithTracing(t => t
                .AddSource(PortalTelemetry.Name)
                .AddSource(TraceIdentity.ConnectionSources)
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !IsPlumbing(http.Request.Path))
                .AddHttpClientInstrumentation()
                .AddEntityFrameworkCoreInstrumentation()
                .AddOtlpExporter());
        }
        else
        {
            TraceIdentity.Enable();
        }
        return builder;
    }

    /// <summary>The metrics endpoint, for the networks <c>Metrics:AllowedNetworks</c> names; anyone else gets 403.</summary>
    public static IEndpointRouteBuilder MapPortalMetrics(this IEndpointRouteBuilder routes)
    {
        // The gauges exist once something asks for them: here, before the first scrape.
        _ = routes.ServiceProvider.GetRequiredService<LedgerGauges>();
        routes.MapPrometheusScrapingEndpoint(MetricsOptions.Path, meterProvider: null, configureBranchedPipeline: branch => branch.Use(async (context, next) =>
            {
                if (!context.RequestServices.GetRequiredService<MetricsOptions>().Allows(context.Connection.RemoteIpAddress))
                {
                    await Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Metrics are not served to this network",
                        detail: "Metrics:AllowedNetworks names the networks that may scrape /metrics.").ExecuteAsync(context);
                    return;
                }
                await next(context);
            }), optionsName: null)
            .WithMetadata(new HttpMethodMetadata(["GET"])).AllowAnonymous().DisableRateLimiting().ExcludeFromDescription();
        return routes;
    }

    /// <summary>Probes and scrapes, which would otherwise fill the traces with themselves.</summary>
    private static bool IsPlumbing(PathString path) =>
        path.StartsWithSegments(MetricsOptions.Path) || path.StartsWithSegments(HealthEndpoints.Prefix);
}
