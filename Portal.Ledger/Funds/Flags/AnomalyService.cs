using Microsoft.EntityFrameworkCore;
using Portal.Ledger.Storage;

namespace Portal.Ledger.Funds;

/// <summary>
/// Anomalies for supervisors, newest first, a page at a time. Those an entry reveals are flagged when it is projected
/// (and rebuilt with the rest); those that come of time passing or of patterns are computed when asked, as of a
/// moment. Each source is read in the list's order straight off an index, and the pages merged.
/// </summary>
public sealed class AnomalyService(LedgerStore store, AnomalyRules? rules = null)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    // A page never ends inside the flags one entry raised together; this many more rows per source cover them.
    private const int GroupSlack = 5;

    private readonly AnomalyRules _rules = rules ?? AnomalyRules.Default;

    /// <summary>The first <paramref name="limit"/> flags, newest first, as of <paramref name="asOf"/>.</summary>
    public async Task<IReadOnlyList<Anomaly>> DetectAsync(DateTimeOffset asOf, int limit = MaxLimit, CancellationToken cancellationToken = default) =>
        (await QueryAsync(new AnomalyFilter(), null, limit, asOf, cancellationToken)).Items;

    public async Task<AnomalySlice> QueryAsync(AnomalyFilter filter, AnomalyCursor? cursor, int limit, DateTimeOffset asOf, CancellationToken ct = default)
    {
        await using var db = store.CreateContext();
        var now = cursor?.AsOfMs ?? asOf.ToUnixTimeMilliseconds();
        var take = limit + GroupSlack;
        var found = new List<Found>();
        if (Wants(filter, null))
        {
            found.AddRange(await StoredAsync(db, filter, cursor, take, ct));
        }
        if (Wants(filter, AnomalyKinds.UsageMissing))
        {
            found.AddRange(await UsageMissingAsync(db, filter, cursor, take, now, ct));
        }
        if (Wants(filter, AnomalyKinds.FundsIdle))
        {
            found.AddRange(await FundsIdleAsync(db, filter, cursor, take, now, ct));
        }
        if (Wants(filter, AnomalyKinds.ComplaintUnanswered))
        {
            found.AddRange(await ComplaintsAsync(db, filter, cursor, take, now, ct));
        }
        if (Wants(filter, AnomalyKinds.ApprovalConcentration) && filter.Region is null && filter.Department is null)
        {
            found.AddRange(await ConcentrationAsync(db, filter, cursor, now, ct));
        }
        if (Wants(filter, AnomalyKinds.PayeeConcentration))
        {
            found.AddRange(await PayeeConcentrationAsync(db, filter, cursor, now, ct));
        }
        var ordered = found.OrderByDescending(f => f.Ms).ThenBy(f => f.Source).ThenByDescending(f => f.Id)
            .ThenBy(f => f.Anomaly.Kind, StringComparer.Ordinal).ToList();
        var page = Cut(ordered, limit);
        var next = page.Count < ordered.Count ? new AnomalyCursor(page[^1].Ms, page[^1].Source, page[^1].Id, now).Encode() : null;
        return new AnomalySlice(await new AnomalyEvidence(db, _rules, now).CompleteAsync(page.ConvertAll(f => f.Anomaly), ct), next);
    }

    private static bool Wants(AnomalyFilter filter, string? computedKind) =>
        filter.Kind is null || (computedKind is null ? !AnomalyKinds.Computed.Contains(filter.Kind) : filter.Kind == computedKind);

    /// <summary>The first <paramref name="limit"/> items, never splitting the flags of one entry across two pages.</summary>
    private static List<Found> Cut(List<Found> ordered, int limit)
    {
        if (ordered.Count <= limit)
        {
            return ordered;
        }
        var end = limit;
        while (end > 0 && ordered[end].SameGroup(ordered[end - 1]))
        {
            end--;
        }
        if (end == 0)
        {
            end = 1;
            while (end < ordered.Count && ordered[end].SameGroup(ordered[0]))
            {
                end++;
            }
        }
        return ordered[..end];
    }

    private static async Task<List<Found>> StoredAsync(LedgerDbContext db, AnomalyFilter filter, AnomalyCursor? cursor, int take, CancellationToken ct)
    {
        var query = db.Set<AnomalyRecord>().AsNoTracking();
        if (filter.Kind is { } kind)
        {
            query = query.Where(a => a.Kind == kind);
        }
        if (filter.FundId is { } fund)
        {
            query = query.Where(a => a.FundId == fund);
        }
        if (filter.Region is { } region)
        {
            query = query.InRegion(a => a.RegionCode, region);
        }
        if (filter.Department is { } department)
        {
            query = query.Where(a => a.DepartmentCode == department);
        }
        if (filter.FromMs is { } fromMs)
        {
            query = query.Where(a => a.DetectedAtMs >= fromMs);
        }
        if (filter.ToMs is { } toMs)
        {
            query = query.Where(a => a.DetectedAtMs < toMs);
        }
        if (filter.Reviewed is { } reviewed)
        {
            var reviews = db.Set<AnomalyReviewRecord>();
            query = reviewed
                ? query.Where(a => reviews.Any(v => v.Kind == a.Kind && v.Subject == a.LedgerIndex))
                : query.Where(a => !reviews.Any(v => v.Kind == a.Kind && v.Subject == a.LedgerIndex));
        }
        if (cursor is { } c)
        {
            query = c.Source == AnomalySources.Stored
                ? query.Where(a => a.DetectedAtMs < c.DetectedAtMs || (a.DetectedAtMs == c.DetectedAtMs && a.LedgerIndex < c.Id))
                : query.Where(a => a.DetectedAtMs < c.DetectedAtMs);
        }
        var rows = await query.OrderByDescending(a => a.DetectedAtMs).ThenByDescending(a => a.LedgerIndex).Take(take).ToListAsync(ct);
        return rows.ConvertAll(a =>
        {
            var facts = AnomalyFacts.FromJson(a.Facts);
            var requestIds = a.RequestIds is { Length: > 0 } ids ? FlagRecording.Split(ids) : [a.RequestId];
            long[] disbursements = [.. new[] { facts?.EarlierDisbursementId, a.DisbursementId }.OfType<long>()];
            var indexes = a.LedgerIndexes is { Length: > 0 } list ? FlagRecording.Split(list) : [a.LedgerIndex];
            var anomaly = new Anomaly(a.Kind, a.FundId, a.RequestId, a.DisbursementId, DateTimeOffset.FromUnixTimeMilliseconds(a.DetectedAtMs), a.Detail,
                a.LedgerIndex, facts, a.DisbursementId, RequestIds: requestIds, RuleVersion: a.RuleVersion, DisbursementIds: disbursements, LedgerIndexes: indexes);
            return new Found(a.DetectedAtMs, AnomalySources.Stored, a.LedgerIndex, anomaly);
        });
    }

    private async Task<List<Found>> UsageMissingAsync(LedgerDbContext db, AnomalyFilter filter, AnomalyCursor? cursor, int take, long now, CancellationToken ct)
    {
        var days = _rules.UsageMissingDays;
        var window = new Overdue(Days(days), now, filter, cursor, AnomalySources.UsageMissing);
        var rows = await window.Apply(Requests(db, filter, AnomalyKinds.UsageMissing).Where(r => r.Used == 0 && r.Returned == 0), r => r.LastPaidAtMs, r => r.Id)
            .OrderByDescending(r => r.LastPaidAtMs).ThenByDescending(r => r.Id).Take(take)
            .Select(r => new { r.Id, r.FundId, r.Disbursed, r.LastPaidAtMs, r.FiledLedgerIndex }).ToListAsync(ct);
        var currencies = await CurrenciesAsync(db, ct);
        return rows.ConvertAll(r =>
        {
            var facts = new AnomalyFacts(r.Disbursed, currencies.GetValueOrDefault(r.FundId), days);
            var at = r.LastPaidAtMs!.Value + window.Shift;
            return new Found(at, AnomalySources.UsageMissing, r.Id, ForRequest(AnomalyKinds.UsageMissing, r.Id, r.FundId, r.FiledLedgerIndex, at, facts));
        });
    }

    private async Task<List<Found>> FundsIdleAsync(LedgerDbContext db, AnomalyFilter filter, AnomalyCursor? cursor, int take, long now, CancellationToken ct)
    {
        var days = _rules.IdleDays;
        var window = new Overdue(Days(days), now, filter, cursor, AnomalySources.FundsIdle);
        var rows = await window.Apply(Requests(db, filter, AnomalyKinds.FundsIdle).Where(r => r.State == RequestState.Approved && r.Disbursed == 0), r => r.DecidedAtMs, r => r.Id)
            .OrderByDescending(r => r.DecidedAtMs).ThenByDescending(r => r.Id).Take(take)
            .Select(r => new { r.Id, r.FundId, r.Amount, r.DecidedAtMs, r.FiledLedgerIndex }).ToListAsync(ct);
        var currencies = await CurrenciesAsync(db, ct);
        return rows.ConvertAll(r =>
        {
            var facts = new AnomalyFacts(r.Amount, currencies.GetValueOrDefault(r.FundId), days);
            var at = r.DecidedAtMs!.Value + window.Shift;
            return new Found(at, AnomalySources.FundsIdle, r.Id, ForRequest(AnomalyKinds.FundsIdle, r.Id, r.FundId, r.FiledLedgerIndex, at, facts));
        });
    }

    private async Task<List<Found>> ComplaintsAsync(LedgerDbContext db, AnomalyFilter filter, AnomalyCursor? cursor, int take, long now, CancellationToken ct)
    {
        var days = _rules.ComplaintAnswerDays;
        var window = new Overdue(Days(days), now, filter, cursor, AnomalySources.ComplaintUnanswered);
        var query = db.Set<FeedbackRecord>().AsNoTracking()
            .Where(f => f.Kind == FeedbackKinds.Complaint && f.FirstAnsweredAtMs == null && f.Status != FeedbackStatus.Closed);
        if (filter.FundId is { } fund)
        {
            query = query.Where(f => f.FundId == fund);
        }
        if (filter.Region is { } region)
        {
            query = query.InRegion(f => f.RegionCode, region);
        }
        if (filter.Department is { } department)
        {
            query = query.Where(f => f.DepartmentCode == department);
        }
        if (filter.Reviewed is { } reviewed)
        {
            var reviews = db.Set<AnomalyReviewRecord>();
            query = reviewed
                ? query.Where(f => reviews.Any(v => v.Kind == AnomalyKinds.ComplaintUnanswered && v.Subject == f.Id))
                : query.Where(f => !reviews.Any(v => v.Kind == AnomalyKinds.ComplaintUnanswered && v.Subject == f.Id));
        }
        var rows = await window.Apply(query, f => f.CreatedAtMs, f => f.Id)
            .OrderByDescending(f => f.CreatedAtMs).ThenByDescending(f => f.Id).Take(take).ToListAsync(ct);
        return rows.ConvertAll(f =>
        {
            var facts = new AnomalyFacts(Days: days, FeedbackId: f.Id);
            var disbursement = f.Record == FeedbackRules.DisbursementRecord ? f.RecordId : (long?)null;
            var at = f.CreatedAtMs + window.Shift;
            var anomaly = new Anomaly(AnomalyKinds.ComplaintUnanswered, f.FundId, f.RequestId, disbursement, DateTimeOffset.FromUnixTimeMilliseconds(at),
                AnomalyText.English(AnomalyKinds.ComplaintUnanswered, f.RequestId, null, facts), f.LedgerIndex, facts, disbursement,
                RequestIds: [f.RequestId], DisbursementIds: disbursement is { } d ? [d] : [], LedgerIndexes: [f.LedgerIndex]);
            return new Found(at, AnomalySources.ComplaintUnanswered, f.Id, anomaly);
        });
    }

    /// <summary>approval-concentration: one approver gave most of a fund's approvals in the window before now.</summary>
    private async Task<List<Found>> ConcentrationAsync(LedgerDbContext db, AnomalyFilter filter, AnomalyCursor? cursor, long now, CancellationToken ct)
    {
        // Each is detected now: outside a from/to window that ends before now, or after a cursor past now, there is none.
        if ((filter.FromMs is { } fromMs && now < fromMs) || (filter.ToMs is { } toMs && now >= toMs)
            || (cursor is { } c && (now > c.DetectedAtMs || (now == c.DetectedAtMs && c.Source > AnomalySources.ApprovalConcentration))))
        {
            return [];
        }
        var windowStart = now - Days(_rules.ConcentrationWindowDays);
        var decisions = db.Set<DecisionRecord>().AsNoTracking().Where(d => d.Approved && d.AtMs >= windowStart && d.AtMs <= now)
            .Join(db.Set<RequestRecord>(), d => d.RequestId, r => r.Id, (d, r) => new { r.FundId, d.ApproverId, d.LedgerIndex });
        if (filter.FundId is { } fund)
        {
            decisions = decisions.Where(d => d.FundId == fund);
        }
        var counts = await decisions.GroupBy(x => new { x.FundId, x.ApproverId })
            .Select(g => new { g.Key.FundId, g.Key.ApproverId, Count = g.Count() }).ToListAsync(ct);
        var found = new List<Found>();
        foreach (var byFund in counts.GroupBy(x => x.FundId))
        {
            var total = byFund.Sum(x => x.Count);
            var top = byFund.MaxBy(x => x.Count)!;
            if (total < _rules.ConcentrationMinimum || top.Count <= total * _rules.ConcentrationShare
                || (cursor is { } at && now == at.DetectedAtMs && at.Source == AnomalySources.ApprovalConcentration && byFund.Key >= at.Id))
            {
                continue;
            }
            if (filter.Reviewed is { } reviewed
                && reviewed != await db.Set<AnomalyReviewRecord>().AnyAsync(v => v.Kind == AnomalyKinds.ApprovalConcentration && v.Subject == byFund.Key, ct))
            {
                continue;
            }
            var indexes = await decisions.Where(d => d.FundId == top.FundId && d.ApproverId == top.ApproverId).Select(d => d.LedgerIndex).OrderBy(i => i).ToListAsync(ct);
            var facts = new AnomalyFacts(Days: _rules.ConcentrationWindowDays, Approver: top.ApproverId, Count: top.Count, Total: total);
            var anomaly = new Anomaly(AnomalyKinds.ApprovalConcentration, byFund.Key, null, null, DateTimeOffset.FromUnixTimeMilliseconds(now),
                AnomalyText.English(AnomalyKinds.ApprovalConcentration, null, null, facts), null, facts, RequestIds: [], DisbursementIds: [], LedgerIndexes: indexes);
            found.Add(new Found(now, AnomalySources.ApprovalConcentration, byFund.Key, anomaly));
        }
        return found;
    }

    private static async Task<List<Found>> PayeeConcentrationAsync(LedgerDbContext db, AnomalyFilter filter, AnomalyCursor? cursor, long now, CancellationToken ct)
    {
        if ((filter.FromMs is { } fromMs && now < fromMs) || (filter.ToMs is { } toMs && now >= toMs))
        {
            return [];
        }
        var found = new List<Found>();
        foreach (var flag in await PayeeConcentration.DetectAsync(db, filter, now, ct))
        {
            var subject = FlagKey.Of(flag).Subject;
            if (cursor is { } c && (now > c.DetectedAtMs || (now == c.DetectedAtMs
                && (c.Source > AnomalySources.PayeeConcentration || (c.Source == AnomalySources.PayeeConcentration && subject >= c.Id)))))
            {
                continue;
            }
            if (filter.Reviewed is { } reviewed
                && reviewed != await db.Set<AnomalyReviewRecord>().AnyAsync(v => v.Kind == AnomalyKinds.PayeeConcentration && v.Subject == subject, ct))
            {
                continue;
            }
            found.Add(new Found(now, AnomalySources.PayeeConcentration, subject, flag));
        }
        return found;
    }

    /// <summary>The requests a time-based check reads, by the filters that are columns of the request.</summary>
    private static IQueryable<RequestRecord> Requests(LedgerDbContext db, AnomalyFilter filter, string kind)
    {
        var query = db.Set<RequestRecord>().AsNoTracking();
        if (filter.Reviewed is { } reviewed)
        {
            var reviews = db.Set<AnomalyReviewRecord>();
            query = reviewed
                ? query.Where(r => reviews.Any(v => v.Kind == kind && v.Subject == r.Id))
                : query.Where(r => !reviews.Any(v => v.Kind == kind && v.Subject == r.Id));
        }
        if (filter.FundId is { } fund)
        {
            query = query.Where(r => r.FundId == fund);
        }
        if (filter.Region is { } region)
        {
            query = query.InRegion(r => r.RegionCode, region);
        }
        if (filter.Department is { } department)
        {
            query = query.Where(r => r.DepartmentCode == department);
        }
        return query;
    }

    private static Anomaly ForRequest(string kind, long requestId, long fundId, long filedIndex, long atMs, AnomalyFacts facts) =>
        new(kind, fundId, requestId, null, DateTimeOffset.FromUnixTimeMilliseconds(atMs), AnomalyText.English(kind, requestId, null, facts), null, facts,
            RequestEntry: filedIndex, RequestIds: [requestId]);

    private static Task<Dictionary<long, string>> CurrenciesAsync(LedgerDbContext db, CancellationToken ct) =>
        db.Set<FundRecord>().AsNoTracking().ToDictionaryAsync(f => f.Id, f => f.Currency, ct);

    internal static long Days(int days) => (long)TimeSpan.FromDays(days).TotalMilliseconds;

    private sealed record Found(long Ms, int Source, long Id, Anomaly Anomaly)
    {
        public bool SameGroup(Found other) => Ms == other.Ms && Source == other.Source && Id == other.Id;
    }
}
