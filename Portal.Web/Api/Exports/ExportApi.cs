using System.Globalization;
using Microsoft.Extensions.Options;
using Portal.Ledger.Chain;
using Portal.Ledger.Funds;
using Portal.Ledger.Funds.Exports;

namespace Portal.Web.Api.Exports;

/// <summary>
/// Open data in the sector's standards: IATI 2.03 activities and OCDS 1.1 releases, and an Atom feed of the newest
/// payments. Each takes the disbursement listing's filters, is read at one ledger state, names it in its headers
/// and inside the file, and streams.
/// </summary>
public static class ExportApi
{
    public const string IatiPath = "/api/iati/activities.xml";
    public const string OcdsPath = "/api/ocds/releases.json";
    public const string AtomPath = "/api/disbursements.atom";

    public static IEndpointRouteBuilder MapExportApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("").WithTags("Open data").AllowAnonymous().RequireCors(PublicReadCors.Policy)
            .AddEndpointFilter<LedgerValidators>();
        api.MapGet(IatiPath, GetIatiAsync)
            .WithSummary("Every request matching the filters as an IATI 2.03 activity file (one iati-activity per request, its approvals, payments, usage and returns as transactions), at the ledger state its Ledger-Tree-Size and Ledger-Checkpoint-Hash headers name; treeSize= asks for an earlier one.")
            .Produces(StatusCodes.Status200OK, contentType: "application/xml");
        api.MapGet(OcdsPath, GetOcdsAsync)
            .WithSummary("Every request matching the filters as an OCDS 1.1 release package (ocid per request; planning, award, contract and implementation releases), at the ledger state its Ledger-Tree-Size and Ledger-Checkpoint-Hash headers and its ledgerState field name; treeSize= asks for an earlier one.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json");
        api.MapGet(AtomPath, GetAtomAsync)
            .WithSummary("The newest disbursement records matching the filters as an Atom feed, the first page the JSON API lists at the same ledger state.")
            .Produces(StatusCodes.Status200OK, contentType: "application/atom+xml");
        return routes;
    }

    private static async Task GetAtomAsync(HttpContext context, OpenDataService data, OpenDataExports exports, IOptions<PublishingOptions> publishing, CancellationToken ct)
    {
        var (query, state, refusal) = await LedgerStateHeaders.ReadAsync(context, OpenDataShape.Records);
        if (refusal is not null || state is null)
        {
            await (refusal ?? Problems.NotFound("The ledger is empty: nothing has been paid.")).ExecuteAsync(context);
            return;
        }
        var page = await data.DisbursementsAsync(query.Filter, cursor: null, DisbursementsAtom.Entries, state.TreeSize, ct);
        var chinese = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "zh";
        var writer = new DisbursementsAtom(publishing.Value, await exports.CatalogueAsync(ct), state, Origin(context.Request) + context.Request.PathBase, chinese);
        LedgerStateHeaders.Name(context.Response, state);
        context.Response.ContentType = "application/atom+xml; charset=utf-8";
        await writer.WriteAsync(context.Response.Body, Origin(context.Request) + ExportManifest.PinnedPath(context.Request, state: null),
            ExplorerPage(context.Request, query.Filter), page.Items, ct);
    }

    private static async Task GetIatiAsync(HttpContext context, OpenDataExports exports, IOptions<PublishingOptions> publishing, CancellationToken ct)
    {
        await using var export = await OpenAsync(context, exports, ct);
        if (export is null)
        {
            return;
        }
        var writer = new IatiActivities(publishing.Value, export.Catalogue, export.State, CheckpointUrl(context.Request, export.State));
        context.Response.ContentType = "application/xml; charset=utf-8";
        context.Response.Headers.ContentDisposition = ExportManifest.Attachment("iati-activities", export.State, "xml");
        await writer.WriteAsync(context.Response.Body, export.Requests, ct);
    }

    private static async Task GetOcdsAsync(HttpContext context, OpenDataExports exports, IOptions<PublishingOptions> publishing, CancellationToken ct)
    {
        await using var export = await OpenAsync(context, exports, ct);
        if (export is null)
        {
            return;
        }
        var writer = new OcdsReleases(publishing.Value, export.Catalogue, export.State,
            Origin(context.Request) + ExportManifest.PinnedPath(context.Request, export.State), CheckpointUrl(context.Request, export.State));
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.ContentDisposition = ExportManifest.Attachment("ocds-releases", export.State, "json");
        await writer.WriteAsync(context.Response.Body, export.Requests, () => exports.StreamFeedbackAsync(export.Filter, export.State.TreeSize, ct), ct);
    }

    /// <summary>The requests an export holds, at its state; null once a refusal has been answered.</summary>
    private static async Task<Export?> OpenAsync(HttpContext context, OpenDataExports exports, CancellationToken ct)
    {
        var (query, state, refusal) = await LedgerStateHeaders.ReadAsync(context, OpenDataShape.Activities);
        if (refusal is not null || state is null)
        {
            await (refusal ?? Problems.NotFound("The ledger is empty: no request has been filed.")).ExecuteAsync(context);
            return null;
        }
        // The standards want at least one activity or release: an empty selection is answered as not found, before
        // the file starts.
        // the file starts. The names are read first: once peeked, the query is open until the export disposes it.
        var catalogue = await exports.CatalogueAsync(ct);
        var requests = await Peeked.OpenAsync(exports.StreamAsync(query.Filter, state.TreeSize, ct), ct);
        if (requests is null)
        {
            await Problems.NotFound(string.Create(CultureInfo.InvariantCulture, $"No request matches these filters at tree size {state.TreeSize}.")).ExecuteAsync(context);
            return null;
        }
        LedgerStateHeaders.Name(context.Response, state);
        return new Export(state, catalogue, requests, query.Filter);
    }

    /// <summary>The explorer page listing what a feed lists, when the page's whole days can say its dates.</summary>
    private static string? ExplorerPage(HttpRequest request, DisbursementFilter filter) =>
        Components.Explorer.ExplorerQuery.FromFilter(filter) is { } query
            ? Origin(request) + request.PathBase + "/disbursements" + QueryString.Create(query.ToUrlParameters()
                .Where(p => p.Value is not null).Select(p => KeyValuePair.Create(p.Key, (string?)p.Value!.ToString())))
            : null;

    private static string CheckpointUrl(HttpRequest request, LedgerState state) =>
        Origin(request) + request.PathBase + ExportManifest.CheckpointPath(state.TreeSize);

    private static string Origin(HttpRequest request) => $"{request.Scheme}://{request.Host}";

    private sealed record Export(LedgerState State, ExportCatalogue Catalogue, Peeked<RequestHistory> Requests, DisbursementFilter Filter) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Requests.DisposeAsync();
    }
}
