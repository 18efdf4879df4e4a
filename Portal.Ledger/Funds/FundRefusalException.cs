namespace Portal.Ledger.Funds;

/// <summary>A command the fund rules refuse: a typed reason and a message for the person who sent it. Nothing is written.</summary>
public sealed class FundRefusalException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}

/// <summary>Refusal codes, stable for API clients.</summary>
public static class FundErrors
{
    public const string NotFound = "not-found";
    public const string Forbidden = "forbidden";
    public const string InvalidAmount = "invalid-amount";
    public const string InvalidCurrency = "invalid-currency";
    public const string InvalidArgument = "invalid-argument";
    public const string InvalidState = "invalid-state";
    public const string OverBudget = "over-budget";
    public const string OverApproved = "over-approved";
    public const string OverDisbursed = "over-disbursed";
    public const string OverReturnable = "over-returnable";
    public const string SelfApproval = "self-approval";
    public const string AlreadyDecided = "already-decided";
    public const string PolicyViolation = "policy-violation";
    public const string DuplicateReference = "duplicate-reference";
}
