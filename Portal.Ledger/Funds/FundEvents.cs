using System.Text.Json;
using System.Text.Json.Serialization;
using Portal.Ledger.Chain;

namespace Portal.Ledger.Funds;

/// <summary>
/// The fund entries written to the ledger: one kind each, a JSON payload with camelCase names and amounts as
/// exact decimals. The entry's actor is who caused it; the payload never names a beneficiary, and holds an
/// individual's name only as a salted commitment (<see cref="Privacy.PersonalCommitment"/>).
/// </summary>
public static class FundEvents
{
    public const string FundCreated = "fund.created";
    public const string PolicySet = "fund.policy-set";
    public const string RegionDefined = "region.defined";
    public const string ProgramDefined = "program.defined";
    public const string DepartmentDefined = "department.defined";
    public const string RequestFiled = "request.filed";
    public const string RequestApproved = "request.approved";
    public const string RequestRejected = "request.rejected";
    public const string RequestCancelled = "request.cancelled";
    public const string DisbursementConfirmed = "disbursement.confirmed";
    public const string UsageReported = "usage.reported";
    public const string FundsReturned = "funds.returned";
    public const string PersonalDataRead = "personal-data.read";
    public const string PersonalDataErasureRequested = "personal-data.erasure-requested";
    public const string PersonalDataErased = "personal-data.erased";
    public const string FeedbackSubmitted = "feedback.submitted";
    public const string FeedbackAnswered = "feedback.answered";
    public const string FeedbackEscalated = "feedback.escalated";
    public const string FeedbackClosed = "feedback.closed";
    public const string FeedbackHidden = "feedback.hidden";
    public const string FlagRulesSet = "flag-rules.set";
    public const string AnomalyReviewed = "anomaly.reviewed";

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = false,
    };

    public static string Serialize<T>(T payload) => JsonSerializer.Serialize(payload, Json);

    // The one table of fund kinds and the event types their payloads hold.
    private static readonly (string Kind, Type Type)[] Kinds =
    [
        (FundCreated, typeof(Funds.FundCreated)),
        (PolicySet, typeof(Funds.PolicySet)),
        (RegionDefined, typeof(Funds.RegionDefined)),
        (ProgramDefined, typeof(Funds.ProgramDefined)),
        (DepartmentDefined, typeof(Funds.DepartmentDefined)),
        (RequestFiled, typeof(Funds.RequestFiled)),
        (RequestApproved, typeof(Funds.RequestApproved)),
        (RequestRejected, typeof(Funds.RequestRejected)),
        (RequestCancelled, typeof(Funds.RequestCancelled)),
        (DisbursementConfirmed, typeof(Funds.DisbursementConfirmed)),
        (UsageReported, typeof(Funds.UsageReported)),
        (FundsReturned, typeof(Funds.FundsReturned)),
        (PersonalDataRead, typeof(Funds.PersonalDataRead)),
        (PersonalDataErasureRequested, typeof(Funds.PersonalDataErasureRequested)),
        (PersonalDataErased, typeof(Funds.PersonalDataErased)),
        (FeedbackSubmitted, typeof(Funds.FeedbackSubmitted)),
        (FeedbackAnswered, typeof(Funds.FeedbackAnswered)),
        (FeedbackEscalated, typeof(Funds.FeedbackEscalated)),
        (FeedbackClosed, typeof(Funds.FeedbackClosed)),
        (FeedbackHidden, typeof(Funds.FeedbackHidden)),
        (FlagRulesSet, typeof(Funds.FlagRulesSet)),
        (AnomalyReviewed, typeof(Funds.AnomalyReviewed)),
    ];

    private static readonly Dictionary<Type, string> KindByType = Kinds.ToDictionary(k => k.Type, k => k.Kind);
    private static readonly Dictionary<string, Type> TypeByKind = Kinds.ToDictionary(k => k.Kind, k => k.Type, StringComparer.Ordinal);

    /// <summary>The entry kind an event is recorded as.</summary>
    public static string KindOf(IFundEvent e) =>
        KindByType.GetValueOrDefault(e.GetType()) ?? throw new ArgumentException($"{e.GetType().Name} is not a fund event.", nameof(e));

    /// <summary>
    /// The fund event an entry holds, or null when its kind is not a fund kind (the ledger's own entries: keys,
    /// witness policies). A fund kind whose payload does not read as its event throws: the writer never stores one.
    /// </summary>
    public static IFundEvent? Read(string kind, string payload) =>
        TypeByKind.TryGetValue(kind, out var type)
            ? (IFundEvent)(JsonSerializer.Deserialize(payload, type, Json) ?? throw new JsonException($"Empty {kind} payload."))
            : null;

    /// <summary>The event's payload as its entry records it (its own type's fields, camelCase).</summary>
    public static string SerializeEvent(IFundEvent e) => JsonSerializer.Serialize(e, e.GetType(), Json);

    /// <summary>The entry that records <paramref name="e"/> by <paramref name="actorId"/>.</summary>
    public static EntryDraft Draft(string actorId, IFundEvent e) => new(KindOf(e), actorId, SerializeEvent(e));

    public static T Deserialize<T>(string payload) =>
        JsonSerializer.Deserialize<T>(payload, Json) ?? throw new JsonException("Empty payload.");
}

/// <summary>A fund event: the payload of one ledger entry, of the kind <see cref="FundEvents.KindOf"/> names.</summary>
public interface IFundEvent;

public sealed record FundCreated(long FundId, string Name, string Currency, decimal Budget, DateOnly PeriodStart, DateOnly PeriodEnd) : IFundEvent;

public sealed record PolicySet(long FundId, int Version, ApprovalPolicy Policy) : IFundEvent;

public sealed record RegionDefined(string Code, string? ParentCode, string Level, string Name, string NameEn) : IFundEvent;

public sealed record ProgramDefined(string Code, string Name, string NameEn) : IFundEvent;

public sealed record DepartmentDefined(string Code, string Name, string RegionCode) : IFundEvent;

public sealed record RequestFiled(
    long RequestId, long FundId, string Program, string Region, string Department, decimal Amount, string Purpose,
    int Beneficiaries, string? EvidenceSha256) : IFundEvent;

// Every event of a request after its filing names, as previousIndex, the ledger index of the same request's
// previous event: a reader who checks the entries of a request from its filing to its last event can prove that no
// step between them is missing (null only in entries recorded before the field existed).

/// <summary>
/// One approver's decision to approve: it counts as one of the policy's approvals, is a supervisor's sign-off, or
/// both. <see cref="Final"/> when it completed the policy and the request is approved.
/// </summary>
public sealed record RequestApproved(long RequestId, string Department, string Role, int PolicyVersion, string? Comment, bool CountsAsApproval, bool SignOff, bool Final, long? PreviousIndex = null) : IFundEvent;

public sealed record RequestRejected(long RequestId, string Department, string Role, int PolicyVersion, string Comment, long? PreviousIndex = null) : IFundEvent;

public sealed record RequestCancelled(long RequestId, string Role, string Reason, long? PreviousIndex = null) : IFundEvent;

/// <summary>
/// A payment the bank confirms. An organisation payee is named (<see cref="Payee"/>; <see cref="PayeeType"/> is
/// absent); an individual is not: <see cref="PayeeType"/> is "individual" and <see cref="PayeeCommitment"/> commits
/// to the name, which is kept apart and can be erased.
/// </summary>
public sealed record DisbursementConfirmed(
    long DisbursementId, long RequestId, string BankReference, decimal Amount, string? Payee, long? PreviousIndex = null,
    string? PayeeType = null, string? PayeeCommitment = null) : IFundEvent;

public sealed record UsageReported(long UsageId, long RequestId, decimal Amount, string Category, string? EvidenceSha256, long? PreviousIndex = null) : IFundEvent;

public sealed record FundsReturned(long RequestId, decimal Amount, string? Reason, long? PreviousIndex = null) : IFundEvent;

/// <summary>A supervisor or the paying bank (the entry's actor) read a personal value: every read is on the ledger.</summary>
public sealed record PersonalDataRead(string Record, long RecordId, string Field) : IFundEvent;

/// <summary>An administrator (the entry's actor) asks to erase a personal value; another administrator approves it.</summary>
public sealed record PersonalDataErasureRequested(string Record, long RecordId, string Field, string Reason) : IFundEvent;

/// <summary>
/// A personal value's value and salt were deleted: the entry names what and why, never the value. The commitment in
/// the original entry stays, so every proof stays valid. <see cref="RequestedBy"/>: the administrator who asked,
/// when another approved it (the entry's actor).
/// </summary>
public sealed record PersonalDataErased(string Record, long RecordId, string Field, string Commitment, string Reason, string? RequestedBy = null) : IFundEvent;

/// <summary>
/// A citizen's question, complaint or confirmation about a request or a payment (<see cref="Record"/>: "request" or
/// "disbursement"). The text is committed to like personal data (<see cref="TextCommitment"/>), so that hiding it
/// can remove it while every proof stays valid; the submitter's receipt carries the text and its salt. A contact,
/// if given, is only a commitment here: the value is readable by supervisors alone.
/// </summary>
public sealed record FeedbackSubmitted(
    long FeedbackId, string Record, long RecordId, long RequestId, string Kind, string? Category, string TextCommitment,
    IReadOnlyList<string>? PhotoSha256 = null, string? ContactCommitment = null) : IFundEvent;

/// <summary>An official of the department concerned answers; the answer is public and in the clear.</summary>
public sealed record FeedbackAnswered(long FeedbackId, string Department, string Text, long PreviousIndex) : IFundEvent;

/// <summary>A supervisor takes a feedback up: the department's answer is not the end of it.</summary>
public sealed record FeedbackEscalated(long FeedbackId, string Reason, long PreviousIndex) : IFundEvent;

/// <summary>A supervisor closes a feedback with an outcome (<see cref="FeedbackOutcomes"/>).</summary>
public sealed record FeedbackClosed(long FeedbackId, string Outcome, string? Note, long PreviousIndex) : IFundEvent;

/// <summary>
/// A supervisor hides a feedback's text as abusive or unlawful: the text and its salt are deleted (the entry and its
/// commitment stay), and the record says it was hidden, when, by which role and why.
/// </summary>
public sealed record FeedbackHidden(long FeedbackId, string Role, string Reason, long PreviousIndex) : IFundEvent;

public static class FeedbackKinds
{
    public const string Question = "question";
    public const string Complaint = "complaint";
    public const string Confirmation = "confirmation";

    public static IReadOnlyList<string> All { get; } = [Question, Complaint, Confirmation];
}

/// <summary>What a complaint is about; only complaints have one.</summary>
public static class FeedbackCategories
{
    public const string MoneyNotReceived = "money-not-received";
    public const string WorkNotDone = "work-not-done";
    public const string AmountWrong = "amount-wrong";
    public const string Other = "other";

    public static IReadOnlyList<string> All { get; } = [MoneyNotReceived, WorkNotDone, AmountWrong, Other];
}

public static class FeedbackOutcomes
{
    public const string Resolved = "resolved";
    public const string Unfounded = "unfounded";
    public const string Referred = "referred";
    public const string Answered = "answered";

    public static IReadOnlyList<string> All { get; } = [Resolved, Unfounded, Referred, Answered];
}

/// <summary>Who a payment went to: an organisation (named publicly) or an individual (withheld).</summary>
public static class PayeeTypes
{
    public const string Organization = "organization";
    public const string Individual = "individual";
}
