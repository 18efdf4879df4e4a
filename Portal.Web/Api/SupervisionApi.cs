using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Ledger.Funds;
using Portal.Web.Identity;

namespace Portal.Web.Api;

/// <summary>What supervisors read that the public does not: the red flags the dashboard shows.</summary>
public static class SupervisionApi
{
    public static IEndpointRouteBuilder MapSupervisionApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/anomalies", GetAnomaliesAsync).WithName("GetAnomalies")
            .RequireAuthorization(Policies.Supervisor).WithTags("Supervision")
            .WithSummary("Red flags for supervisors, newest first: each with its requests, payments, rule version, the ledger entries it rests on, and a risk score. Filter by kind, fund, region, department and time; page with cursor.");
        return routes;
    }

    private static async Task<Results<Ok<AnomalyPage>, ProblemHttpResult>> GetAnomaliesAsync(
        HttpContext context, AnomalyService anomalies, TimeProvider clock, CancellationToken ct)
    {
        if (!AnomalyArguments.TryParse(context.Request.Query, out var filter, out var cursor, out var limit, out var error))
        {
            return Problems.BadRequest(error);
        }
        var slice = await anomalies.QueryAsync(filter, cursor, limit, clock.GetUtcNow(), ct);
        return TypedResults.Ok(new AnomalyPage([.. slice.Items.Select(AnomalyItem.From)], slice.NextCursor));
    }
}
