using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Ledger.Funds;
using Portal.Web.Api.Commands;
using Portal.Web.Identity;

namespace Portal.Web.Api;

/// <summary>
/// Individuals' names behind the ledger's commitments: disclosed to supervisors and the paying bank only, each
/// disclosure recorded on the ledger before the name is answered; and the list of those reads for supervisors.
/// </summary>
public static class PersonalDataApi
{
    public static IEndpointRouteBuilder MapPersonalDataApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api").WithTags("Personal data")
            .AddEndpointFilter(CommandEndpoints.AnswerProblemsAsync)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/disbursements/{id:long}/payee", ReadPayeeAsync).WithName("ReadPayee")
            .RequireAuthorization(Policies.PersonalDataReader)
            .WithSummary("Disclose an individual payee's name and salt (supervisors, the paying bank); the read is recorded on the ledger.");
        api.MapGet("/personal-data/reads", ReadsAsync).WithName("GetPersonalDataReads")
            .RequireAuthorization(Policies.Supervisor)
            .WithSummary("Every disclosure of personal data, newest first.");
        return routes;
    }

    private static async Task<Ok<DisclosedPayee>> ReadPayeeAsync(long id, ClaimsPrincipal user, PersonalDataService personalData, HttpContext http, CancellationToken ct)
    {
        // A name must not stay in a cache on the way, or in the browser's.
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(await personalData.ReadPayeeAsync(user.ToActor(), id, ct));
    }

    private static async Task<Results<Ok<PersonalDataReadPage>, ProblemHttpResult>> ReadsAsync(string? cursor, long? disbursement, PersonalDataQueries queries, CancellationToken ct)
    {
        long? before = null;
        if (cursor is { Length: > 0 })
        {
            if (!long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid cursor", detail: "The cursor is the nextCursor of a previous page.");
            }
            before = index;
        }
        return TypedResults.Ok(await queries.ReadsAsync(before, disbursement, cancellationToken: ct));
    }
}
