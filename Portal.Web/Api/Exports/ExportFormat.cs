using System.Globalization;
using Portal.Ledger.Funds;

namespace Portal.Web.Api.Exports;

/// <summary>How the standards' exports write times, dates and amounts.</summary>
public static class ExportFormat
{
    /// <summary>The day a step happened is its day in the funds' time zone (Asia/Shanghai), as the pages show it.</summary>
    public static string Date(DateTimeOffset time) => InFundTime(time).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>An ISO 8601 time with its offset in the funds' time zone, to the millisecond as the ledger keeps it.</summary>
    public static string Time(DateTimeOffset time) => InFundTime(time).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

    private static DateTimeOffset InFundTime(DateTimeOffset time) => TimeZoneInfo.ConvertTime(time, Localization.Formats.FundTimeZone);

    public static string Utc(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static decimal Amount(decimal amount, string currency) => Money.Normalize(amount, Money.PrecisionOf(currency));

    public static string AmountText(decimal amount, string currency) => Amount(amount, currency).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The language free text was written in, as far as the standards need it: Chinese when it holds any Han
    /// character, else English (officials write one or the other; nothing is translated).
    /// </summary>
    public static string LanguageOf(string text) =>
        text.Any(c => c is >= '\u4e00' and <= '\u9fff' or >= '\u3400' and <= '\u4dbf') ? "zh" : "en";

    /// <summary>
    /// Text as XML 1.0 can hold it: a character it forbids becomes U+FFFD. Commands refuse such characters, but an
    /// entry recorded before they did stays in the ledger for ever, and one must not break every file that holds it.
    /// </summary>
    public static string XmlText(string text)
    {
        // The copy starts at the first character to replace: text with none is returned as it is.
        System.Text.StringBuilder? replaced = null;
        for (var i = 0; i < text.Length; i++)
        {
            var pair = i + 1 < text.Length && System.Xml.XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i]);
            if (pair || System.Xml.XmlConvert.IsXmlChar(text[i]))
            {
                replaced?.Append(text, i, pair ? 2 : 1);
                i += pair ? 1 : 0;
                continue;
            }
            replaced ??= new System.Text.StringBuilder(text.Length).Append(text, 0, i);
            replaced.Append('\uFFFD');
        }
        return replaced?.ToString() ?? text;
    }
}
