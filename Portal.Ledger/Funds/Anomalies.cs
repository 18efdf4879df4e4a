using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Ledger.Storage;

namespace Portal.Ledger.Funds;

public static class AnomalyKinds
{
    /// <summary>A payment on a request that was not approved (only possible for entries that bypassed the rules).</summary>
    public const string PaymentWithoutApproval = "payment-without-approval";

    /// <summary>The same payee received the same amount twice within the window, on two requests.</summary>
    public const string DuplicatePayment = "duplicate-payment";

    /// <summary>Money was paid, and no usage has been reported after the allowed time.</summary>
    public const string UsageMissing = "usage-missing";

    /// <summary>A request was approved and nothing has been paid after the allowed time.</summary>
    public const string FundsIdle = "funds-idle";

    /// <summary>One approver took most of a fund's recent approvals.</summary>
    public const string ApprovalConcentration = "approval-concentration";

    /// <summary>A citizen's complaint, not closed, that the department has not answered within the allowed time.</summary>
    public const string ComplaintUnanswered = "complaint-unanswered";

    /// <summary>Requests of one department for one region and program, each under an approval threshold, together over it.</summary>
    public const string ThresholdSplitting = "threshold-splitting";

    /// <summary>A request above the single-approver tier decided within minutes of filing, or signed off all at once.</summary>
    public const string RapidApproval = "rapid-approval";

    /// <summary>A request cancelled or rejected, filed again for the same purpose and region at a slightly different amount.</summary>
    public const string CancelAndRefile = "cancel-and-refile";
}

/// <summary>The thresholds of the anomaly checks.</summary>
public sealed record AnomalyRules(
    int UsageMissingDays = 30, int IdleDays = 45, int DuplicateWindowDays = 7, int ConcentrationWindowDays = 30, int ConcentrationMinimum = 20,
    double ConcentrationShare = 0.5, int ComplaintAnswerDays = 15)
{
    public static AnomalyRules Default { get; } = new();
}

/// <param name="Detail">The anomaly in English (the API's text); pages word it from <paramref name="Facts"/> in the reader's language.</param>
/// <param name="Record">A disbursement record showing the request's history (its latest payment), when it has one.</param>
/// <param name="RequestEntry">The ledger entry that filed the request, when the anomaly concerns one.</param>
/// <param name="RequestIds">Every request a flag concerns, when it concerns several (a split).</param>
/// <param name="RuleVersion">The version of the red-flag rules it was raised under, for the rules set on the ledger.</param>
public sealed record Anomaly(
    string Kind, long FundId, long? RequestId, long? DisbursementId, DateTimeOffset DetectedAt, string Detail, long? LedgerIndex,
    AnomalyFacts? Facts = null, long? Record = null, long? RequestEntry = null, IReadOnlyList<long>? RequestIds = null, int? RuleVersion = null);

/// <summary>What an anomaly is about, by kind: amounts with their currency, the days of the rule, who and how many.</summary>
public sealed record AnomalyFacts(
    decimal? Amount = null, string? Currency = null, int? Days = null, string? Payee = null, long? EarlierDisbursementId = null,
    string? RequestState = null, string? Approver = null, int? Count = null, int? Total = null, string? PayeeType = null, long? FeedbackId = null,
    decimal? Threshold = null, int? Minutes = null, string? Span = null, IReadOnlyList<long>? RequestIds = null,
    decimal? PreviousAmount = null, long? PreviousRequestId = null)
{
    public string ToJson() => System.Text.Json.JsonSerializer.Serialize(this, FundEvents.Json);

    public static AnomalyFacts? FromJson(string? json) => json is null ? null : System.Text.Json.JsonSerializer.Deserialize<AnomalyFacts>(json, FundEvents.Json);
}

/// <summary>The English text of an anomaly, as the API serves it, from its facts: amounts grouped, with their currency.</summary>
public static class AnomalyText
{
    public static string English(string kind, long? requestId, long? disbursementId, AnomalyFacts f) => kind switch
    {
        AnomalyKinds.UsageMissing => $"Request {requestId}: {Amount(f)} paid, no usage reported within {f.Days} days.",
        AnomalyKinds.FundsIdle => $"Request {requestId}: {Amount(f)} approved and unpaid for more than {f.Days} days.",
        AnomalyKinds.ApprovalConcentration => $"{f.Approver} gave {f.Count} of the fund's {f.Total} approvals in the last {f.Days} days.",
        AnomalyKinds.ComplaintUnanswered => $"Complaint {f.FeedbackId} on request {requestId} has had no answer from the department for {f.Days} days.",
        AnomalyKinds.ThresholdSplitting =>
            $"Requests {string.Join(", ", f.RequestIds ?? [])} of one department for one region and program, filed within {f.Days} days, are each at most {Money(f, f.Threshold)} and together {Amount(f)}: over the approval threshold they each stay under.",
        AnomalyKinds.CancelAndRefile =>
            $"Request {requestId} ({Amount(f)}) was filed {f.Days} days after request {f.PreviousRequestId} ({Money(f, f.PreviousAmount)}) for the same purpose and region was cancelled or rejected.",
        AnomalyKinds.RapidApproval when f.Span == "approvals" =>
            $"Request {requestId} ({Amount(f)}, above the single-approver limit of {Money(f, f.Threshold)}) got all its approvals within {f.Minutes} minutes.",
        AnomalyKinds.RapidApproval =>
            $"Request {requestId} ({Amount(f)}, above the single-approver limit of {Money(f, f.Threshold)}) was approved {f.Minutes} minutes after it was filed.",
        AnomalyKinds.PaymentWithoutApproval => $"Disbursement {disbursementId} paid {Amount(f)} on request {requestId}, which is {f.RequestState}, not approved.",
        AnomalyKinds.DuplicatePayment when f.PayeeType == PayeeTypes.Individual =>
            $"An individual payee (withheld) received {Amount(f)} again (disbursement {disbursementId}); disbursement {f.EarlierDisbursementId} paid the same within {f.Days} days.",
        AnomalyKinds.DuplicatePayment => $"Payee '{f.Payee}' received {Amount(f)} again (disbursement {disbursementId}); disbursement {f.EarlierDisbursementId} paid the same within {f.Days} days.",
        _ => kind,
    };

    private static string Amount(AnomalyFacts f) => Money(f, f.Amount);

    private static string Money(AnomalyFacts f, decimal? amount) =>
        $"{f.Currency} {(amount ?? 0).ToString("N" + Funds.Money.PrecisionOf(f.Currency ?? ""), CultureInfo.InvariantCulture)}".Trim();
}

/// <summary>
/// Anomalies for supervisors. Those an entry reveals are flagged when it is projected (and rebuilt with the rest);
/// those that are about time passing or about patterns are computed when asked, as of a moment.
/// </summary>
public sealed class AnomalyService(LedgerStore store, AnomalyRules? rules = null)
{
    private readonly AnomalyRules _rules = rules ?? AnomalyRules.Default;

    public async Task<IReadOnlyList<Anomaly>> DetectAsync(DateTimeOffset asOf, int limit = 500, CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        var now = asOf.ToUnixTimeMilliseconds();
        var anomalies = new List<Anomaly>();

        var flagged = await db.Set<AnomalyRecord>().AsNoTracking().OrderByDescending(a => a.LedgerIndex).Take(limit).ToListAsync(cancellationToken);
        var currencies = await db.Set<FundRecord>().AsNoTracking().ToDictionaryAsync(f => f.Id, f => f.Currency, cancellationToken);
        anomalies.AddRange(flagged.Select(a => new Anomaly(a.Kind, a.FundId, a.RequestId, a.DisbursementId, DateTimeOffset.FromUnixTimeMilliseconds(a.DetectedAtMs), a.Detail, a.LedgerIndex,
            AnomalyFacts.FromJson(a.Facts), a.DisbursementId,
            RequestIds: a.RequestIds is { Length: > 0 } ids ? [.. ids.Split(',').Select(i => long.Parse(i, CultureInfo.InvariantCulture))] : null,
            RuleVersion: a.RuleVersion)));

        var usageDeadline = now - (long)TimeSpan.FromDays(_rules.UsageMissingDays).TotalMilliseconds;
        var unreported = await db.Set<RequestRecord>().AsNoTracking()
            .Where(r => r.LastPaidAtMs != null && r.LastPaidAtMs < usageDeadline && r.Used == 0 && r.Returned == 0)
            .OrderBy(r => r.LastPaidAtMs).Take(limit).ToListAsync(cancellationToken);
        anomalies.AddRange(unreported.Select(r => Of(AnomalyKinds.UsageMissing, r, DateTimeOffset.FromUnixTimeMilliseconds(r.LastPaidAtMs!.Value).AddDays(_rules.UsageMissingDays),
            new AnomalyFacts(r.Disbursed, currencies.GetValueOrDefault(r.FundId), _rules.UsageMissingDays))));

        var idleDeadline = now - (long)TimeSpan.FromDays(_rules.IdleDays).TotalMilliseconds;
        var idle = await db.Set<RequestRecord>().AsNoTracking()
            .Where(r => r.State == RequestState.Approved && r.Disbursed == 0 && r.DecidedAtMs != null && r.DecidedAtMs < idleDeadline)
            .OrderBy(r => r.DecidedAtMs).Take(limit).ToListAsync(cancellationToken);
        anomalies.AddRange(idle.Select(r => Of(AnomalyKinds.FundsIdle, r, DateTimeOffset.FromUnixTimeMilliseconds(r.DecidedAtMs!.Value).AddDays(_rules.IdleDays),
            new AnomalyFacts(r.Amount, currencies.GetValueOrDefault(r.FundId), _rules.IdleDays))));

        var windowStart = now - (long)TimeSpan.FromDays(_rules.ConcentrationWindowDays).TotalMilliseconds;
        var recent = await db.Set<DecisionRecord>().AsNoTracking()
            .Where(d => d.Approved && d.AtMs >= windowStart && d.AtMs <= now)
            .Join(db.Set<RequestRecord>(), d => d.RequestId, r => r.Id, (d, r) => new { r.FundId, d.ApproverId })
            .GroupBy(x => new { x.FundId, x.ApproverId })
            .Select(g => new { g.Key.FundId, g.Key.ApproverId, Count = g.Count() })
            .ToListAsync(cancellationToken);
        foreach (var fund in recent.GroupBy(x => x.FundId))
        {
            var total = fund.Sum(x => x.Count);
            var top = fund.MaxBy(x => x.Count)!;
            if (total >= _rules.ConcentrationMinimum && top.Count > total * _rules.ConcentrationShare)
            {
                var facts = new AnomalyFacts(Days: _rules.ConcentrationWindowDays, Approver: top.ApproverId, Count: top.Count, Total: total);
                anomalies.Add(new Anomaly(AnomalyKinds.ApprovalConcentration, fund.Key, null, null, asOf,
                    AnomalyText.English(AnomalyKinds.ApprovalConcentration, null, null, facts), null, facts));
            }
        }
        var answerDeadline = now - (long)TimeSpan.FromDays(_rules.ComplaintAnswerDays).TotalMilliseconds;
        var unanswered = await db.Set<FeedbackRecord>().AsNoTracking()
            .Where(f => f.Kind == FeedbackKinds.Complaint && f.FirstAnsweredAtMs == null && f.Status != FeedbackStatus.Closed && f.CreatedAtMs < answerDeadline)
            .OrderBy(f => f.CreatedAtMs).Take(limit).ToListAsync(cancellationToken);
        anomalies.AddRange(unanswered.Select(f =>
        {
            var facts = new AnomalyFacts(Days: _rules.ComplaintAnswerDays, FeedbackId: f.Id);
            return new Anomaly(AnomalyKinds.ComplaintUnanswered, f.FundId, f.RequestId, f.Record == FeedbackRules.DisbursementRecord ? f.RecordId : null,
                DateTimeOffset.FromUnixTimeMilliseconds(f.CreatedAtMs).AddDays(_rules.ComplaintAnswerDays),
                AnomalyText.English(AnomalyKinds.ComplaintUnanswered, f.RequestId, null, facts), f.LedgerIndex, facts,
                f.Record == FeedbackRules.DisbursementRecord ? f.RecordId : null);
        }));
        var shown = anomalies.OrderByDescending(a => a.DetectedAt).Take(limit).ToList();
        // Each request's latest payment record shows its whole history; a request never paid is shown by its filing.
        var requestIds = shown.Where(a => a.Record is null && a.RequestId is not null).Select(a => a.RequestId!.Value).Distinct().ToList();
        var records = await db.Set<DisbursementRecord>().AsNoTracking().Where(d => requestIds.Contains(d.RequestId))
            .GroupBy(d => d.RequestId).Select(g => new { RequestId = g.Key, Id = g.Max(d => d.Id) }).ToDictionaryAsync(x => x.RequestId, x => x.Id, cancellationToken);
        return shown.ConvertAll(a => a.RequestId is not { } id ? a : a with
        {
            Record = a.Record ?? (records.TryGetValue(id, out var record) ? record : null),
        });
    }

    private static Anomaly Of(string kind, RequestRecord r, DateTimeOffset detectedAt, AnomalyFacts facts) =>
        new(kind, r.FundId, r.Id, null, detectedAt, AnomalyText.English(kind, r.Id, null, facts), null, facts,
            RequestEntry: r.FiledLedgerIndex);

    /// <summary>Flags a payment the projector applies that reveals an anomaly by itself.</summary>
    internal static async Task FlagPaymentAsync(LedgerDbContext db, Chain.LedgerEntry entry, RequestRecord request, DisbursementConfirmed payment, string currency, CancellationToken ct)
    {
        if (request.State != RequestState.Approved)
        {
            var facts = new AnomalyFacts(payment.Amount, currency, RequestState: request.State.ToString().ToLowerInvariant());
            db.Add(new AnomalyRecord
            {
                LedgerIndex = entry.Index, Kind = AnomalyKinds.PaymentWithoutApproval, FundId = request.FundId, RequestId = request.Id,
                DisbursementId = payment.DisbursementId, DetectedAtMs = entry.TimestampMs,
                Detail = AnomalyText.English(AnomalyKinds.PaymentWithoutApproval, request.Id, payment.DisbursementId, facts), Facts = facts.ToJson(),
            });
        }
        if (await PayeeKeyAsync(db, payment, ct) is not { } payeeKey)
        {
            return;
        }
        var since = entry.TimestampMs - (long)TimeSpan.FromDays(AnomalyRules.Default.DuplicateWindowDays).TotalMilliseconds;
        var amount = payment.Amount;
        // One keyed row per payee and amount (found in memory when written earlier in this block).
        var last = await db.Set<PayeeAmountRecord>().FindAsync([payeeKey, amount], ct);
        if (last is null)
        {
            db.Add(new PayeeAmountRecord { PayeeKey = payeeKey, Amount = amount, LastPaidAtMs = entry.TimestampMs, LastDisbursementId = payment.DisbursementId });
            return;
        }
        // Instalments of one request are no duplicate: the request's approved amount caps what they add up to.
        if (last.LastPaidAtMs >= since && (await db.Set<DisbursementRecord>().FindAsync([last.LastDisbursementId], ct))?.RequestId != request.Id)
        {
            var duplicate = new AnomalyFacts(amount, currency, AnomalyRules.Default.DuplicateWindowDays, payment.Payee, last.LastDisbursementId,
                PayeeType: payment.PayeeType);
            db.Add(new AnomalyRecord
            {
                LedgerIndex = entry.Index, Kind = AnomalyKinds.DuplicatePayment, FundId = request.FundId, RequestId = request.Id,
                DisbursementId = payment.DisbursementId, DetectedAtMs = entry.TimestampMs,
                Detail = AnomalyText.English(AnomalyKinds.DuplicatePayment, request.Id, payment.DisbursementId, duplicate), Facts = duplicate.ToJson(),
            });
        }
        FundProjector.Touch(db, last).LastPaidAtMs = entry.TimestampMs;
        last.LastDisbursementId = payment.DisbursementId;
    }

    /// <summary>
    /// The key the payment's payee is compared by: an organisation's from its public name; an individual's from the
    /// personal-value row kept beside the entry (written with it, and kept when the name is erased).
    /// </summary>
    private static async Task<string?> PayeeKeyAsync(LedgerDbContext db, DisbursementConfirmed payment, CancellationToken ct) =>
        payment.PayeeType == PayeeTypes.Individual
            ? (await db.Set<Privacy.PersonalValueRecord>().FindAsync([payment.PayeeCommitment], ct))?.MatchKey
            : payment.Payee is { Length: > 0 } name ? Privacy.PayeeKeys.Organization(name) : null;
}
