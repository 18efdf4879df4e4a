using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Ledger.Funds;
using Portal.Web.Identity;

namespace Portal.Web.Api;

/// <summary>
/// The fund workflow for integrations: authenticated, antiforgery-checked for browser cookies, errors as problem
/// details with a stable "code". A refused command appends nothing.
/// </summary>
public static class CommandApi
{
    private const int MaxBodyBytes = 64 * 1024;

    public sealed record FileRequestBody(long FundId, string? Program, string? Region, decimal Amount, string? Purpose, int Beneficiaries, string? EvidenceSha256);

    public sealed record DecisionBody(string? Comment);

    public sealed record CancelBody(string? Reason);

    public sealed record UsageBody(decimal Amount, string? Category, string? EvidenceSha256);

    public sealed record ReturnBody(decimal Amount, string? Reason);

    public sealed record ConfirmBody(long RequestId, string? BankReference, decimal Amount, string? Payee);

    public static IEndpointRouteBuilder MapCommandApi(this IEndpointRouteBuilder routes)
    {
        var commands = routes.MapGroup("/api").WithTags("Fund commands")
            .AddEndpointFilter(IdentitySetup.RequireAntiforgeryForCookies)
            .DisableAntiforgery(); // validated by the filter above, for cookie callers only

        commands.MapPost("/requests", (HttpContext http, FundService funds) => Run<FileRequestBody>(http, (actor, body, ct) =>
                Created(funds.FileRequestAsync(actor, new FileRequest(body.FundId, body.Program ?? "", body.Region ?? "", body.Amount, body.Purpose ?? "", body.Beneficiaries, body.EvidenceSha256), ct))))
            .RequireAuthorization(Policies.Official).WithSummary("File an allocation request for your department.");
        commands.MapPost("/requests/{id:long}/approve", (long id, HttpContext http, FundService funds) => Run<DecisionBody>(http, (actor, body, ct) =>
                Ok(funds.ApproveAsync(actor, id, body.Comment, ct))))
            .RequireAuthorization(Policies.Approver).WithSummary("Approve a request under the fund's approval policy.");
        commands.MapPost("/requests/{id:long}/reject", (long id, HttpContext http, FundService funds) => Run<DecisionBody>(http, (actor, body, ct) =>
                Ok(funds.RejectAsync(actor, id, body.Comment, ct))))
            .RequireAuthorization(Policies.Approver).WithSummary("Reject a request, with a reason.");
        commands.MapPost("/requests/{id:long}/cancel", (long id, HttpContext http, FundService funds) => Run<CancelBody>(http, (actor, body, ct) =>
                Ok(funds.CancelAsync(actor, id, body.Reason, ct))))
            .RequireAuthorization().WithSummary("Withdraw a pending request or cancel an unpaid approval.");
        commands.MapPost("/requests/{id:long}/usage", (long id, HttpContext http, FundService funds) => Run<UsageBody>(http, (actor, body, ct) =>
                Created(funds.ReportUsageAsync(actor, new ReportUsage(id, body.Amount, body.Category ?? "", body.EvidenceSha256), ct))))
            .RequireAuthorization(Policies.Official).WithSummary("Report how paid money was used.");
        commands.MapPost("/requests/{id:long}/returns", (long id, HttpContext http, FundService funds) => Run<ReturnBody>(http, (actor, body, ct) =>
                Ok(funds.ReturnFundsAsync(actor, new ReturnFunds(id, body.Amount, body.Reason), ct))))
            .RequireAuthorization(Policies.Official).WithSummary("Return paid but unused money to the fund.");
        commands.MapPost("/disbursements/confirm", (HttpContext http, FundService funds) => Run<ConfirmBody>(http, async (actor, body, ct) =>
            {
                var receipt = await funds.ConfirmDisbursementAsync(actor, new ConfirmDisbursement(body.RequestId, body.BankReference ?? "", body.Amount, body.Payee), ct);
                // The first confirmation creates the record; the same reference again is answered with it.
                return receipt.Replayed ? TypedResults.Ok(receipt) : TypedResults.Created($"/api/disbursements/{receipt.DisbursementId}", receipt);
            }))
            .RequireAuthorization(Policies.Bank).WithSummary("The paying bank confirms a payment; idempotent by bank reference.");
        return routes;
    }

    private static async Task<IResult> Created<T>(Task<T> command) => TypedResults.Created((string?)null, await command);

    private static async Task<IResult> Ok<T>(Task<T> command) => TypedResults.Ok(await command);

    /// <summary>Reads the JSON body strictly, runs the command as the caller, and maps refusals to problem details.</summary>
    private static async Task<IResult> Run<TBody>(HttpContext http, Func<Actor, TBody, CancellationToken, Task<IResult>> command)
    {
        if (http.Request.ContentLength > MaxBodyBytes)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Body too large", detail: $"A command body is at most {MaxBodyBytes} bytes.");
        }
        if (!http.Request.HasJsonContentType())
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "JSON expected", detail: "Send the command as application/json.");
        }
        TBody? body;
        try
        {
            using var limited = new LimitedStream(http.Request.Body, MaxBodyBytes);
            body = await JsonSerializer.DeserializeAsync<TBody>(limited, JsonOptions, http.RequestAborted);
        }
        catch (JsonException ex)
        {
            return Problems.BadRequest($"The body is not a valid command: {ex.Message}");
        }
        catch (LimitedStream.TooLargeException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Body too large", detail: $"A command body is at most {MaxBodyBytes} bytes.");
        }
        if (body is null)
        {
            return Problems.BadRequest("The body is empty: send the command as a JSON object.");
        }
        try
        {
            return await command(http.User.ToActor(), body, http.RequestAborted);
        }
        catch (FundRefusalException refusal)
        {
            var extensions = new Dictionary<string, object?> { ["code"] = refusal.Code };
            if (refusal.Refusal.Character is { } character)
            {
                // Lets a client point at the field and the character without parsing the message.
                extensions["field"] = refusal.Refusal.Field;
                extensions["character"] = character.Notation;
            }
            return TypedResults.Problem(statusCode: StatusFor(refusal.Code), title: "Command refused", detail: refusal.Message, extensions: extensions);
        }
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict,
    };

    public static int StatusFor(string code) => code switch
    {
        FundErrors.NotFound => StatusCodes.Status404NotFound,
        FundErrors.Forbidden or FundErrors.SelfApproval => StatusCodes.Status403Forbidden,
        FundErrors.InvalidAmount or FundErrors.InvalidArgument or FundErrors.InvalidCurrency or FundErrors.TextHasHiddenCharacters => StatusCodes.Status400BadRequest,
        _ => StatusCodes.Status409Conflict,
    };

    /// <summary>Stops reading a body at a limit even when the client sent no Content-Length.</summary>
    private sealed class LimitedStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public sealed class TooLargeException : Exception;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Count(int read)
        {
            _read += read;
            return _read > limit ? throw new TooLargeException() : read;
        }

        public override void Flush() => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
