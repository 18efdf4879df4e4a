using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Ledger.Chain;

namespace Portal.Web.Api;

/// <summary>
/// Every open-data answer names the ledger state it reflects, so a download can be tied to a moment anyone can
/// check: <c>Ledger-Tree-Size</c>, and <c>Ledger-Checkpoint-Hash</c>, the SHA-256 (hex) of the checkpoint note that
/// <c>GET /api/ledger/checkpoints/{size}</c> serves. The answer holds exactly what the ledger held at that size.
/// </summary>
public static class LedgerStateHeaders
{
    public const string TreeSize = Ledger.Monitoring.LogClient.TreeSizeHeader;
    public const string CheckpointHash = "Ledger-Checkpoint-Hash";

    /// <summary>
    /// The state to answer at: the one asked for, else the head the request's validators and cache key named. Null
    /// with no refusal for an empty ledger (nothing to list, nothing to name); a refusal for a size the ledger has
    /// no checkpoint for.
    /// </summary>
    public static async Task<(LedgerState? State, ProblemHttpResult? Refusal)> ResolveAsync(HttpContext context, long? asked)
    {
        var reader = context.RequestServices.GetRequiredService<LedgerReader>();
        if (asked is { } size)
        {
            return await reader.GetStateAsync(size, context.RequestAborted) is { } state
                ? (state, null)
                : (null, Problems.NotFound($"The ledger has no checkpoint at tree size {size}: a state is named by a size some block ended at, no larger than today's (GET /api/ledger/checkpoint)."));
        }
        var head = await Caching.RequestLedger.SizeAsync(context);
        return (head == 0 ? null : await reader.GetStateAsync(head, context.RequestAborted), null);
    }

    /// <summary>
    /// An open-data request's query, parsed for its shape, and the state it is to be answered at; the refusal
    /// (400 for the query, 404 for a state the ledger has no checkpoint for) when either cannot be had.
    /// </summary>
    public static async Task<(OpenDataQuery Query, LedgerState? State, ProblemHttpResult? Refusal)> ReadAsync(
        HttpContext context, OpenDataShape shape, params string[] extra)
    {
        if (!OpenDataArguments.TryParse(context.Request.Query, shape, out var query, out var error, extra))
        {
            return (query, null, Problems.BadRequest(error));
        }
        var (state, refusal) = await ResolveAsync(context, query.TreeSize);
        return (query, state, refusal);
    }

    public static void Name(HttpResponse response, LedgerState? state)
    {
        if (state is null)
        {
            return;
        }
        response.Headers[TreeSize] = state.TreeSize.ToString(CultureInfo.InvariantCulture);
        response.Headers[CheckpointHash] = state.CheckpointSha256.ToHex();
    }

    /// <summary>The size queries read below: 0 for an empty ledger, which lists nothing.</summary>
    public static long SizeOf(LedgerState? state) => state?.TreeSize ?? 0;
}
