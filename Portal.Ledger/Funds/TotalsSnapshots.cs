using Portal.Ledger.Chain;

namespace Portal.Ledger.Funds;

/// <summary>The totals and breakdowns as of a ledger size.</summary>
public sealed record TotalsSnapshot(long TreeSize, PortalTotals? Totals, TotalsBreakdown Breakdown);

/// <summary>
/// The home page's and dashboard's totals, computed once per ledger size rather than once per visitor: summing a
/// million requests and a quarter of a million daily totals takes over a second, a page must show content in a few
/// hundred milliseconds. When the ledger has grown, one refresh runs; a visitor waits for it up to
/// <see cref="FreshnessBudget"/> and is otherwise shown the previous snapshot, which says the size it is of.
/// </summary>
public sealed class TotalsSnapshots(TotalsQueries queries, LedgerReader reader)
{
    /// <summary>How long a page waits for a refresh before taking the previous snapshot.</summary>
    public static readonly TimeSpan FreshnessBudget = TimeSpan.FromMilliseconds(150);

    private readonly Lock _lock = new();
    private TotalsSnapshot? _current;
    private Task<TotalsSnapshot>? _refresh;

    public async Task<TotalsSnapshot> GetAsync(CancellationToken cancellationToken = default)
    {
        var size = await reader.GetTreeSizeAsync(cancellationToken);
        var current = Volatile.Read(ref _current);
        if (current is not null && current.TreeSize >= size)
        {
            return current;
        }
        Task<TotalsSnapshot> refresh;
        lock (_lock)
        {
            // On the thread pool: not on the first caller's context (a page's circuit), which it would hold up.
            refresh = _refresh ??= Task.Run(() => RefreshAsync(size));
        }
        if (current is null)
        {
            return await refresh.WaitAsync(cancellationToken);
        }
        try
        {
            return await refresh.WaitAsync(FreshnessBudget, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Slower than the budget, or failed: the previous snapshot, which says what size it is of.
            return current;
        }
    }

    private async Task<TotalsSnapshot> RefreshAsync(long size)
    {
        try
        {
            var snapshot = new TotalsSnapshot(size, await queries.TotalsAsync(), await queries.BreakdownAsync());
            Volatile.Write(ref _current, snapshot);
            return snapshot;
        }
        finally
        {
            lock (_lock)
            {
                _refresh = null;
            }
        }
    }
}
