using System.Globalization;
using Microsoft.Net.Http.Headers;
using Portal.Ledger.Chain;

namespace Portal.Web.Api;

/// <summary>
/// HTTP validators for answers that change only when the ledger grows (open data, exports): <c>ETag</c> names the
/// ledger size the answer was read at and <c>Last-Modified</c> the head block's commit time, with
/// <c>Cache-Control: no-cache</c>, so a browser, a reverse proxy or a CDN revalidates each time and a client whose copy
/// is current gets <c>304 Not Modified</c> without the portal reading anything but its head. The size is read before
/// the answer: a copy is never labelled newer than it is, so revalidation never keeps a stale one.
/// </summary>
public sealed class LedgerValidators(LedgerReader reader) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method)
            || await reader.GetHeadAsync(http.RequestAborted) is not { } head)
        {
            return await next(context);
        }
        var etag = new EntityTagHeaderValue($"\"ledger-{head.TreeSize.ToString(CultureInfo.InvariantCulture)}\"");
        // Whole seconds: HTTP dates carry no more, and If-Modified-Since is compared with what was sent.
        var modified = DateTimeOffset.FromUnixTimeSeconds(head.Timestamp.ToUnixTimeSeconds());
        var request = http.Request.GetTypedHeaders();
        var notModified = request.IfNoneMatch is { Count: > 0 } tags
            ? tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(etag, useStrongComparison: false))
            : request.IfModifiedSince is { } since && modified <= since;
        http.Response.OnStarting(() =>
        {
            // Validators only on the answer itself: a refusal (a malformed query) is not a version of anything.
            if (http.Response.StatusCode is StatusCodes.Status200OK or StatusCodes.Status304NotModified)
            {
                var headers = http.Response.GetTypedHeaders();
                headers.ETag = etag;
                headers.LastModified = modified;
                http.Response.Headers.CacheControl = "no-cache";
            }
            return Task.CompletedTask;
        });
        return notModified ? Results.StatusCode(StatusCodes.Status304NotModified) : await next(context);
    }
}
