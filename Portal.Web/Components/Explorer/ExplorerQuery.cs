using System.Globalization;
using Portal.Ledger.Funds;
using Portal.Web.Localization;

namespace Portal.Web.Components.Explorer;

/// <summary>What is wrong with a filter the visitor entered.</summary>
public enum ExplorerQueryProblem
{
    MinimumAboveMaximum,
    FromAfterTo,
    NotANumber,
    NotADate,
}

/// <summary>
/// The explorer's filter, one value for its three forms: the URL a search is shared by, the open-data filter the
/// page queries with, and the CSV link of the same records. Dates are whole days in China Standard Time, as the page
/// shows its records' days, both ends included.
/// </summary>
public sealed record ExplorerQuery(
    long? Fund = null,
    string? Region = null,
    string? Program = null,
    string? Department = null,
    DateOnly? From = null,
    DateOnly? To = null,
    decimal? MinAmount = null,
    decimal? MaxAmount = null)
{
    private const string DateFormat = "yyyy-MM-dd";

    /// <summary>The query a URL carries; a date that is not yyyy-MM-dd is ignored, blank text means no filter.</summary>
    public static ExplorerQuery FromUrl(long? fund, string? region, string? program, string? department, string? from, string? to, decimal? minAmount, decimal? maxAmount) =>
        new(fund, Blank(region), Blank(program), Blank(department), ParseDate(from), ParseDate(to), minAmount, maxAmount);

    /// <summary>
    /// The query a URL or the explorer's form carries, as typed: blank means no filter, and an amount, fund or day
    /// that is not one is a problem to show (never silently dropped: the visitor would read unfiltered records as
    /// filtered ones).
    /// </summary>
    public static (ExplorerQuery Query, ExplorerQueryProblem? Problem) Parse(string? fund, string? region, string? program, string? department,
        string? from, string? to, string? minAmount, string? maxAmount)
    {
        var numbers = (Number(fund, NumberStyles.None), Number(minAmount, NumberStyles.AllowDecimalPoint), Number(maxAmount, NumberStyles.AllowDecimalPoint));
        var days = (Day(from), Day(to));
        var query = new ExplorerQuery(numbers.Item1.Value is { } f && f == decimal.Truncate(f) && f <= long.MaxValue ? (long)f : null,
            Blank(region), Blank(program), Blank(department), days.Item1.Value, days.Item2.Value, numbers.Item2.Value, numbers.Item3.Value);
        var problem = !(numbers.Item1.Ok && numbers.Item2.Ok && numbers.Item3.Ok) ? ExplorerQueryProblem.NotANumber
            : !(days.Item1.Ok && days.Item2.Ok) ? ExplorerQueryProblem.NotADate
            : query.Problem;
        return (query, problem);
    }

    private static (bool Ok, decimal? Value) Number(string? text, NumberStyles styles) =>
        Blank(text) is not { } t ? (true, null)
        : decimal.TryParse(t, styles, CultureInfo.InvariantCulture, out var value) ? (true, value)
        : (false, null);

    private static (bool Ok, DateOnly? Value) Day(string? text) =>
        Blank(text) is not { } t ? (true, null) : ParseDate(t) is { } day ? (true, day) : (false, null);

    public ExplorerQueryProblem? Problem =>
        MinAmount is { } min && MaxAmount is { } max && min > max ? ExplorerQueryProblem.MinimumAboveMaximum
        : From is { } from && To is { } to && from > to ? ExplorerQueryProblem.FromAfterTo
        : null;

    /// <summary>The open-data filter: paid from the first day's start to before the day after the last, in China.</summary>
    public DisbursementFilter ToFilter() => new(Fund, Region, Program, Department, Start(From), Start(To?.AddDays(1)), MinAmount, MaxAmount);

    /// <summary>
    /// The same records' parameters for the open-data API, whose plain dates are UTC days: the days' bounds go as
    /// instants with their offset (the end exclusive), so the CSV holds exactly the records the page lists.
    /// </summary>
    public IReadOnlyDictionary<string, object?> ToApiParameters() => new Dictionary<string, object?>(ToUrlParameters())
    {
        ["from"] = Start(From)?.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
        ["to"] = Start(To?.AddDays(1))?.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// The explorer query that lists what an open-data filter selects, the inverse of <see cref="ToFilter"/>: null
    /// when a bound is not the start of a day in China, which the page's whole days cannot say.
    /// </summary>
    public static ExplorerQuery? FromFilter(DisbursementFilter filter)
    {
        if (!TryDay(filter.From, out var from) || !TryDay(filter.To, out var after))
        {
            return null;
        }
        // The filter's end is the instant after the page's last day.
        return new ExplorerQuery(filter.FundId, filter.Region, filter.Program, filter.Department, from, after?.AddDays(-1), filter.MinAmount, filter.MaxAmount);
    }

    private static bool TryDay(DateTimeOffset? time, out DateOnly? day)
    {
        day = null;
        if (time is not { } t)
        {
            return true;
        }
        var local = TimeZoneInfo.ConvertTime(t, Formats.FundTimeZone);
        day = DateOnly.FromDateTime(local.DateTime);
        return local.TimeOfDay == TimeSpan.Zero;
    }

    private static DateTimeOffset? Start(DateOnly? day)
    {
        if (day is not { } d)
        {
            return null;
        }
        var midnight = d.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(midnight, Formats.FundTimeZone.GetUtcOffset(midnight));
    }

    /// <summary>The query string parameters, named as the page and the open-data API name them; absent ones are null.</summary>
    public IReadOnlyDictionary<string, object?> ToUrlParameters() => new Dictionary<string, object?>
    {
        ["fund"] = Fund?.ToString(CultureInfo.InvariantCulture),
        ["region"] = Region,
        ["program"] = Program,
        ["department"] = Department,
        ["from"] = From?.ToString(DateFormat, CultureInfo.InvariantCulture),
        ["to"] = To?.ToString(DateFormat, CultureInfo.InvariantCulture),
        ["minAmount"] = MinAmount?.ToString(CultureInfo.InvariantCulture),
        ["maxAmount"] = MaxAmount?.ToString(CultureInfo.InvariantCulture),
    };

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static DateOnly? ParseDate(string? text) =>
        DateOnly.TryParseExact(text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
}
