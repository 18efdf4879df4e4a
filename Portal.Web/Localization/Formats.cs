using System.Collections.Concurrent;
using System.Globalization;

namespace Portal.Web.Localization;

/// <summary>
/// Amounts, dates and counts as the visitor's culture writes them, in one place so every page agrees:
/// CNY is ¥1,234.56 in Chinese and CN¥1,234.56 in English (as Chart.js's Intl formatting writes it too).
/// Times are shown as the fund's people live them, in China Standard Time (Asia/Shanghai, UTC+8, no daylight
/// saving), and say so; the exact UTC instant goes in the markup (time/@datetime) and on hover (<see cref="Utc"/>).
/// </summary>
public static class Formats
{
    // A currency in its own country's language takes the local symbol; elsewhere the one that tells it apart ($ vs US$).
    private static readonly Dictionary<string, (string Local, string Language, string International)> Symbols = new(StringComparer.Ordinal)
    {
        ["CNY"] = ("¥", "zh", "CN¥"),
        ["USD"] = ("$", "en", "US$"),
        ["EUR"] = ("€", "", "€"),
        ["JPY"] = ("¥", "ja", "JP¥"),
    };

    private static readonly ConcurrentDictionary<(string Culture, string Currency), NumberFormatInfo> CurrencyFormats = new();

    private static CultureInfo Culture => CultureInfo.CurrentCulture;

    public static string Money(decimal amount, string currency) => amount.ToString("C", CurrencyFormat(currency));

    /// <summary>
    /// A large amount rounded for a headline: ¥12.35亿 and ¥3,456.7万 in Chinese, which counts in ten-thousands, and
    /// CN¥1.24 billion or CN¥45.6 million in English.
    /// </summary>
    public static string MoneyShort(decimal amount, string currency)
    {
        var format = CurrencyFormat(currency);
        string Scaled(decimal unit, int digits, string suffix) => decimal.Round(amount / unit, digits).ToString("C" + digits, format) + suffix;
        return (Culture.TwoLetterISOLanguageName == "zh", Math.Abs(amount)) switch
        {
            (true, >= 100_000_000m) => Scaled(100_000_000m, 2, "亿"),
            (true, >= 10_000m) => Scaled(10_000m, 1, "万"),
            (false, >= 1_000_000_000m) => Scaled(1_000_000_000m, 2, " billion"),
            (false, >= 1_000_000m) => Scaled(1_000_000m, 1, " million"),
            _ => Scaled(1m, 0, ""),
        };
    }

    /// <summary>The fund's time zone: China Standard Time.</summary>
    public static TimeZoneInfo FundTimeZone { get; } = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    /// <summary>The day in China, in the culture's short date pattern (11/27/2026, 2026/11/27).</summary>
    public static string Date(DateTimeOffset value) => InFundTime(value).ToString("d", Culture);

    public static string Date(DateOnly value) => value.ToString("d", Culture);

    /// <summary>Day and minute in China: 11/27/2026 9:05 PM Beijing time, 北京时间 2026/11/27 21:05.</summary>
    public static string DateTime(DateTimeOffset value) => Labelled(InFundTime(value).ToString("g", Culture));

    /// <summary>
    /// How <see cref="DateTime"/> writes a moment, for a page script to write new ones as the server does: the
    /// culture's pattern (.NET custom format), its AM and PM designators, and where the time goes in its label.
    /// </summary>
    public static object TimePattern() => new
    {
        pattern = Culture.DateTimeFormat.ShortDatePattern + " " + Culture.DateTimeFormat.ShortTimePattern,
        am = Culture.DateTimeFormat.AMDesignator,
        pm = Culture.DateTimeFormat.PMDesignator,
        label = Labelled("{0}"),
        utcOffsetMinutes = (int)FundTimeZone.BaseUtcOffset.TotalMinutes,
    };

    /// <summary>Day and second in China, for ledger records; <see cref="Iso"/> gives the exact recorded instant.</summary>
    public static string Timestamp(DateTimeOffset value) => Labelled(InFundTime(value).ToString("G", Culture));

    /// <summary>The instant in UTC, for a hover title: 2026-11-27 13:05:09 UTC.</summary>
    public static string Utc(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";

    private static System.DateTime InFundTime(DateTimeOffset value) => TimeZoneInfo.ConvertTime(value, FundTimeZone).DateTime;

    // Chinese names the zone before the time (北京时间 21:05), English after it.
    private static string Labelled(string time) => Culture.TwoLetterISOLanguageName == "zh" ? $"北京时间 {time}" : $"{time} Beijing time";

    /// <summary>The exact instant, for machine-readable attributes (time/@datetime, title).</summary>
    public static string Iso(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string Count(long value) => value.ToString("N0", Culture);

    /// <summary>part / whole as a percentage with one decimal, or a dash when there is no whole.</summary>
    public static string Percent(decimal part, decimal whole) => whole == 0 ? "–" : (part / whole).ToString("P1", Culture);

    private static NumberFormatInfo CurrencyFormat(string currency) =>
        CurrencyFormats.GetOrAdd((Culture.Name, currency), key =>
        {
            var culture = CultureInfo.GetCultureInfo(key.Culture);
            var format = (NumberFormatInfo)culture.NumberFormat.Clone();
            format.CurrencySymbol = Symbols.TryGetValue(key.Currency, out var symbol)
                ? symbol.Language == culture.TwoLetterISOLanguageName ? symbol.Local : symbol.International
                : key.Currency + "\u00a0";
            format.CurrencyDecimalDigits = Portal.Ledger.Funds.Money.IsKnownCurrency(key.Currency) ? Portal.Ledger.Funds.Money.PrecisionOf(key.Currency) : 2;
            return NumberFormatInfo.ReadOnly(format);
        });
}
