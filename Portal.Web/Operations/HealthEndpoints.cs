using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Portal.Web.Operations;

/// <summary>
/// <c>/health/live</c>: the process answers (no check runs: a database outage must not get a healthy process
/// restarted). <c>/health/ready</c>: the portal can serve, with every readiness check passing; <c>503</c> names the
/// failing checks. Plain text for a probe, the usual health-check JSON (status, totalDuration, entries) for
/// <c>Accept: application/json</c>. Anonymous, never rate limited, never cached.
/// </summary>
public static class HealthEndpoints
{
    public const string Prefix = "/health";
    public const string LivePath = Prefix + "/live";
    public const string ReadyPath = Prefix + "/ready";
    public const string ReadyTag = "ready";

    /// <summary>Probes read; nothing else is answered (the health-check middleware would take any method).</summary>
    private static readonly HttpMethodMetadata ProbeMethods = new(["GET", "HEAD"]);

    public static IServiceCollection AddPortalHealthChecks(this IServiceCollection services, IConfiguration configuration)
    {
        var timeout = TimeSpan.FromSeconds(5);
        var checks = services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>(DatabaseHealthCheck.Name, tags: [ReadyTag], timeout: timeout)
            .AddCheck<MigrationsHealthCheck>(MigrationsHealthCheck.Name, tags: [ReadyTag], timeout: timeout)
            .AddCheck<SigningKeyHealthCheck>(SigningKeyHealthCheck.Name, tags: [ReadyTag], timeout: timeout);
        if (configuration[Live.LiveFeedServices.RedisSetting] is { Length: > 0 } redis)
        {
            services.AddSingleton(new RedisHealthCheck(redis));
            checks.AddCheck<RedisHealthCheck>(RedisHealthCheck.Name, tags: [ReadyTag], timeout: timeout);
        }
        return services;
    }

    public static IEndpointRouteBuilder MapPortalHealth(this IEndpointRouteBuilder routes)
    {
        routes.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync })
            .WithMetadata(ProbeMethods).AllowAnonymous().DisableRateLimiting().WithDisplayName("Liveness");
        routes.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = r => r.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync })
            .WithMetadata(ProbeMethods).AllowAnonymous().DisableRateLimiting().WithDisplayName("Readiness");
        return routes;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var accept = context.Request.GetTypedHeaders().Accept;
        if (accept.Any(a => a.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)))
        {
            context.Response.ContentType = "application/json; charset=utf-8";
            return WriteJsonAsync(context.Response.Body, report, context.RequestAborted);
        }
        context.Response.ContentType = "text/plain; charset=utf-8";
        var failing = report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy).Select(e => e.Key).ToList();
        return context.Response.WriteAsync(failing.Count == 0 ? report.Status.ToString() : $"{report.Status}: {string.Join(", ", failing)}", context.RequestAborted);
    }

    /// <summary>
    /// The shape health dashboards read (that of AspNetCore.HealthChecks.UI.Client), without exceptions: their
    /// messages may name hosts, and the endpoint is public. The log has them.
    /// </summary>
    private static async Task WriteJsonAsync(Stream body, HealthReport report, CancellationToken cancellationToken)
    {
        await using var json = new Utf8JsonWriter(body);
        json.WriteStartObject();
        json.WriteString("status", report.Status.ToString());
        json.WriteString("totalDuration", report.TotalDuration.ToString());
        json.WriteStartObject("entries");
        foreach (var (name, entry) in report.Entries)
        {
            json.WriteStartObject(name);
            json.WriteStartObject("data");
            foreach (var (key, value) in entry.Data)
            {
                json.WritePropertyName(key);
                JsonSerializer.Serialize(json, value, value.GetType());
            }
            json.WriteEndObject();
            if (entry.Description is { } description)
            {
                json.WriteString("description", description);
            }
            json.WriteString("duration", entry.Duration.ToString());
            json.WriteString("status", entry.Status.ToString());
            json.WriteStartArray("tags");
            foreach (var tag in entry.Tags)
            {
                json.WriteStringValue(tag);
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndObject();
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken);
    }
}
