using System.Text.RegularExpressions;

namespace Portal.Ledger.Funds;

/// <summary>The shape of a region code: GB/T 2260 (2, 4 or 6 digits) or a township's (9 or 12 digits).</summary>
public static partial class RegionCodes
{
    public static bool IsWellFormed(string? code) => code is not null && Pattern().IsMatch(code);

    /// <summary>
    /// The codes under a prefix as a range, <c>[prefix, next)</c>, which an index serves on every provider: next is
    /// the prefix plus one as a number of its length (1309 → 1310), with no upper bound when it has none (99).
    /// Digits sort alike in every collation; a character after '9' would not.
    /// </summary>
    public static (string From, string? Before) PrefixRange(string prefix)
    {
        var digits = prefix.ToCharArray();
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            if (digits[i] != '9')
            {
                digits[i]++;
                return (prefix, new string(digits));
            }
            digits[i] = '0';
        }
        return (prefix, null);
    }

    [GeneratedRegex("^([0-9]{2}|[0-9]{4}|[0-9]{6}|[0-9]{9}|[0-9]{12})$")]
    private static partial Regex Pattern();
}
