using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Ledger.Funds;
using Portal.Web.Identity;

namespace Portal.Web.Api.Commands;

/// <summary>
/// The fund workflow for integrations: authenticated, antiforgery-checked for browser cookies, typed bodies and
/// answers (so the OpenAPI document describes each command), errors as problem details with a stable "code". A
/// refused command appends nothing.
/// </summary>
public static class CommandApi
{
    public sealed record FileRequestBody(long FundId, string? Program, string? Region, decimal Amount, string? Purpose, int Beneficiaries, string? EvidenceSha256);

    public sealed record DecisionBody(string? Comment);

    public sealed record CancelBody(string? Reason);

    public sealed record UsageBody(decimal Amount, string? Category, string? EvidenceSha256);

    public sealed record ReturnBody(decimal Amount, string? Reason);

    /// <param name="PayeeType">"organization" (the default: named publicly) or "individual" (the ledger holds only a commitment to the name).</param>
    public sealed record ConfirmBody(long RequestId, string? BankReference, decimal Amount, string? Payee, string? PayeeType = null);

    public static IEndpointRouteBuilder MapCommandApi(this IEndpointRouteBuilder routes)
    {
        var commands = routes.MapGroup("/api").WithTags("Fund commands")
            .AddEndpointFilter(IdentitySetup.RequireAntiforgeryForCookies)
            .AddEndpointFilter(CommandEndpoints.AnswerProblemsAsync)
            .DisableAntiforgery() // validated by the filter above, for cookie callers only
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        commands.MapPost("/requests", FileRequestAsync).Accepts<FileRequestBody>("application/json").WithName("FileRequest")
            .RequireAuthorization(Policies.Official).WithSummary("File an allocation request for your department.");
        commands.MapPost("/requests/{id:long}/approve", ApproveAsync).Accepts<DecisionBody>("application/json").WithName("ApproveRequest")
            .RequireAuthorization(Policies.Approver).WithSummary("Approve a request under the fund's approval policy.");
        commands.MapPost("/requests/{id:long}/reject", RejectAsync).Accepts<DecisionBody>("application/json").WithName("RejectRequest")
            .RequireAuthorization(Policies.Approver).WithSummary("Reject a request, with a reason.");
        commands.MapPost("/requests/{id:long}/cancel", CancelAsync).Accepts<CancelBody>("application/json").WithName("CancelRequest")
            .RequireAuthorization().WithSummary("Withdraw a pending request or cancel an unpaid approval.");
        commands.MapPost("/requests/{id:long}/usage", ReportUsageAsync).Accepts<UsageBody>("application/json").WithName("ReportUsage")
            .RequireAuthorization(Policies.Official).WithSummary("Report how paid money was used.");
        commands.MapPost("/requests/{id:long}/returns", ReturnFundsAsync).Accepts<ReturnBody>("application/json").WithName("ReturnFunds")
            .RequireAuthorization(Policies.Official).WithSummary("Return paid but unused money to the fund.");
        commands.MapPost("/disbursements/confirm", ConfirmDisbursementAsync).Accepts<ConfirmBody>("application/json").WithName("ConfirmDisbursement")
            .RequireAuthorization(Policies.Bank).WithSummary("The paying bank confirms a payment; idempotent by bank reference.");
        return routes;
    }

    private static async Task<Created<CommandReceipt>> FileRequestAsync(CommandBody<FileRequestBody> body, ClaimsPrincipal user, FundService funds, CancellationToken ct)
    {
        var b = body.Value;
        var command = new FileRequest(b.FundId, b.Program ?? "", b.Region ?? "", b.Amount, b.Purpose ?? "", b.Beneficiaries, b.EvidenceSha256);
        return TypedResults.Created((string?)null, await funds.FileRequestAsync(user.ToActor(), command, ct));
    }

    private static async Task<Ok<DecisionReceipt>> ApproveAsync(long id, CommandBody<DecisionBody> body, ClaimsPrincipal user, FundService funds, CancellationToken ct) =>
        TypedResults.Ok(await funds.ApproveAsync(user.ToActor(), id, body.Value.Comment, ct));

    private static async Task<Ok<DecisionReceipt>> RejectAsync(long id, CommandBody<DecisionBody> body, ClaimsPrincipal user, FundService funds, CancellationToken ct) =>
        TypedResults.Ok(await funds.RejectAsync(user.ToActor(), id, body.Value.Comment, ct));

    private static async Task<Ok<CommandReceipt>> CancelAsync(long id, CommandBody<CancelBody> body, ClaimsPrincipal user, FundService funds, CancellationToken ct) =>
        TypedResults.Ok(await funds.CancelAsync(user.ToActor(), id, body.Value.Reason, ct));

    private static async Task<Created<CommandReceipt>> ReportUsageAsync(long id, CommandBody<UsageBody> body, ClaimsPrincipal user, FundService funds, CancellationToken ct)
    {
        var b = body.Value;
        return TypedResults.Created((string?)null, await funds.ReportUsageAsync(user.ToActor(), new ReportUsage(id, b.Amount, b.Category ?? "", b.EvidenceSha256), ct));
    }

    private static async Task<Ok<CommandReceipt>> ReturnFundsAsync(long id, CommandBody<ReturnBody> body, ClaimsPrincipal user, FundService funds, CancellationToken ct) =>
        TypedResults.Ok(await funds.ReturnFundsAsync(user.ToActor(), new ReturnFunds(id, body.Value.Amount, body.Value.Reason), ct));

    /// <summary>The first confirmation creates the record; the same reference again is answered with it.</summary>
    private static async Task<Results<Created<DisbursementReceipt>, Ok<DisbursementReceipt>>> ConfirmDisbursementAsync(
        CommandBody<ConfirmBody> body, ClaimsPrincipal user, FundService funds, CancellationToken ct)
    {
        var b = body.Value;
        var receipt = await funds.ConfirmDisbursementAsync(user.ToActor(), new ConfirmDisbursement(b.RequestId, b.BankReference ?? "", b.Amount, b.Payee, b.PayeeType), ct);
        return receipt.Replayed ? TypedResults.Ok(receipt) : TypedResults.Created($"/api/disbursements/{receipt.DisbursementId}", receipt);
    }
}
