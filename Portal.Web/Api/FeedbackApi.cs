using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Ledger.Funds;
using Portal.Web.Api.Commands;
using Portal.Web.Evidence;
using Portal.Web.Feedback;
using Portal.Web.Identity;

namespace Portal.Web.Api;

/// <summary>
/// Citizens' voice: anyone may send feedback on a request or a payment (rate-limited per address, the body capped),
/// and gets a receipt that proves the entry; officials of the department concerned answer, supervisors escalate,
/// close and hide. The list is open data. A refused command appends nothing.
/// </summary>
public static class FeedbackApi
{
    public sealed record FeedbackBody(string? Kind, string? Category, string? Text, IReadOnlyList<string>? PhotoSha256, string? Contact);

    public sealed record AnswerBody(string? Text);

    public sealed record ReasonBody(string? Reason);

    public sealed record CloseBody(string? Outcome, string? Note);

    public static IEndpointRouteBuilder MapFeedbackApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api").WithTags("Feedback")
            .AddEndpointFilter(CommandEndpoints.AnswerProblemsAsync)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        // Anonymous callers carry no cookie a forged page could ride on; a signed-in browser's cookie is checked.
        var submit = api.MapGroup("").AllowAnonymous().AddEndpointFilter(RequireAntiforgeryForSignedInCookies).DisableAntiforgery();
        submit.MapPost("/disbursements/{id:long}/feedback", (long id, CommandBody<FeedbackBody> body, HttpContext http, CancellationToken ct) =>
                SubmitAsync(FeedbackRules.DisbursementRecord, id, body, http, ct))
            .Accepts<FeedbackBody>("application/json").WithName("SubmitDisbursementFeedback")
            .WithSummary("A question, complaint or confirmation about a payment; anyone may send one. Answers the receipt.");
        submit.MapPost("/requests/{id:long}/feedback", (long id, CommandBody<FeedbackBody> body, HttpContext http, CancellationToken ct) =>
                SubmitAsync(FeedbackRules.RequestRecord, id, body, http, ct))
            .Accepts<FeedbackBody>("application/json").WithName("SubmitRequestFeedback")
            .WithSummary("A question, complaint or confirmation about a request; anyone may send one. Answers the receipt.");

        submit.MapPost("/feedback/photos", UploadPhotoAsync).WithName("UploadFeedbackPhoto")
            .WithSummary("A photo for feedback (PNG or JPEG, at most 5 MB); anyone may send one. Returns the SHA-256 to cite in photoSha256.");
        // Open data, as the rest: a verifier saved anywhere reads the list across origins.
        api.MapGet("/feedback/photos/{sha256}", PhotoAsync).WithName("GetFeedbackPhoto").AllowAnonymous().RequireCors(PublicReadCors.Policy)
            .WithSummary("A photo that public feedback cites (none of a hidden feedback's).");
        api.MapGet("/feedback", ListAsync).WithName("ListFeedback").AllowAnonymous().RequireCors(PublicReadCors.Policy)
            .WithSummary("Public feedback, newest first, with its answers, escalations, closing and hiding.");

        var act = api.MapGroup("/feedback/{id:long}")
            .AddEndpointFilter(IdentitySetup.RequireAntiforgeryForCookies).DisableAntiforgery()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);
        act.MapPost("/answer", (long id, CommandBody<AnswerBody> body, ClaimsPrincipal user, FeedbackService feedback, CancellationToken ct) =>
                Ok(feedback.AnswerAsync(user.ToActor(), id, body.Value.Text, ct)))
            .Accepts<AnswerBody>("application/json").WithName("AnswerFeedback").RequireAuthorization(Policies.Official)
            .WithSummary("An official of the department concerned answers.");
        act.MapPost("/escalate", (long id, CommandBody<ReasonBody> body, ClaimsPrincipal user, FeedbackService feedback, CancellationToken ct) =>
                Ok(feedback.EscalateAsync(user.ToActor(), id, body.Value.Reason, ct)))
            .Accepts<ReasonBody>("application/json").WithName("EscalateFeedback").RequireAuthorization(Policies.Supervisor)
            .WithSummary("A supervisor takes the feedback up.");
        act.MapPost("/close", (long id, CommandBody<CloseBody> body, ClaimsPrincipal user, FeedbackService feedback, CancellationToken ct) =>
                Ok(feedback.CloseAsync(user.ToActor(), id, body.Value.Outcome, body.Value.Note, ct)))
            .Accepts<CloseBody>("application/json").WithName("CloseFeedback").RequireAuthorization(Policies.Supervisor)
            .WithSummary("A supervisor closes the feedback with an outcome: resolved, unfounded, referred or answered.");
        act.MapPost("/hide", (long id, CommandBody<ReasonBody> body, ClaimsPrincipal user, FeedbackService feedback, CancellationToken ct) =>
                Ok(feedback.HideAsync(user.ToActor(), id, body.Value.Reason, ct)))
            .Accepts<ReasonBody>("application/json").WithName("HideFeedback").RequireAuthorization(Policies.Supervisor)
            .WithSummary("A supervisor hides abusive or unlawful text: the text is deleted, the entry and the record of the hiding stay.");
        act.MapGet("/contact", async (long id, ClaimsPrincipal user, FeedbackService feedback, HttpContext http, CancellationToken ct) =>
            {
                http.Response.Headers.CacheControl = "no-store";
                return TypedResults.Ok(await feedback.ReadContactAsync(user.ToActor(), id, ct));
            })
            .WithName("ReadFeedbackContact").RequireAuthorization(Policies.Supervisor)
            .WithSummary("Disclose the contact a citizen left (supervisors); the read is recorded on the ledger.");
        return routes;
    }

    private static async Task<Ok<CommandReceipt>> Ok(Task<CommandReceipt> step) => TypedResults.Ok(await step);

    private static async Task<Results<Created<FeedbackReceiptResponse>, ProblemHttpResult>> SubmitAsync(
        string record, long id, CommandBody<FeedbackBody> body, HttpContext http, CancellationToken ct)
    {
        var b = body.Value;
        var photos = http.RequestServices.GetRequiredService<FeedbackPhotos>().Store;
        if (b.PhotoSha256?.FirstOrDefault(p => p is not null && p.Length == 64 && photos.Find(p.ToLowerInvariant()) is null) is { } missing)
        {
            return Problems.BadRequest($"No photo with SHA-256 {missing} was uploaded: send it to POST /api/feedback/photos first.");
        }
        var actor = http.User.Identity?.IsAuthenticated == true ? http.User.ToActor().Id : FeedbackService.AnonymousActor;
        var receipts = http.RequestServices.GetRequiredService<FeedbackReceipts>();
        var response = await receipts.SubmitAsync(actor, new SubmitFeedback(record, id, b.Kind, b.Category, b.Text, b.PhotoSha256, b.Contact), ct);
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Created($"/api/feedback?{record}={id}", response);
    }

    public const long MaxPhotoBytes = 5 * 1024 * 1024;

    public sealed record PhotoReceipt(string Sha256);

    private static async Task<Results<Created<PhotoReceipt>, ProblemHttpResult>> UploadPhotoAsync(HttpRequest request, FeedbackPhotos photos, CancellationToken ct)
    {
        var store = photos.Store;
        if (request.ContentLength > MaxPhotoBytes)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Photo too large", detail: "A photo is at most 5 MB.");
        }
        if (request.ContentType is not ("image/png" or "image/jpeg"))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported photo type",
                detail: "Send the photo's bytes as the body with Content-Type image/png or image/jpeg.");
        }
        // Holds for a body sent without a length too.
        if (request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxPhotoBytes;
        }
        try
        {
            using var received = new MemoryStream();
            await request.Body.CopyToAsync(received, ct);
            if (received.Length > MaxPhotoBytes)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Photo too large", detail: "A photo is at most 5 MB.");
            }
            // Stored and published without the sender's location, time and device: see PhotoMetadata.
            var stripped = PhotoMetadata.Strip(received.GetBuffer().AsSpan(0, (int)received.Length), request.ContentType);
            var hash = await store.SaveAsync(new MemoryStream(stripped, writable: false), request.ContentType, ct);
            return TypedResults.Created($"/api/feedback/photos/{hash}", new PhotoReceipt(hash));
        }
        catch (InvalidDataException ex)
        {
            return Problems.BadRequest(ex.Message);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Photo too large", detail: "A photo is at most 5 MB.");
        }
    }

    private static async Task<IResult> PhotoAsync(string sha256, FeedbackPhotos photos, FeedbackQueries queries, HttpResponse response, CancellationToken ct)
    {
        var store = photos.Store;
        // Only what public feedback cites: an upload nobody cited, or a hidden feedback's photo, is not served.
        if (store.Find(sha256) is not { } found || !await queries.IsPublicPhotoAsync(sha256.ToLowerInvariant(), ct))
        {
            return Problems.NotFound($"No public feedback cites a photo with SHA-256 '{(sha256.Length <= 64 ? sha256 : sha256[..64])}'.");
        }
        // A supervisor may hide the feedback later: revalidated, never kept for long.
        response.Headers.CacheControl = "no-cache";
        return Results.File(found.Path, found.ContentType, enableRangeProcessing: false);
    }

    private static async Task<Results<Ok<FeedbackPage>, ProblemHttpResult>> ListAsync(
        string? disbursement, string? request, string? region, string? department, string? status, string? cursor,
        FeedbackQueries queries, HttpContext http, CancellationToken ct)
    {
        if (!TryId(disbursement, "disbursement", out var disbursementId, out var problem)
            || !TryId(request, "request", out var requestId, out problem)
            || !TryId(cursor, "cursor", out var before, out problem))
        {
            return problem!;
        }
        if (region is { Length: > 0 } && !RegionCodes.IsWellFormed(region))
        {
            return Problems.BadRequest("'region' is a GB/T 2260 code of 2, 4, 6, 9 or 12 digits.");
        }
        FeedbackStatus? wanted = null;
        if (status is { Length: > 0 })
        {
            if (!FeedbackQueries.TryParseStatus(status, out var parsed))
            {
                return Problems.BadRequest("'status' is open, answered, escalated or closed.");
            }
            wanted = parsed;
        }
        http.Response.Headers.CacheControl = "no-cache";
        return TypedResults.Ok(await queries.ListAsync(new FeedbackFilter(disbursementId, requestId, region, department, wanted), before, cancellationToken: ct));
    }

    private static bool TryId(string? text, string name, out long? value, out ProblemHttpResult? problem)
    {
        value = null;
        problem = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed <= 0)
        {
            problem = Problems.BadRequest($"'{name}' is a positive whole number.");
            return false;
        }
        value = parsed;
        return true;
    }

    private static async ValueTask<object?> RequireAntiforgeryForSignedInCookies(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var user = context.HttpContext.User.Identity;
        return user is { IsAuthenticated: true }
            ? await IdentitySetup.RequireAntiforgeryForCookies(context, next)
            : await next(context);
    }
}
