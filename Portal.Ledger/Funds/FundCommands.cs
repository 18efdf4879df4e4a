namespace Portal.Ledger.Funds;

// What callers send. Validation of shape happens in FundService before anything is queued; rules against
// current state happen inside the write transaction.

public sealed record CreateFund(string Name, string Currency, decimal Budget, DateOnly PeriodStart, DateOnly PeriodEnd, ApprovalPolicy Policy);

public sealed record FileRequest(long FundId, string Program, string Region, decimal Amount, string Purpose, int Beneficiaries, string? EvidenceSha256);

/// <param name="PayeeType"><see cref="PayeeTypes"/>; none, an organisation.</param>
public sealed record ConfirmDisbursement(long RequestId, string BankReference, decimal Amount, string? Payee, string? PayeeType = null);

public sealed record ReportUsage(long RequestId, decimal Amount, string Category, string? EvidenceSha256);

public sealed record ReturnFunds(long RequestId, decimal Amount, string? Reason);

/// <summary>Where a command's entry landed: check it with the inclusion-proof API.</summary>
public sealed record CommandReceipt(long Id, long LedgerIndex, long BlockHeight);

public sealed record DecisionReceipt(long RequestId, RequestState State, bool Final, long LedgerIndex, long BlockHeight);

/// <param name="Replayed">True when the bank reference had been confirmed before: this is that first receipt.</param>
public sealed record DisbursementReceipt(long DisbursementId, long RequestId, decimal Amount, long LedgerIndex, long BlockHeight, bool Replayed);
