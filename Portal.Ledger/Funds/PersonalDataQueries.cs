using Microsoft.EntityFrameworkCore;
using Portal.Ledger.Privacy;
using Portal.Ledger.Storage;

namespace Portal.Ledger.Funds;

/// <summary>One read of a personal value, as supervisors review them.</summary>
public sealed record PersonalDataReadItem(long LedgerIndex, string Actor, string Record, long RecordId, string Field, DateTimeOffset At);

/// <summary>An erasure an administrator asked for: pending while <see cref="ErasedLedgerIndex"/> is null.</summary>
public sealed record ErasureRequestItem(long LedgerIndex, long RecordId, string Reason, string RequestedBy, DateTimeOffset At, long? ErasedLedgerIndex);

/// <param name="NextCursor">The ledger index to pass as <c>cursor</c> for the older reads; null on the last page.</param>
public sealed record PersonalDataReadPage(IReadOnlyList<PersonalDataReadItem> Items, string? NextCursor);

/// <summary>The reads of personal values, newest first, from their ledger entries.</summary>
public sealed class PersonalDataQueries(LedgerStore store)
{
    public const int PageSize = 50;

    /// <summary>The pending erasure requests, then the latest carried out, newest first.</summary>
    public async Task<IReadOnlyList<ErasureRequestItem>> ErasureRequestsAsync(int done = 20, CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        var requests = db.Set<ErasureRequestRecord>().AsNoTracking();
        var pending = await requests.Where(r => r.ErasedLedgerIndex == null).OrderByDescending(r => r.LedgerIndex).ToListAsync(cancellationToken);
        var carriedOut = await requests.Where(r => r.ErasedLedgerIndex != null).OrderByDescending(r => r.LedgerIndex).Take(done).ToListAsync(cancellationToken);
        return [.. pending.Concat(carriedOut).Select(r =>
            new ErasureRequestItem(r.LedgerIndex, r.RecordId, r.Reason, r.RequestedBy, DateTimeOffset.FromUnixTimeMilliseconds(r.AtMs), r.ErasedLedgerIndex))];
    }

    public async Task<PersonalDataReadPage> ReadsAsync(long? before, long? recordId = null, int pageSize = PageSize, CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        var reads = db.Set<PersonalDataReadRecord>().AsNoTracking();
        if (before is { } cursor)
        {
            reads = reads.Where(r => r.LedgerIndex < cursor);
        }
        if (recordId is { } id)
        {
            reads = reads.Where(r => r.Record == PersonalFields.Disbursement && r.RecordId == id);
        }
        var rows = await reads.OrderByDescending(r => r.LedgerIndex).Take(pageSize + 1).ToListAsync(cancellationToken);
        var items = rows.Take(pageSize)
            .Select(r => new PersonalDataReadItem(r.LedgerIndex, r.Actor, r.Record, r.RecordId, r.Field, DateTimeOffset.FromUnixTimeMilliseconds(r.AtMs)))
            .ToList();
        return new PersonalDataReadPage(items, rows.Count > pageSize ? items[^1].LedgerIndex.ToString(System.Globalization.CultureInfo.InvariantCulture) : null);
    }
}
