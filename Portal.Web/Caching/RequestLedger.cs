using Microsoft.AspNetCore.Http.Headers;
using Microsoft.Net.Http.Headers;
using Portal.Ledger.Chain;

namespace Portal.Web.Caching;

/// <summary>
/// What the caching of one request reads and compares, each once: the ledger's head as stored (the output cache's
/// key, the validators and the 304 all name the same version), whether the request is a read of a public page,
/// and whether the client's copy is the current one.
/// </summary>
public static class RequestLedger
{
    private const string HeadKey = "Portal.LedgerHead";

    /// <summary>The head block when the request first asked (null for an empty ledger), read once per request.</summary>
    public static async Task<LedgerBlock?> HeadAsync(HttpContext context)
    {
        if (context.Items.TryGetValue(HeadKey, out var known))
        {
            return (LedgerBlock?)known;
        }
        var head = await context.RequestServices.GetRequiredService<LedgerReader>().GetHeadAsync(context.RequestAborted);
        context.Items[HeadKey] = head;
        return head;
    }

    /// <summary>The ledger's size as stored, read before the answer: a copy is never labelled newer than it is.</summary>
    public static async Task<long> SizeAsync(HttpContext context) => (await HeadAsync(context))?.TreeSize ?? 0;

    /// <summary>A GET or HEAD of a page anyone may read (<see cref="PublicPageAttribute"/>), signed in or not.</summary>
    public static bool IsPublicPageRead(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<PublicPageAttribute>() is not null
        && (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method));

    /// <summary>Whether the client's If-None-Match names <paramref name="etag"/> (weakly) or any version.</summary>
    public static bool HasCurrentCopy(RequestHeaders request, EntityTagHeaderValue etag) =>
        request.IfNoneMatch is { Count: > 0 } tags && tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(etag, useStrongComparison: false));
}
