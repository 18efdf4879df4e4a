using System.Globalization;

namespace Portal.Ledger.Funds;

/// <summary>
/// Why a fund command was refused, as a value: a reason (one row of <see cref="RefusalTexts"/>) and what it names.
/// A refused command appends nothing.
/// </summary>
public sealed record Refusal(RefusalReason Reason, IReadOnlyList<object> Args)
{
    public Refusal(RefusalReason reason, params object[] args)
        : this(reason, (IReadOnlyList<object>)args)
    {
    }

    /// <summary>The stable code API clients match on (<see cref="FundErrors"/>).</summary>
    public string Code => RefusalTexts.Row(Reason).Code;

    /// <summary>For a hidden-character refusal: the field as the English text names it.</summary>
    public string? Field => Reason == RefusalReason.HiddenCharacter && Args[0] is Term name ? name.English : null;

    /// <summary>For a hidden-character refusal: the first hidden character in the field.</summary>
    public HiddenCharacter? Character => Reason == RefusalReason.HiddenCharacter ? Args[1] as HiddenCharacter : null;

    /// <summary>The refusal in <paramref name="culture"/>'s language: Chinese for zh, English otherwise.</summary>
    public string Text(CultureInfo culture)
    {
        var chinese = culture.Name.StartsWith("zh", StringComparison.OrdinalIgnoreCase);
        var row = RefusalTexts.Row(Reason);
        var args = Args.Select(a => a switch
        {
            Term term => chinese ? term.Chinese : term.English,
            IFormattable value => value.ToString(null, CultureInfo.InvariantCulture),
            _ => a.ToString(),
        }).ToArray();
        return string.Format(CultureInfo.InvariantCulture, chinese ? row.Chinese : row.English, args);
    }

    /// <summary>The English text, as the API's problem details carry it.</summary>
    public override string ToString() => Text(CultureInfo.InvariantCulture);
}

/// <summary>A word a refusal names (a field, a role, a state), in both of the portal's languages.</summary>
public sealed record Term(string English, string Chinese)
{
    public override string ToString() => English;
}

/// <summary>
/// The transport of a <see cref="Funds.Refusal"/> out of the write transaction: throwing it abandons the command
/// (and only it) before anything is appended.
/// </summary>
public sealed class FundRefusalException(Refusal refusal) : Exception(refusal.ToString())
{
    public Refusal Refusal { get; } = refusal;

    /// <summary>Throws when a check returned a refusal; a null refusal lets the command go on.</summary>
    public static void ThrowIf(Refusal? refusal)
    {
        if (refusal is not null)
        {
            throw new FundRefusalException(refusal);
        }
    }

    public string Code => Refusal.Code;
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
