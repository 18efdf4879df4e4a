using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Portal.Ledger.Chain;
using Portal.Ledger.Privacy;
using Portal.Ledger.Storage;

namespace Portal.Ledger.Funds.Exports;

/// <summary>
/// Reads requests with their steps for the standards' exports (IATI, OCDS): one query, streamed in request order,
/// every step read from its ledger entry below the export's tree size. Memory holds one request at a time.
/// </summary>
public sealed class OpenDataExports(LedgerStore store)
{
    public async Task<ExportCatalogue> CatalogueAsync(CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        return new ExportCatalogue(
            await db.Set<FundRecord>().AsNoTracking().ToDictionaryAsync(f => f.Id, cancellationToken),
            await db.Set<RegionRecord>().AsNoTracking().ToDictionaryAsync(r => r.Code, StringComparer.Ordinal, cancellationToken),
            await db.Set<ProgramRecord>().AsNoTracking().ToDictionaryAsync(p => p.Code, StringComparer.Ordinal, cancellationToken),
            await db.Set<DepartmentRecord>().AsNoTracking().ToDictionaryAsync(d => d.Code, StringComparer.Ordinal, cancellationToken));
    }

    /// <summary>
    /// Every request filed below <paramref name="treeSize"/> that the filter selects, oldest first. Fund, region,
    /// program and department select requests; the time window selects steps, and a request appears when any of its
    /// steps (its filing included) falls in it. Amount bounds select payments and are not applied here.
    /// </summary>
    public async IAsyncEnumerable<RequestHistory> StreamAsync(DisbursementFilter filter, long treeSize, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        var rows =
            from r in Requests(db, filter, treeSize)
            join s in db.Set<RequestStepRecord>() on r.Id equals s.RequestId
            where s.LedgerIndex < treeSize
            join e in db.Entries on s.LedgerIndex equals e.Index
            orderby r.Id, s.LedgerIndex
            select new { RequestId = r.Id, e.Index, e.Kind, e.Payload, e.TimestampMs };
        RequestStep? filed = null;
        var steps = new List<RequestStep>();
        await foreach (var row in rows.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            var step = new RequestStep(row.Index, DateTimeOffset.FromUnixTimeMilliseconds(row.TimestampMs),
                FundEvents.Read(row.Kind, row.Payload) ?? throw new LedgerCorruptException($"Entry {row.Index}, a step of request {row.RequestId}, is not a fund event."));
            if (step.Event is RequestFiled)
            {
                if (filed is not null && Selected(filed, steps, filter) is { } previous)
                {
                    yield return previous;
                }
                filed = step;
                steps = [];
            }
            else
            {
                steps.Add(step);
            }
        }
        if (filed is not null && Selected(filed, steps, filter) is { } last)
        {
            yield return last;
        }
    }

    /// <summary>
    /// The feedback on the requests the filter selects, submitted below <paramref name="treeSize"/>, each with its
    /// steps below it, in feedback order; the time window selects feedback with its submission or a step in it.
    /// </summary>
    public async IAsyncEnumerable<FeedbackHistory> StreamFeedbackAsync(DisbursementFilter filter, long treeSize, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        var feedback =
            from f in db.Set<FeedbackRecord>().AsNoTracking()
            join r in Requests(db, filter, treeSize) on f.RequestId equals r.Id
            where f.LedgerIndex < treeSize
            select f;
        var submissions =
            from f in feedback
            join e in db.Entries on f.LedgerIndex equals e.Index
            select new { FeedbackId = f.Id, e.Index, e.Kind, e.Payload, e.TimestampMs, f.TextCommitment };
        var steps =
            from f in feedback
            join s in db.Set<FeedbackStepRecord>() on f.Id equals s.FeedbackId
            where s.LedgerIndex < treeSize
            join e in db.Entries on s.LedgerIndex equals e.Index
            select new { FeedbackId = f.Id, e.Index, e.Kind, e.Payload, e.TimestampMs, TextCommitment = (string?)null };
        var rows = submissions.Concat(steps).OrderBy(r => r.FeedbackId).ThenBy(r => r.Index);
        // Texts are read beside the open stream, on a connection of their own (PostgreSQL runs one command at a time).
        await using var lookup = store.CreateContext();
        var texts = lookup.Set<PersonalValueRecord>().AsNoTracking();
        (RequestStep Step, string Commitment)? submitted = null;
        var following = new List<RequestStep>();
        await foreach (var row in rows.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            var step = new RequestStep(row.Index, DateTimeOffset.FromUnixTimeMilliseconds(row.TimestampMs),
                FundEvents.Read(row.Kind, row.Payload) ?? throw new LedgerCorruptException($"Entry {row.Index}, a step of feedback {row.FeedbackId}, is not a fund event."));
            if (row.TextCommitment is null)
            {
                following.Add(step);
                continue;
            }
            if (submitted is { } previous && await FeedbackAsync(previous.Step, following, previous.Commitment) is { } done)
            {
                yield return done;
            }
            submitted = (step, row.TextCommitment);
            following = [];
        }
        if (submitted is { } last && await FeedbackAsync(last.Step, following, last.Commitment) is { } final)
        {
            yield return final;
        }

        async Task<FeedbackHistory?> FeedbackAsync(RequestStep submission, List<RequestStep> after, string commitment)
        {
            if (!submission.In(filter.From, filter.To) && !after.Exists(s => s.In(filter.From, filter.To)))
            {
                return null;
            }
            // The text while it is public; hidden at this size or since, it is not given (and is gone since).
            var value = after.Exists(s => s.Event is FeedbackHidden) ? null
                : await texts.Where(p => p.Commitment == commitment).Select(p => new { p.Value, p.Salt }).FirstOrDefaultAsync(cancellationToken);
            return new FeedbackHistory(submission, after, value?.Value, value is { Value: not null, Salt: { } salt } ? Convert.ToHexStringLower(salt) : null);
        }
    }

    private static RequestHistory? Selected(RequestStep filed, List<RequestStep> steps, DisbursementFilter filter)
    {
        var history = new RequestHistory(filed, steps, filter.From, filter.To);
        return filter.From is null && filter.To is null || history.InWindow(filed) || steps.Exists(history.InWindow) ? history : null;
    }

    private static IQueryable<RequestRecord> Requests(LedgerDbContext db, DisbursementFilter filter, long treeSize)
    {
        var query = db.Set<RequestRecord>().AsNoTracking().Where(r => r.FiledLedgerIndex < treeSize);
        if (filter.FundId is { } fund)
        {
            query = query.Where(r => r.FundId == fund);
        }
        if (filter.Region is { Length: > 0 } region)
        {
            // As the disbursement listing reads it: a province, prefecture or county selects everything under it
            // (GB/T 2260 codes nest by prefix), a township or village itself.
            query = query.InRegion(r => r.RegionCode, region);
        }
        if (filter.Program is { Length: > 0 } program)
        {
            query = query.Where(r => r.ProgramCode == program);
        }
        if (filter.Department is { Length: > 0 } department)
        {
            query = query.Where(r => r.DepartmentCode == department);
        }
        return query;
    }
}
