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

    /// <summary>An approval or payment outside working hours, on a weekend or on a public holiday, in the fund's time zone.</summary>
    public const string OffHoursDecision = "off-hours-decision";

    /// <summary>One evidence document cited by requests for another purpose or region, or one usage receipt cited twice.</summary>
    public const string EvidenceReuse = "evidence-reuse";

    /// <summary>One department reporting usage of exactly the amount paid, again and again.</summary>
    public const string UsageEqualsPayment = "usage-equals-payment";

    /// <summary>A request's amount per beneficiary far outside its program's distribution.</summary>
    public const string CostOutlier = "cost-outlier";

    /// <summary>Two approvers who sign off together far more often than their departments' sizes predict.</summary>
    public const string ApproverPair = "approver-pair";

    /// <summary>One payee receiving a large share of a program's or county's payments in the window (Herfindahl-Hirschman index).</summary>
    public const string PayeeConcentration = "payee-concentration";

    /// <summary>Every kind, as the API's <c>kind</c> filter takes them.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        PaymentWithoutApproval, DuplicatePayment, UsageMissing, FundsIdle, ApprovalConcentration, ComplaintUnanswered,
        ThresholdSplitting, RapidApproval, CancelAndRefile, OffHoursDecision, EvidenceReuse, UsageEqualsPayment, CostOutlier, ApproverPair, PayeeConcentration,
    ];

    /// <summary>The kinds computed when asked, as of a moment, rather than raised by an entry and stored.</summary>
    public static IReadOnlyList<string> Computed { get; } = [UsageMissing, FundsIdle, ApprovalConcentration, ComplaintUnanswered, PayeeConcentration];
}

/// <summary>Why a time is off hours: the day is a public holiday, a weekend day that is not a make-up working day, or the hour is outside the working day.</summary>
public static class OffHoursReasons
{
    public const string Holiday = "holiday";
    public const string Weekend = "weekend";
    public const string Hours = "hours";
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
/// <param name="RequestIds">Every request the flag concerns.</param>
/// <param name="RuleVersion">The version of the red-flag rules it was raised under, for the rules set on the ledger.</param>
/// <param name="DisbursementIds">Every payment the flag concerns.</param>
/// <param name="LedgerIndexes">The ledger entries the flag rests on: anyone can check the facts behind it.</param>
/// <param name="Review">The latest review of the flag, if a supervisor reviewed it.</param>
/// <param name="Score">The risk score (0 to 100) of the riskiest request it concerns, from every flag standing against it (<see cref="RiskScore"/>).</param>
public sealed record Anomaly(
    string Kind, long FundId, long? RequestId, long? DisbursementId, DateTimeOffset DetectedAt, string Detail, long? LedgerIndex,
    AnomalyFacts? Facts = null, long? Record = null, long? RequestEntry = null, IReadOnlyList<long>? RequestIds = null, int? RuleVersion = null,
    IReadOnlyList<long>? DisbursementIds = null, IReadOnlyList<long>? LedgerIndexes = null, int Score = 0, AnomalyReview? Review = null);

/// <summary>What an anomaly is about, by kind: amounts with their currency, the days of the rule, who and how many.</summary>
public sealed record AnomalyFacts(
    decimal? Amount = null, string? Currency = null, int? Days = null, string? Payee = null, long? EarlierDisbursementId = null,
    string? RequestState = null, string? Approver = null, int? Count = null, int? Total = null, string? PayeeType = null, long? FeedbackId = null,
    decimal? Threshold = null, int? Minutes = null, string? Span = null, IReadOnlyList<long>? RequestIds = null,
    decimal? PreviousAmount = null, long? PreviousRequestId = null,
    string? At = null, string? Zone = null, string? Reason = null, string? Holiday = null, string? HolidayZh = null, string? Window = null,
    string? Evidence = null, string? Department = null,
    decimal? PerBeneficiary = null, decimal? Median = null, decimal? ZScore = null, string? Program = null,
    string? Approver2 = null, decimal? Expected = null,
    string? Scope = null, string? Code = null, decimal? Hhi = null, decimal? Share = null)
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
        AnomalyKinds.OffHoursDecision when f.Span == "payment" =>
            $"Disbursement {disbursementId} paid {Amount(f)} on request {requestId} at {f.At} ({f.Zone}){OffHours(f)}.",
        AnomalyKinds.OffHoursDecision => $"Request {requestId} was approved at {f.At} ({f.Zone}){OffHours(f)}.",
        AnomalyKinds.EvidenceReuse when f.Span == "usage" =>
            $"A usage report of {Amount(f)} on request {requestId} cites receipt {Abbreviated(f.Evidence)}, already cited by a usage report on request {f.PreviousRequestId}.",
        AnomalyKinds.EvidenceReuse =>
            $"Request {requestId} cites evidence {Abbreviated(f.Evidence)}, which request {f.PreviousRequestId} cited for another {EvidenceWhat(f.Reason)}.",
        AnomalyKinds.UsageEqualsPayment =>
            $"Department {f.Department} reported usage of exactly the amount paid on {f.Count} requests within {f.Days} days (requests {string.Join(", ", f.RequestIds ?? [])}).",
        AnomalyKinds.PayeeConcentration =>
            $"{(f.Payee is { } payee ? $"Payee '{payee}'" : "One payee")} received {f.Share?.ToString("0.#", CultureInfo.InvariantCulture)} % of the {Amount(f)} paid in {f.Count} payments to {f.Total} payees of {f.Scope} {f.Code} in the last {f.Days} days (Herfindahl-Hirschman index {f.Hhi?.ToString("0.00", CultureInfo.InvariantCulture)}).",
        AnomalyKinds.ApproverPair =>
            $"{f.Approver} and {f.Approver2} signed off together on {f.Count} requests; their departments' sizes predict {f.Expected?.ToString(CultureInfo.InvariantCulture)}.",
        AnomalyKinds.CostOutlier =>
            $"Request {requestId}: {Amount(f)} for {f.Count} beneficiaries is {Money(f, f.PerBeneficiary)} each; program {f.Program}'s median is {Money(f, f.Median)} (modified z-score {f.ZScore?.ToString(CultureInfo.InvariantCulture)}, cut-off {f.Threshold?.ToString(CultureInfo.InvariantCulture)}).",
        AnomalyKinds.PaymentWithoutApproval => $"Disbursement {disbursementId} paid {Amount(f)} on request {requestId}, which is {f.RequestState}, not approved.",
        AnomalyKinds.DuplicatePayment when f.PayeeType == PayeeTypes.Individual =>
            $"An individual payee (withheld) received {Amount(f)} again (disbursement {disbursementId}); disbursement {f.EarlierDisbursementId} paid the same within {f.Days} days.",
        AnomalyKinds.DuplicatePayment => $"Payee '{f.Payee}' received {Amount(f)} again (disbursement {disbursementId}); disbursement {f.EarlierDisbursementId} paid the same within {f.Days} days.",
        _ => kind,
    };

    private static string Amount(AnomalyFacts f) => Money(f, f.Amount);

    /// <summary>A document's SHA-256 as people quote it: its first twelve digits.</summary>
    public static string Abbreviated(string? sha256) => sha256 is { Length: > 12 } ? sha256[..12] + "…" : sha256 ?? "";

    private static string EvidenceWhat(string? reason) => reason switch
    {
        EvidenceReasons.PurposeAndRegion => "purpose and region",
        EvidenceReasons.Region => "region",
        _ => "purpose",
    };

    private static string OffHours(AnomalyFacts f) => f.Reason switch
    {
        OffHoursReasons.Holiday => $", on a public holiday ({f.Holiday})",
        OffHoursReasons.Weekend => ", on a weekend",
        _ => $", outside working hours ({f.Window})",
    };

    private static string Money(AnomalyFacts f, decimal? amount) =>
        $"{f.Currency} {(amount ?? 0).ToString("N" + Funds.Money.PrecisionOf(f.Currency ?? ""), CultureInfo.InvariantCulture)}".Trim();
}

/// <summary>The flags a confirmed payment raises by itself, as it is projected.</summary>
internal static class PaymentFlags
{
    public static async Task FlagAsync(LedgerDbContext db, Chain.LedgerEntry entry, RequestRecord request, DisbursementConfirmed payment, string currency, CancellationToken ct)
    {
        if (request.State != RequestState.Approved)
        {
            var facts = new AnomalyFacts(payment.Amount, currency, RequestState: request.State.ToString().ToLowerInvariant());
            await FlagRecording.RaiseAsync(db, entry, AnomalyKinds.PaymentWithoutApproval, request, facts, [request.Id],
                [request.FiledLedgerIndex, entry.Index], null, payment.DisbursementId, ct);
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
        if (last.LastPaidAtMs >= since && await db.Set<DisbursementRecord>().FindAsync([last.LastDisbursementId], ct) is { } earlier && earlier.RequestId != request.Id)
        {
            var duplicate = new AnomalyFacts(amount, currency, AnomalyRules.Default.DuplicateWindowDays, payment.Payee, last.LastDisbursementId,
                PayeeType: payment.PayeeType);
            await FlagRecording.RaiseAsync(db, entry, AnomalyKinds.DuplicatePayment, request, duplicate, [earlier.RequestId, request.Id],
                [earlier.LedgerIndex, entry.Index], null, payment.DisbursementId, ct);
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
