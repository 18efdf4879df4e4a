using Microsoft.EntityFrameworkCore;
using Portal.Ledger.Storage;

namespace Portal.Ledger.Funds;

/// <summary>
/// Completes a page of flags: each request's risk score from every flag standing against it, the payments and entries
/// a time-based flag rests on, and the disbursement record that shows a request's history.
/// </summary>
// The page's ids go into the SQL as one parameter, a JSON array: as one parameter each, binding a few hundred of them
// by name costs SQLite more than the queries themselves (300 ms for a page of 50 splits on the 1M demo), and as
// constants every page is a new statement to compile (75 ms).
internal sealed class AnomalyEvidence(LedgerDbContext db, AnomalyRules rules, long now)
{
    public async Task<IReadOnlyList<Anomaly>> CompleteAsync(List<Anomaly> page, CancellationToken ct)
    {
        var keys = page.ConvertAll(FlagKey.Of);
        var subjects = keys.Select(k => k.Subject).Distinct().ToList();
        var reviews = (await db.Set<AnomalyReviewRecord>().AsNoTracking().Where(r => EF.Parameter(subjects).Contains(r.Subject)).ToListAsync(ct))
            .ToDictionary(r => new FlagKey(r.Kind, r.Subject), r => new AnomalyReview(r.Outcome, r.Note, r.ReviewerId, DateTimeOffset.FromUnixTimeMilliseconds(r.AtMs), r.LedgerIndex));
        page = page.ConvertAll(a => reviews.TryGetValue(FlagKey.Of(a), out var review) ? a with { Review = review } : a);
        var ids = page.SelectMany(a => a.RequestIds ?? []).Distinct().ToList();
        if (ids.Count == 0)
        {
            return page.ConvertAll(a => a with { Score = RiskScore.Of([a.Kind]) });
        }
        var requests = await db.Set<RequestRecord>().AsNoTracking().Where(r => EF.Parameter(ids).Contains(r.Id))
            .Select(r => new RequestFacts(r.Id, r.FlagKinds, r.State, r.Disbursed, r.Used, r.Returned, r.LastPaidAtMs, r.DecidedAtMs, r.FiledLedgerIndex))
            .ToDictionaryAsync(r => r.Id, ct);
        var payments = (await db.Set<DisbursementRecord>().AsNoTracking().Where(d => EF.Parameter(ids).Contains(d.RequestId))
            .Select(d => new { d.RequestId, d.Id, d.LedgerIndex }).ToListAsync(ct)).ToLookup(d => d.RequestId);
        var answerDeadline = now - AnomalyService.Days(rules.ComplaintAnswerDays);
        var complained = (await db.Set<FeedbackRecord>().AsNoTracking()
            .Where(f => EF.Parameter(ids).Contains(f.RequestId) && f.Kind == FeedbackKinds.Complaint && f.FirstAnsweredAtMs == null && f.Status != FeedbackStatus.Closed && f.CreatedAtMs < answerDeadline)
            .Select(f => f.RequestId).Distinct().ToListAsync(ct)).ToHashSet();
        var idle = page.Where(a => a.Kind == AnomalyKinds.FundsIdle).Select(a => a.RequestId!.Value).ToList();
        var approvals = (await db.Set<DecisionRecord>().AsNoTracking().Where(d => EF.Parameter(idle).Contains(d.RequestId) && d.Approved)
            .Select(d => new { d.RequestId, d.LedgerIndex }).ToListAsync(ct)).ToLookup(d => d.RequestId, d => d.LedgerIndex);

        var scores = requests.Values.ToDictionary(r => r.Id, r => RiskScore.Of(KindsStanding(r, complained.Contains(r.Id))));
        return page.ConvertAll(a =>
        {
            var requestIds = a.RequestIds ?? [];
            // A pattern across a program, a county or a fund scores its own weight, not its payments' requests.
            var score = requestIds.Count == 0 || a.Kind == AnomalyKinds.PayeeConcentration ? RiskScore.Of([a.Kind]) : requestIds.Max(id => scores.GetValueOrDefault(id));
            var latest = a.RequestId is { } id && payments[id].Any() ? payments[id].Max(p => p.Id) : (long?)null;
            a = a with { Score = score, Record = a.Record ?? latest };
            return a.Kind switch
            {
                AnomalyKinds.UsageMissing => a with
                {
                    DisbursementIds = [.. payments[a.RequestId!.Value].Select(p => p.Id).Order()],
                    LedgerIndexes = [a.RequestEntry!.Value, .. payments[a.RequestId.Value].Select(p => p.LedgerIndex).Order()],
                },
                AnomalyKinds.FundsIdle => a with { DisbursementIds = [], LedgerIndexes = [a.RequestEntry!.Value, .. approvals[a.RequestId!.Value].Order()] },
                _ => a,
            };
        });
    }

    /// <summary>The kinds of every flag standing against a request now: those stored, and those time has raised.</summary>
    private IEnumerable<string> KindsStanding(RequestFacts r, bool complaintUnanswered)
    {
        foreach (var kind in RiskScore.KindsOf(r.FlagKinds))
        {
            yield return kind;
        }
        if (r.Used == 0 && r.Returned == 0 && r.LastPaidAtMs < now - AnomalyService.Days(rules.UsageMissingDays))
        {
            yield return AnomalyKinds.UsageMissing;
        }
        if (r.State == RequestState.Approved && r.Disbursed == 0 && r.DecidedAtMs < now - AnomalyService.Days(rules.IdleDays))
        {
            yield return AnomalyKinds.FundsIdle;
        }
        if (complaintUnanswered)
        {
            yield return AnomalyKinds.ComplaintUnanswered;
        }
    }

    private sealed record RequestFacts(
        long Id, int FlagKinds, RequestState State, decimal Disbursed, decimal Used, decimal Returned, long? LastPaidAtMs, long? DecidedAtMs, long FiledLedgerIndex);
}
