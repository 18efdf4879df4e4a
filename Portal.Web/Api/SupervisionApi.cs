using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Ledger.Funds;
using Portal.Web.Identity;

namespace Portal.Web.Api;

/// <summary>What supervisors read that the public does not: the anomaly flags the dashboard shows.</summary>
public static class SupervisionApi
{
    public static IEndpointRouteBuilder MapSupervisionApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/anomalies", GetAnomaliesAsync).WithName("GetAnomalies")
            .RequireAuthorization(Policies.Supervisor).WithTags("Supervision")
            .WithSummary("Anomaly flags for supervisors: payments without approval, duplicate payments, missing usage, idle funds, approval concentration.");
        return routes;
    }

    private static async Task<Ok<IReadOnlyList<Anomaly>>> GetAnomaliesAsync(AnomalyService anomalies, TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok(await anomalies.DetectAsync(clock.GetUtcNow(), cancellationToken: ct));
}
