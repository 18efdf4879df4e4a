using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Portal.Ledger.Funds;

/// <summary>
/// China's working days: Monday to Friday, less the public holidays, plus the weekend days the State Council makes
/// working days to bridge them (调休上班), from the data file <c>Flags/Data/china-holidays.json</c>, which is kept
/// current as each year's notice is published. A year the file does not cover yet has weekends only.
/// </summary>
public sealed class WorkCalendar
{
    // Before China: static fields are set in the order they are written.
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip };

    private readonly Dictionary<DateOnly, Holiday> _holidays = [];
    private readonly HashSet<DateOnly> _workdays = [];

    private WorkCalendar(CalendarFile file)
    {
        foreach (var year in file.Years)
        {
            foreach (var holiday in year.Holidays)
            {
                for (var day = Day(holiday.From); day <= Day(holiday.To); day = day.AddDays(1))
                {
                    _holidays[day] = holiday;
                }
            }
            _workdays.UnionWith(year.Workdays.Select(Day));
        }
        Years = [.. file.Years.Select(y => y.Year)];
    }

    public static WorkCalendar China { get; } = Load();

    /// <summary>The years whose notice the file holds.</summary>
    public IReadOnlyList<int> Years { get; }

    public bool IsWorkingDay(DateOnly day) =>
        _workdays.Contains(day) || (!_holidays.ContainsKey(day) && day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday));

    /// <summary>The public holiday a day falls in, or null.</summary>
    public Holiday? HolidayOn(DateOnly day) => _holidays.GetValueOrDefault(day);

    /// <summary>The day itself if it is a working day, else the working day before it.</summary>
    public DateOnly WorkingDayOnOrBefore(DateOnly day)
    {
        while (!IsWorkingDay(day))
        {
            day = day.AddDays(-1);
        }
        return day;
    }

    private static DateOnly Day(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static WorkCalendar Load()
    {
        using var stream = typeof(WorkCalendar).Assembly.GetManifestResourceStream("Portal.Ledger.Funds.Flags.Data.china-holidays.json")
            ?? throw new InvalidOperationException("The holiday calendar is not embedded in Portal.Ledger.");
        return new WorkCalendar(JsonSerializer.Deserialize<CalendarFile>(stream, Options)!);
    }

    /// <param name="Name">In English.</param>
    /// <param name="NameZh">In Chinese, as the notice names it.</param>
    public sealed record Holiday(string Name, string NameZh, string From, string To);

    private sealed record CalendarYear(int Year, IReadOnlyList<Holiday> Holidays, IReadOnlyList<string> Workdays);

    private sealed record CalendarFile(IReadOnlyList<CalendarYear> Years);
}
