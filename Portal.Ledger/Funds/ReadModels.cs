namespace Portal.Ledger.Funds;

// Read models: projections of the ledger, rebuilt from it on demand. Amounts are decimal; times are Unix
// milliseconds like the ledger's own; ledger indexes point back to the entries behind each row.

public sealed class FundRecord
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public required string Currency { get; set; }
    public decimal Budget { get; set; }
    public DateOnly PeriodStart { get; set; }
    public DateOnly PeriodEnd { get; set; }
    /// <summary>Sum of all amounts requested.</summary>
    public decimal Requested { get; set; }
    /// <summary>Committed: approved amounts, less cancellations and returns. Never exceeds the budget.</summary>
    public decimal Approved { get; set; }
    public decimal Disbursed { get; set; }
    public decimal Used { get; set; }
    public decimal Returned { get; set; }
    public int PolicyVersion { get; set; }
    public long LedgerIndex { get; set; }
}

public sealed class PolicyRecord
{
    public long FundId { get; set; }
    public int Version { get; set; }
    public required string PolicyJson { get; set; }
    public long LedgerIndex { get; set; }
}

// A definition's LedgerIndex is its region.defined, program.defined or department.defined entry, which pages hand
// the browser verifier with the names they show (null only in rows projected before the column existed: run
// rebuild-projections).

public sealed class RegionRecord
{
    public required string Code { get; set; }
    public string? ParentCode { get; set; }
    public required string Level { get; set; }
    public required string Name { get; set; }
    public required string NameEn { get; set; }
    public long? LedgerIndex { get; set; }
}

public sealed class ProgramRecord
{
    public required string Code { get; set; }
    public required string Name { get; set; }
    public required string NameEn { get; set; }
    public long? LedgerIndex { get; set; }
}

public sealed class DepartmentRecord
{
    public required string Code { get; set; }
    public required string Name { get; set; }
    public required string RegionCode { get; set; }
    public long? LedgerIndex { get; set; }
}

public enum RequestState
{
    Pending,
    Approved,
    Rejected,
    Cancelled,
}

public sealed class RequestRecord
{
    public long Id { get; set; }
    public long FundId { get; set; }
    public required string ProgramCode { get; set; }
    public required string RegionCode { get; set; }
    public required string DepartmentCode { get; set; }
    public required string RequesterId { get; set; }
    public decimal Amount { get; set; }
    public required string Purpose { get; set; }
    public int Beneficiaries { get; set; }
    public string? EvidenceSha256 { get; set; }
    public RequestState State { get; set; }
    public long FiledAtMs { get; set; }
    public long? DecidedAtMs { get; set; }
    public int? DecidedPolicyVersion { get; set; }
    /// <summary>The approvals given that count towards the policy's tier (a supervisor's sign-off alone does not).</summary>
    public int ApprovalsCounted { get; set; }
    public bool SupervisorSignedOff { get; set; }
    public decimal Disbursed { get; set; }
    public decimal Used { get; set; }
    public decimal Returned { get; set; }
    public long? LastPaidAtMs { get; set; }
    public long? LastUsageAtMs { get; set; }

    /// <summary>When and by which entry the request got its first approval: how fast its sign-offs came (rapid-approval).</summary>
    public long? FirstApprovedAtMs { get; set; }
    public long? FirstApprovedIndex { get; set; }

    /// <summary>The kinds of the stored flags that concern the request, one bit each (<see cref="RiskScore"/>).</summary>
    public int FlagKinds { get; set; }
    /// <summary>The ledger index of the request's filing.</summary>
    public long FiledLedgerIndex { get; set; }

    /// <summary>
    /// The ledger index of the request's latest event, which its next event names. The request's row is the write
    /// transaction's own, so an event appended earlier in the same block is already counted.
    /// </summary>
    public long LastLedgerIndex { get; set; }
}

public sealed class DecisionRecord
{
    public long RequestId { get; set; }
    public required string ApproverId { get; set; }
    public required string Department { get; set; }
    public required string Role { get; set; }
    public bool Approved { get; set; }
    /// <summary>An approval that counts towards the policy's tier; false for a rejection and for a sign-off alone.</summary>
    public bool CountsAsApproval { get; set; }
    public int PolicyVersion { get; set; }
    public string? Comment { get; set; }
    public long AtMs { get; set; }
    public long LedgerIndex { get; set; }
}

/// <summary>One event of a request (its filing, decisions, payments, usage reports, returns, cancellation), by ledger index.</summary>
public sealed class RequestStepRecord
{
    public long RequestId { get; set; }
    public long LedgerIndex { get; set; }
}

/// <summary>One confirmed payment: the open-data disbursement record, denormalized for filtering and paging.</summary>
public sealed class DisbursementRecord
{
    public long Id { get; set; }
    public long RequestId { get; set; }
    public long FundId { get; set; }
    public required string RegionCode { get; set; }
    /// <summary>The region's ancestors by GB/T 2260 prefix (2, 4 and 6 digits), so a region filter is an indexed equality.</summary>
    public required string ProvinceCode { get; set; }
    public required string PrefectureCode { get; set; }
    public required string CountyCode { get; set; }
    public required string ProgramCode { get; set; }
    public required string DepartmentCode { get; set; }
    public decimal Amount { get; set; }
    public required string Currency { get; set; }
    public required string BankReference { get; set; }
    /// <summary>An organisation payee's name; never an individual's.</summary>
    public string? Payee { get; set; }

    /// <summary><see cref="PayeeTypes.Individual"/>, or null for an organisation.</summary>
    public string? PayeeType { get; set; }

    /// <summary>The commitment to an individual payee's name that the entry holds.</summary>
    public string? PayeeCommitment { get; set; }

    /// <summary>When the individual payee's name was erased, why, and by which entry (null while it is kept).</summary>
    public long? PayeeErasedAtMs { get; set; }
    public string? PayeeErasureReason { get; set; }
    public long? PayeeErasureLedgerIndex { get; set; }

    public long PaidAtMs { get; set; }
    public long LedgerIndex { get; set; }
}

/// <summary>The bank's reference, unique: a second confirmation with it is answered with the first.</summary>
public sealed class PaymentReferenceRecord
{
    public required string Reference { get; set; }
    public long DisbursementId { get; set; }
    public long RequestId { get; set; }
    public decimal Amount { get; set; }
    public long LedgerIndex { get; set; }
    public long BlockHeight { get; set; }
}

public sealed class UsageRecord
{
    public long Id { get; set; }
    public long RequestId { get; set; }
    public required string ReporterId { get; set; }
    public decimal Amount { get; set; }
    public required string Category { get; set; }
    public string? EvidenceSha256 { get; set; }
    public long ReportedAtMs { get; set; }
    public long LedgerIndex { get; set; }
}

/// <summary>Totals per fund, day (UTC), region, program and department: the dashboards' time series.</summary>
/// <summary>
/// One day's flows for a fund, region, program and department. <see cref="Approved"/> is what was approved that day;
/// what is released or returned later counts on its own day (<see cref="Released"/>, <see cref="Returned"/>), so no
/// day's approvals go below zero. The commitment is approved less released less returned.
/// </summary>
public sealed class DailyTotalRecord
{
    public long FundId { get; set; }
    public DateOnly Day { get; set; }
    public required string RegionCode { get; set; }
    public required string ProgramCode { get; set; }
    public required string DepartmentCode { get; set; }
    public int RequestCount { get; set; }
    public decimal Requested { get; set; }
    public decimal Approved { get; set; }
    public decimal Disbursed { get; set; }
    public decimal Used { get; set; }
    public decimal Returned { get; set; }

    /// <summary>Approved amounts released that day by cancelling the request after its approval.</summary>
    public decimal Released { get; set; }
}

/// <summary>Id counters, advanced inside the write transaction so ids follow ledger order.</summary>
public sealed class SequenceRecord
{
    public required string Name { get; set; }
    public long Value { get; set; }
}

/// <summary>A flag raised while projecting an entry: something a supervisor should look at.</summary>
public sealed class AnomalyRecord
{
    /// <summary>The ledger index of the entry that raised it; one flag per entry and kind.</summary>
    public long LedgerIndex { get; set; }
    public required string Kind { get; set; }
    public long FundId { get; set; }
    public long RequestId { get; set; }
    public long? DisbursementId { get; set; }
    public long DetectedAtMs { get; set; }
    public required string Detail { get; set; }

    /// <summary>The <see cref="AnomalyFacts"/> the detail is written from, as JSON, for texts in the reader's language.</summary>
    public string? Facts { get; set; }

    /// <summary>Every request the flag concerns, comma-separated, when it concerns more than <see cref="RequestId"/>.</summary>
    public string? RequestIds { get; set; }

    /// <summary>The ledger entries the flag rests on, comma-separated: anyone can check the facts behind it.</summary>
    public string? LedgerIndexes { get; set; }

    /// <summary>The version of the red-flag rules it was raised under; null for the checks that have no parameters on the ledger.</summary>
    public int? RuleVersion { get; set; }

    public string? RegionCode { get; set; }
    public string? DepartmentCode { get; set; }
}

/// <summary>
/// The latest payment to a payee of a given amount: finds a repeat within the window in one lookup. Payees are
/// compared by <see cref="Privacy.PayeeKeys"/>, never by name.
/// </summary>
public sealed class PayeeAmountRecord
{
    public required string PayeeKey { get; set; }
    public decimal Amount { get; set; }
    public long LastPaidAtMs { get; set; }
    public long LastDisbursementId { get; set; }
}

/// <summary>A read of a personal value, from its <c>personal-data.read</c> entry: who read what, and when.</summary>
public sealed class PersonalDataReadRecord
{
    public long LedgerIndex { get; set; }
    public required string Actor { get; set; }
    public required string Record { get; set; }
    public long RecordId { get; set; }
    public required string Field { get; set; }
    public long AtMs { get; set; }
}

/// <summary>An erasure an administrator asked for, from its entry; <see cref="ErasedLedgerIndex"/> once another approved it.</summary>
public sealed class ErasureRequestRecord
{
    public long LedgerIndex { get; set; }
    public required string Record { get; set; }
    public long RecordId { get; set; }
    public required string Field { get; set; }
    public required string Reason { get; set; }
    public required string RequestedBy { get; set; }
    public long AtMs { get; set; }
    public long? ErasedLedgerIndex { get; set; }
}
