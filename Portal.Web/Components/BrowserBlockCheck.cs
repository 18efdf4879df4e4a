using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using Portal.Ledger.Feed;

namespace Portal.Web.Components;

/// <summary>
/// The browser verifier as a page on a circuit uses it for a stream of blocks: its module loaded once, each block
/// checked in the visitor's browser against the note the last one left (signature, consistency proof), a failure
/// written by the browser into an element of the page.
/// </summary>
public sealed class BrowserBlockCheck(IJSRuntime js) : IAsyncDisposable
{
    private IJSObjectReference? _module;

    /// <summary>Checks <paramref name="block"/> as the step after <paramref name="last"/>, whose note was <paramref name="previousNote"/>.</summary>
    public async Task<StreamStep> StepAsync(
        ElementReference failureTarget, string? previousNote, FeedBlock block, FeedBlock? last, BrowserCheck.Texts texts, CancellationToken cancellationToken)
    {
        _module ??= await js.InvokeAsync<IJSObjectReference>("import", cancellationToken, BrowserCheck.ModulePath);
        return await _module.InvokeAsync<StreamStep>("streamStepInto", cancellationToken, failureTarget, previousNote, block.ForPublic(),
            last is { } l ? new { l.Height, l.Hash, l.TreeSize, l.TreeRoot } : null, texts);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_module is not null)
            {
                await _module.DisposeAsync();
            }
        }
        catch (JSDisconnectedException)
        {
            // The visitor left first: the browser dropped the module with the page.
        }
    }

    /// <summary>What the verifier returns for one block: whether it passed, the note to pass with the next block, and
    /// (when it passed) the block's entries as their leaves record them. Its checks stay in the browser.</summary>
    public sealed record StreamStep(bool Ok, string Note, List<StreamEntry>? Entries = null);

    /// <summary>An entry as the browser derived it from its leaf; a field the entry does not record is null.</summary>
    public sealed record StreamEntry(long Index, string Kind, string Actor, DateTimeOffset Time, string LeafData, long? RequestId = null,
        long? FundId = null, string? Region = null, string? Program = null, string? Department = null, decimal? Amount = null)
    {
        public FeedEntry ToFeedEntry() => new(Index, Kind, FundId, Region, Program, Amount, LeafData) { RequestId = RequestId };
    }
}
