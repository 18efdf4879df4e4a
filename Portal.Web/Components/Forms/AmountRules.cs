using Portal.Ledger.Funds;

namespace Portal.Web.Components.Forms;

/// <summary>The form-side check of a CNY amount, with the same limits the ledger's rules apply.</summary>
public static class AmountRules
{
    public static string? Cny(decimal? amount, string what = "amount") => amount switch
    {
        null => $"Enter the {what}.",
        <= 0 => $"The {what} must be greater than zero.",
        > Money.Max => $"The {what} is too large.",
        { } a when decimal.Round(a, 2) != a => "CNY amounts have at most 2 decimal places.",
        _ => null,
    };
}
