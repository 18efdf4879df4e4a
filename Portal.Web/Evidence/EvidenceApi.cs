using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Web.Api;
using Portal.Web.Identity;

namespace Portal.Web.Evidence;

/// <summary>Upload of evidence documents by officials, download by signed-in users.</summary>
public static class EvidenceApi
{
    public static IEndpointRouteBuilder MapEvidenceApi(this IEndpointRouteBuilder routes)
    {
        var evidence = routes.MapGroup("/api/evidence").WithTags("Evidence");
        evidence.MapPost("/", UploadAsync)
            .RequireAuthorization(Policies.Official)
            .AddEndpointFilter(IdentitySetup.RequireAntiforgeryForCookies)
            .DisableAntiforgery()
            .WithSummary("Store an evidence document (PDF, PNG or JPEG, at most 10 MB); returns the SHA-256 to cite in a command.");
        // Documents can name people or businesses: the hash on the ledger is public, the file is for signed-in users.
        evidence.MapGet("/{sha256}", (string sha256, EvidenceStore store) =>
                store.Find(sha256) is { } found
                    ? Results.File(found.Path, found.ContentType, enableRangeProcessing: false)
                    : Problems.NotFound($"No evidence document has SHA-256 '{(sha256.Length <= 64 ? sha256 : sha256[..64])}'."))
            .RequireAuthorization()
            .WithSummary("Download an evidence document by its SHA-256.");
        return routes;
    }

    private static async Task<Results<Created<EvidenceReceipt>, ProblemHttpResult>> UploadAsync(HttpRequest request, EvidenceStore store, CancellationToken ct)
    {
        if (request.ContentLength > EvidenceStore.MaxBytes)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Document too large", detail: "Evidence documents are at most 10 MB.");
        }
        if (!EvidenceStore.IsAllowedType(request.ContentType))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported document type",
                detail: "Send the document's bytes as the body with Content-Type application/pdf, image/png or image/jpeg.");
        }
        try
        {
            var hash = await store.SaveAsync(request.Body, request.ContentType!, ct);
            return TypedResults.Created($"/api/evidence/{hash}", new EvidenceReceipt(hash));
        }
        catch (InvalidDataException ex)
        {
            return Problems.BadRequest(ex.Message);
        }
    }

    public sealed record EvidenceReceipt(string Sha256);
}
