using System.Globalization;
using Microsoft.Net.Http.Headers;

namespace Portal.Web.Api;

/// <summary>
/// HTTP validators for answers that change only when the ledger grows (open data, exports): <c>ETag</c> names the
/// ledger size the answer was read at and <c>Last-Modified</c> the head block's commit time, with
/// <c>Cache-Control: no-cache</c>, so a browser, a reverse proxy or a CDN revalidates each time and a client whose copy
/// is current gets <c>304 Not Modified</c> without the portal reading anything but its head. The size is read before
/// the answer: a copy is never labelled newer than it is, so revalidation never keeps a stale one.
/// </summary>
public sealed class LedgerValidators : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method)
            || await Caching.RequestLedger.HeadAsync(http) is not { } head)
        {
            return await next(context);
        }
        var etag = new EntityTagHeaderValue($"\"ledger-{head.TreeSize.ToString(CultureInfo.InvariantCulture)}\"");
        // Whole seconds: HTTP dates carry no more, and If-Modified-Since is compared with what was sent.
        var modified = DateTimeOffset.FromUnixTimeSeconds(head.Timestamp.ToUnixTimeSeconds());
        var request = http.Request.GetTypedHeaders();
        var notModified = request.IfNoneMatch is { Count: > 0 }
            ? Caching.RequestLedger.HasCurrentCopy(request, etag)
            : request.IfModifiedSince is { } since && modified <= since;
        if (notModified)
        {
            SetValidators(http.Response, etag, modified);
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }
        // Validators only on the answer itself: a refusal (a malformed query) is not a version of anything. An
        // endpoint that writes its own answer (the CSV export) gets them as it starts, by its status.
        http.Response.OnStarting(() =>
        {
            if (http.Response.StatusCode == StatusCodes.Status200OK)
            {
                SetValidators(http.Response, etag, modified);
            }
            return Task.CompletedTask;
        });
        var result = await next(context);
        // An answer still to be written gets them now, before its first byte: the output cache keeps the headers it
        // finds then.
        var answer = result is INestedHttpResult nested ? nested.Result : result;
        if (!http.Response.HasStarted && answer is not IStatusCodeHttpResult { StatusCode: not null and not StatusCodes.Status200OK })
        {
            SetValidators(http.Response, etag, modified);
        }
        return result;
    }

    private static void SetValidators(HttpResponse response, EntityTagHeaderValue etag, DateTimeOffset modified)
    {
        var headers = response.GetTypedHeaders();
        headers.ETag = etag;
        headers.LastModified = modified;
        response.Headers.CacheControl = "no-cache";
    }
}
