using System.Globalization;

namespace Portal.Ledger.Funds;

/// <summary>Money is decimal at the currency's precision, never floating point.</summary>
public static class Money
{
    /// <summary>No single amount in the portal may exceed this (one trillion).</summary>
    public const decimal Max = 1_000_000_000_000m;

    private static readonly Dictionary<string, int> Precision = new(StringComparer.Ordinal)
    {
        ["CNY"] = 2,
        ["USD"] = 2,
        ["EUR"] = 2,
        ["JPY"] = 0,
    };

    public static bool IsKnownCurrency(string currency) => Precision.ContainsKey(currency);

    public static int PrecisionOf(string currency) =>
        Precision.TryGetValue(currency, out var digits) ? digits : throw new ArgumentException($"Unknown currency '{currency}'.", nameof(currency));

    /// <summary>
    /// Checks that <paramref name="amount"/> is positive, at most <see cref="Max"/>, with no more decimals than the
    /// currency has, and gives it with exactly that many decimals.
    /// </summary>
    public static Refusal? Require(decimal amount, string currency, out decimal normalized, Term? what = null)
    {
        normalized = 0;
        if (!Precision.TryGetValue(currency, out var digits))
        {
            return new Refusal(RefusalReason.UnknownCurrency, currency);
        }
        what ??= RefusalTexts.Things.Amount;
        if (amount <= 0)
        {
            return new Refusal(RefusalReason.AmountNotPositive, what);
        }
        if (amount > Max)
        {
            return new Refusal(RefusalReason.AmountTooLarge, what, Max.ToString("N0", CultureInfo.InvariantCulture), currency);
        }
        if (decimal.Round(amount, digits) != amount)
        {
            return new Refusal(RefusalReason.TooManyDecimals, currency, digits);
        }
        normalized = Normalize(amount, digits);
        return null;
    }

    /// <summary>The same value with exactly <paramref name="digits"/> decimals, so it prints as "1570000.00".</summary>
    public static decimal Normalize(decimal amount, int digits) => decimal.Round(amount, digits) + new decimal(0, 0, 0, false, (byte)digits);

    public static string Format(decimal amount) => amount.ToString(CultureInfo.InvariantCulture);
}
