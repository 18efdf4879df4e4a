using System.Text.RegularExpressions;

namespace Portal.Ledger.Funds;

/// <summary>The shape of a region code: GB/T 2260 (2, 4 or 6 digits) or a township's (9 or 12 digits).</summary>
public static partial class RegionCodes
{
    public static bool IsWellFormed(string? code) => code is not null && Pattern().IsMatch(code);

    [GeneratedRegex("^([0-9]{2}|[0-9]{4}|[0-9]{6}|[0-9]{9}|[0-9]{12})$")]
    private static partial Regex Pattern();
}
