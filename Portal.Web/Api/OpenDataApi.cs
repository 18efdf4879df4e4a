using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Ledger.Chain;
using Portal.Ledger.Funds;
using Portal.Web.Api.Exports;

namespace Portal.Web.Api;

/// <summary>Open data: anonymous, read-only views of funds and disbursement records.</summary>
public static class OpenDataApi
{
    public static IEndpointRouteBuilder MapOpenDataApi(this IEndpointRouteBuilder routes)
    {
        // Every answer changes only when the ledger grows: validated by its size, revalidated cheaply (304).
        var api = routes.MapGroup("/api").WithTags("Open data").AllowAnonymous().RequireCors(PublicReadCors.Policy)
            .AddEndpointFilter<LedgerValidators>();
        api.MapGet("/funds", GetFunds)
            .CacheOutput(Caching.PublicOutputCachePolicy.Name)
            .WithSummary("Every fund with its budget and how much has been requested, approved, paid and used; the Ledger-Tree-Size header names the ledger size the totals reflect.");
        api.MapGet("/disbursements", GetDisbursements)
            .CacheOutput(Caching.PublicOutputCachePolicy.Name)
            .WithSummary("Disbursement records, newest first, filtered; page with nextCursor, which keeps every page at the first page's ledger state (Ledger-Tree-Size).");
        api.MapGet("/disbursements/{id}", GetDisbursement)
            .CacheOutput(Caching.PublicOutputCachePolicy.Name)
            .WithSummary("One disbursement record with its timeline from request to usage, each step a ledger entry.");
        api.MapGet("/disbursements.csv", GetDisbursementsCsv)
            .WithSummary("All disbursement records matching the filters, as CSV, at the ledger state its Ledger-Tree-Size and Ledger-Checkpoint-Hash headers name (treeSize= asks for an earlier one); manifest=true answers, instead of the file, its state, record count and SHA-256.")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv");
        return routes;
    }

    private static async Task<Ok<IReadOnlyList<FundSummary>>> GetFunds(OpenDataService data, LedgerReader reader, HttpResponse response, CancellationToken ct)
    {
        var (funds, size) = await data.FundsAtSizeAsync(ct);
        if (size > 0)
        {
            // A monitor recomputes the totals from the entries up to exactly this size and compares.
            LedgerStateHeaders.Name(response, await reader.GetStateAsync(size, ct));
        }
        return TypedResults.Ok(funds);
    }

    private static async Task<Results<Ok<DisbursementPage>, ProblemHttpResult>> GetDisbursements(HttpContext context, OpenDataService data, CancellationToken ct)
    {
        var (query, state, refusal) = await LedgerStateHeaders.ReadAsync(context, OpenDataShape.Page);
        if (refusal is not null)
        {
            return refusal;
        }
        var page = await data.DisbursementsAsync(query.Filter, query.Cursor, query.Limit, LedgerStateHeaders.SizeOf(state), ct);
        LedgerStateHeaders.Name(context.Response, state);
        return TypedResults.Ok(page);
    }

    private static async Task<Results<Ok<DisbursementDetail>, ProblemHttpResult>> GetDisbursement(string id, OpenDataService data, CancellationToken ct)
    {
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return Problems.BadRequest($"'id' must be a disbursement id, a whole number; got '{(id.Length <= 40 ? id : id[..40])}'.");
        }
        return await data.DisbursementAsync(value, ct) is { } detail
            ? TypedResults.Ok(detail)
            : Problems.NotFound($"No disbursement has id {value}.");
    }

    private static async Task GetDisbursementsCsv(HttpContext context, OpenDataService data, CancellationToken ct)
    {
        if (!OpenDataArguments.TryParse(context.Request.Query, OpenDataShape.Records, out var query, out var error, "manifest"))
        {
            await Problems.BadRequest(error).ExecuteAsync(context);
            return;
        }
        var manifest = context.Request.Query["manifest"].ToString();
        if (manifest is not ("" or "true" or "false"))
        {
            await Problems.BadRequest($"'manifest' is true or false; got '{(manifest.Length <= 40 ? manifest : manifest[..40])}'.").ExecuteAsync(context);
            return;
        }
        var (state, refusal) = await LedgerStateHeaders.ResolveAsync(context, query.TreeSize);
        if (refusal is not null)
        {
            await refusal.ExecuteAsync(context);
            return;
        }
        var records = data.StreamDisbursementsAsync(query.Filter, LedgerStateHeaders.SizeOf(state), ct);
        LedgerStateHeaders.Name(context.Response, state);
        if (manifest == "true")
        {
            await TypedResults.Ok(await ExportManifest.OfAsync(context.Request, state, stream => DisbursementsCsv.WriteAsync(stream, records, ct)))
                .ExecuteAsync(context);
            return;
        }
        context.Response.ContentType = "text/csv; charset=utf-8";
        context.Response.Headers.ContentDisposition = ExportManifest.Attachment("disbursements", state, "csv");
        await DisbursementsCsv.WriteAsync(context.Response.Body, records, ct);
    }
}

/// <summary>RFC 7807 answers shared by the APIs.</summary>
public static class Problems
{
    public static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid argument", detail: detail);

    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: detail);
}
