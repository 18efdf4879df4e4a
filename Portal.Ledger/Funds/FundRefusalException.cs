namespace Portal.Ledger.Funds;

/// <summary>A command the fund rules refuse: a typed reason and a message for the person who sent it. Nothing is written.</summary>
public sealed class FundRefusalException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;

    /// <summary>
    /// For <see cref="FundErrors.TextHasHiddenCharacters"/>: the field (as the English message names it) and the first hidden
    /// character in it, so that a page can word the refusal in its own language and point at the field.
    /// </summary>
    public string? Field { get; init; }

    /// <inheritdoc cref="Field"/>
    public HiddenCharacter? Character { get; init; }

    public static FundRefusalException HiddenCharacterIn(string field, HiddenCharacter character) =>
        new(FundErrors.TextHasHiddenCharacters, $"The {field} contains {character}, which can make text display differently from what is recorded: remove it.")
        {
            Field = field,
            Character = character,
        };
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

    /// <summary>Free text holds a bidirectional override, a zero-width space or another character that hides what it says.</summary>
    public const string TextHasHiddenCharacters = "text-has-hidden-characters";
}
