using Microsoft.Extensions.Localization;
using Portal.Ledger.Funds;
using Portal.Web.Localization;

namespace Portal.Web.Components.Forms;

/// <summary>
/// The form-side check of a CNY amount, with the same limits the ledger's rules apply. One method per kind of amount,
/// so that every message is a whole sentence a translator sees as written.
/// </summary>
public static class AmountRules
{
    /// <summary>The currency the forms take amounts in.</summary>
    public const string Currency = "CNY";

    /// <summary>An amount requested, reported used or returned.</summary>
    public static string? Amount(decimal? amount, IStringLocalizer<Text> L) => amount switch
    {
        null => L["Enter the amount."],
        <= 0 => L["The amount must be greater than zero."],
        > Money.Max => L["The amount is too large."],
        { } a => Decimals(a, L),
    };

    /// <summary>A fund's budget.</summary>
    public static string? Budget(decimal? budget, IStringLocalizer<Text> L) => budget switch
    {
        null => L["Enter the budget."],
        <= 0 => L["The budget must be greater than zero."],
        > Money.Max => L["The budget is too large."],
        { } b => Decimals(b, L),
    };

    private static string? Decimals(decimal amount, IStringLocalizer<Text> L) =>
        decimal.Round(amount, 2) != amount ? L["CNY amounts have at most 2 decimal places."].Value : null;
}
