using System.Text.RegularExpressions;

namespace Portal.Ledger.Funds;

/// <summary>
/// The invariants of public money, in one place: nothing approved beyond the budget, paid beyond the approval,
/// used beyond the payment, or returned beyond what is unused; and the shape every free-text field must have.
/// Each returns the refusal, or null when the rule holds.
/// </summary>
public static partial class FundRules
{
    public static Refusal? WithinBudget(FundRecord fund, decimal amount) =>
        fund.Approved + amount > fund.Budget
            ? new Refusal(RefusalReason.OverBudget, amount, fund.Currency, fund.Budget - fund.Approved)
            : null;

    public static Refusal? Disbursable(RequestRecord request, decimal amount, string currency) =>
        request.State != RequestState.Approved ? new Refusal(RefusalReason.NotApprovedCannotBePaid, request.Id, RefusalTexts.State(request.State))
        : request.Disbursed + amount > request.Amount ? new Refusal(RefusalReason.OverApproved, amount, currency, request.Amount, request.Disbursed)
        : null;

    public static Refusal? Usable(RequestRecord request, decimal amount, string currency)
    {
        var available = Unused(request);
        return amount > available ? new Refusal(RefusalReason.OverDisbursed, amount, currency, available) : null;
    }

    public static Refusal? Returnable(RequestRecord request, decimal amount, string currency)
    {
        var unused = Unused(request);
        return amount > unused ? new Refusal(RefusalReason.OverReturnable, unused, currency, amount) : null;
    }

    private static decimal Unused(RequestRecord request) => request.Disbursed - request.Used - request.Returned;

    /// <summary>Trims free text and checks it is present (when <paramref name="required"/>), short enough and shows what it holds.</summary>
    public static Refusal? Text(string? value, string field, int maxLength, out string text, bool required = true)
    {
        text = value?.Trim() ?? "";
        if (required && text.Length == 0)
        {
            return new Refusal(RefusalReason.TextRequired, RefusalTexts.Field(field));
        }
        if (text.Length > maxLength)
        {
            return new Refusal(RefusalReason.TextTooLong, RefusalTexts.Field(field), maxLength);
        }
        if (text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')) || !IsText(text))
        {
            return new Refusal(RefusalReason.TextHasControlCharacters, RefusalTexts.Field(field));
        }
        // Every free-text field of every command passes here, so no field can carry text that displays other than
        // it is recorded.
        return HiddenCharacters.First(text) is { } hidden ? HiddenCharacterIn(field, hidden) : null;
    }

    /// <summary>
    /// Whether every character is one text may hold: no half of a surrogate pair alone and no noncharacter
    /// (U+FDD0 to U+FDEF, and the last two of every plane), which XML 1.0 forbids and so no open-data file could carry.
    /// </summary>
    public static bool IsText(string text)
    {
        var rest = text.AsSpan();
        while (!rest.IsEmpty)
        {
            if (System.Text.Rune.DecodeFromUtf16(rest, out var rune, out var used) != System.Buffers.OperationStatus.Done
                || rune.Value is >= 0xFDD0 and <= 0xFDEF || (rune.Value & 0xFFFE) == 0xFFFE)
            {
                return false;
            }
            rest = rest[used..];
        }
        return true;
    }

    public static Refusal HiddenCharacterIn(string field, HiddenCharacter character) =>
        new(RefusalReason.HiddenCharacter, RefusalTexts.Field(field), character);

    /// <summary>An optional SHA-256 in lower-case hex; null when absent.</summary>
    public static Refusal? Sha256(string? value, string field, out string? hex)
    {
        hex = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        var lower = value.Trim().ToLowerInvariant();
        if (!Sha256Pattern().IsMatch(lower))
        {
            return new Refusal(RefusalReason.NotASha256, RefusalTexts.Field(field));
        }
        hex = lower;
        return null;
    }

    public static Refusal? Reference(string? value, out string reference) =>
        Text(value, TextFields.BankReference, 128, out reference)
        ?? (ReferencePattern().IsMatch(reference) ? null : new Refusal(RefusalReason.NotABankReference));

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Pattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._/-]*$")]
    private static partial Regex ReferencePattern();
}
