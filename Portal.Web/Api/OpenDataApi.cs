using System.Globalization;
using CsvHelper;
using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Ledger.Funds;
using Portal.Ledger.Monitoring;

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
            .WithSummary("Disbursement records, newest first, filtered; page with nextCursor.");
        api.MapGet("/disbursements/{id}", GetDisbursement)
            .CacheOutput(Caching.PublicOutputCachePolicy.Name)
            .WithSummary("One disbursement record with its timeline from request to usage, each step a ledger entry.");
        api.MapGet("/disbursements.csv", GetDisbursementsCsv)
            .WithSummary("All disbursement records matching the filters, as CSV.")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv");
        return routes;
    }

    private static async Task<Ok<IReadOnlyList<FundSummary>>> GetFunds(OpenDataService data, HttpResponse response, CancellationToken ct)
    {
        var (funds, size) = await data.FundsAtSizeAsync(ct);
        if (size > 0)
        {
            // A monitor recomputes the totals from the entries up to exactly this size and compares.
            response.Headers[LogClient.TreeSizeHeader] = size.ToString(CultureInfo.InvariantCulture);
        }
        return TypedResults.Ok(funds);
    }

    private static async Task<Results<Ok<DisbursementPage>, ProblemHttpResult>> GetDisbursements(HttpRequest request, OpenDataService data, CancellationToken ct)
    {
        if (!OpenDataArguments.TryParse(request.Query, paged: true, out var filter, out var cursor, out var limit, out var error))
        {
            return Problems.BadRequest(error);
        }
        return TypedResults.Ok(await data.DisbursementsAsync(filter, cursor, limit, ct));
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
        if (!OpenDataArguments.TryParse(context.Request.Query, paged: false, out var filter, out _, out _, out var error))
        {
            await Problems.BadRequest(error).ExecuteAsync(context);
            return;
        }
        context.Response.ContentType = "text/csv; charset=utf-8";
        context.Response.Headers.ContentDisposition = "attachment; filename=\"disbursements.csv\"";
        // The writer flushes to the response as its buffer fills: the export streams and is never held in memory.
        await using var csv = CsvWriter.Create(context.Response.Body, options: null, leaveOpen: true);
        csv.WriteHeader(["id", "fundId", "region", "program", "department", "amount", "currency", "paidAt", "ledgerIndexes"]);
        await foreach (var item in data.StreamDisbursementsAsync(filter, ct))
        {
            csv.WriteField(item.Id.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(item.FundId.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(item.Region);
            csv.WriteField(item.Program);
            csv.WriteField(item.Department);
            csv.WriteField(item.Amount.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(item.Currency);
            csv.WriteField(item.PaidAt.ToString("O", CultureInfo.InvariantCulture));
            csv.WriteField(string.Join(' ', item.LedgerIndexes));
            await csv.EndRecordAsync(ct);
        }
        await csv.FlushAsync(ct);
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
