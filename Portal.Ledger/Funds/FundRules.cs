using System.Text.RegularExpressions;

namespace Portal.Ledger.Funds;

/// <summary>
/// The invariants of public money, in one place: nothing approved beyond the budget, paid beyond the approval,
/// used beyond the payment, or returned beyond what is unused.
/// </summary>
public static partial class FundRules
{
    public static void WithinBudget(FundRecord fund, decimal amount)
    {
        if (fund.Approved + amount > fund.Budget)
        {
            throw new FundRefusalException(FundErrors.OverBudget,
                $"Approving {Money.Format(amount)} {fund.Currency} would exceed the fund's remaining budget of {Money.Format(fund.Budget - fund.Approved)} {fund.Currency}.");
        }
    }

    public static void Disbursable(RequestRecord request, decimal amount, string currency)
    {
        if (request.State != RequestState.Approved)
        {
            throw new FundRefusalException(FundErrors.InvalidState, $"Request {request.Id} is {request.State.ToString().ToLowerInvariant()}, not approved: it cannot be paid.");
        }
        if (request.Disbursed + amount > request.Amount)
        {
            throw new FundRefusalException(FundErrors.OverApproved,
                $"Paying {Money.Format(amount)} {currency} would exceed the approved {Money.Format(request.Amount)} {currency} (already paid {Money.Format(request.Disbursed)}).");
        }
    }

    public static void Usable(RequestRecord request, decimal amount, string currency)
    {
        var available = request.Disbursed - request.Used - request.Returned;
        if (amount > available)
        {
            throw new FundRefusalException(FundErrors.OverDisbursed,
                $"Reported usage of {Money.Format(amount)} {currency} exceeds the {Money.Format(available)} {currency} paid and not yet used or returned.");
        }
    }

    public static void Returnable(RequestRecord request, decimal amount, string currency)
    {
        var unused = request.Disbursed - request.Used - request.Returned;
        if (amount > unused)
        {
            throw new FundRefusalException(FundErrors.OverReturnable,
                $"Only {Money.Format(unused)} {currency} of this request is paid and unused; {Money.Format(amount)} cannot be returned.");
        }
    }

    public static string Text(string? value, string field, int maxLength, bool required = true)
    {
        var trimmed = value?.Trim() ?? "";
        if (required && trimmed.Length == 0)
        {
            throw new FundRefusalException(FundErrors.InvalidArgument, $"The {field} is required.");
        }
        if (trimmed.Length > maxLength)
        {
            throw new FundRefusalException(FundErrors.InvalidArgument, $"The {field} is at most {maxLength} characters.");
        }
        if (trimmed.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
        {
            throw new FundRefusalException(FundErrors.InvalidArgument, $"The {field} contains control characters.");
        }
        // Every free-text field of every command passes here, so no field can carry text that displays other than
        // it is recorded.
        if (HiddenCharacters.First(trimmed) is { } hidden)
        {
            throw FundRefusalException.HiddenCharacterIn(field, hidden);
        }
        return trimmed;
    }

    public static string? Sha256(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        var hex = value.Trim().ToLowerInvariant();
        if (!Sha256Pattern().IsMatch(hex))
        {
            throw new FundRefusalException(FundErrors.InvalidArgument, $"The {field} must be a SHA-256 hash: 64 hexadecimal digits.");
        }
        return hex;
    }

    public static string Reference(string? value)
    {
        var reference = Text(value, TextFields.BankReference, 128);
        if (!ReferencePattern().IsMatch(reference))
        {
            throw new FundRefusalException(FundErrors.InvalidArgument, "A bank reference uses letters, digits and - _ . / only.");
        }
        return reference;
    }

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Pattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._/-]*$")]
    private static partial Regex ReferencePattern();
}
