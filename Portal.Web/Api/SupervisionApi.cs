using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Ledger.Funds;
using Portal.Web.Api.Commands;
using Portal.Web.Identity;

namespace Portal.Web.Api;

/// <summary>What supervisors read that the public does not: the red flags the dashboard shows, and their reviews.</summary>
public static class SupervisionApi
{
    /// <param name="Flag">The flag's id from the list (<c>kind:subject</c>).</param>
    /// <param name="Outcome"><c>referred</c>, <c>explained</c> or <c>dismissed</c>.</param>
    public sealed record ReviewBody(string? Flag, string? Outcome, string? Note);

    public static IEndpointRouteBuilder MapSupervisionApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api").WithTags("Supervision").RequireAuthorization(Policies.Supervisor);
        api.MapGet("/anomalies", GetAnomaliesAsync).WithName("GetAnomalies")
            .WithSummary("Red flags for supervisors, newest first: each with its requests, payments, rule version, the ledger entries it rests on, a risk score and its latest review. Filter by kind, fund, region, department, time and review; page with cursor.");
        api.MapPost("/anomalies/reviews", (CommandBody<ReviewBody> body, ClaimsPrincipal user, AnomalyReviewService reviews, CancellationToken ct) => ReviewAsync(body.Value, user, reviews, ct))
            .Accepts<ReviewBody>("application/json").WithName("ReviewAnomaly")
            .AddEndpointFilter(CommandEndpoints.AnswerProblemsAsync)
            .AddEndpointFilter(IdentitySetup.RequireAntiforgeryForCookies).DisableAntiforgery()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Record a supervisor's review of a flag (an anomaly.reviewed entry): referred, explained or dismissed, with a note.");
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

    private static async Task<Created<CommandReceipt>> ReviewAsync(ReviewBody body, ClaimsPrincipal user, AnomalyReviewService reviews, CancellationToken ct) =>
        TypedResults.Created((string?)null, await reviews.ReviewAsync(user.ToActor(), body.Flag, body.Outcome, body.Note, ct));
}
