using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Portal.Ledger.Funds;
using Portal.Ledger.Storage;
using Portal.Web.Api.Commands;
using Portal.Web.Identity;

namespace Portal.Web.Api;

/// <summary>
/// The red-flag rules' parameters: public, like the approval policies they watch (every version is a ledger entry),
/// and set by an administrator, a new version each time.
/// </summary>
public static class FlagRulesApi
{
    public sealed record FlagRulesVersion(int Version, long LedgerIndex, DateTimeOffset SetAt, FlagRules Rules);

    public sealed record FlagRulesVersions(IReadOnlyList<FlagRulesVersion> Items);

    public static IEndpointRouteBuilder MapFlagRulesApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api").WithTags("Supervision").AddEndpointFilter(CommandEndpoints.AnswerProblemsAsync);
        api.MapGet("/flag-rules", VersionsAsync).AllowAnonymous().WithName("GetFlagRules")
            .WithSummary("Every version of the red-flag rules' parameters, newest first (docs/red-flags.md).");
        api.MapPost("/flag-rules", (CommandBody<FlagRules> body, ClaimsPrincipal user, FlagService flags, CancellationToken ct) => SetAsync(body.Value, user, flags, ct))
            .Accepts<FlagRules>("application/json").WithName("SetFlagRules")
            .RequireAuthorization(Policies.Administrator)
            .AddEndpointFilter(IdentitySetup.RequireAntiforgeryForCookies).DisableAntiforgery()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Set the next version of the red-flag rules' parameters (administrators); fields left out take their documented defaults.");
        return routes;
    }

    private static async Task<Ok<CommandReceipt>> SetAsync(FlagRules rules, ClaimsPrincipal user, FlagService flags, CancellationToken ct) =>
        TypedResults.Ok(await flags.SetRulesAsync(user.ToActor(), rules, ct));

    private static async Task<Ok<FlagRulesVersions>> VersionsAsync(LedgerStore store, HttpResponse response, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        var rows = await db.Set<FlagRulesRecord>().AsNoTracking().OrderByDescending(r => r.Version).ToListAsync(ct);
        response.Headers.CacheControl = "no-cache";
        return TypedResults.Ok(new FlagRulesVersions([.. rows.Select(r => new FlagRulesVersion(r.Version, r.LedgerIndex,
            DateTimeOffset.FromUnixTimeMilliseconds(r.SetAtMs), JsonSerializer.Deserialize<FlagRules>(r.RulesJson, FundEvents.Json)!))]));
    }
}
