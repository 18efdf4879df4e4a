using Portal.Ledger.Funds;

namespace Portal.Web.Demo;

/// <summary>
/// The demo's calendar: day k is the k-th working day in Guiyang from <see cref="DemoGenerator.Start"/>, by China's
/// holiday calendar, since offices file, decide and pay on working days (off-hours-decision flags the rest). The
/// last day is today, whose 09:00 has passed, even when today is a day off: the story reaches this morning.
/// </summary>
internal sealed class DemoDays
{
    private static readonly TimeSpan Guiyang = TimeSpan.FromHours(8);

    private readonly List<DateTimeOffset> _dates = [];

    public DemoDays(DateTimeOffset now)
    {
        for (var date = DemoGenerator.Start; date <= now; date = date.AddDays(1))
        {
            if (IsWorkingDay(date) || date.AddDays(1) > now)
            {
                _dates.Add(date);
            }
        }
        if (_dates.Count == 0)
        {
            _dates.Add(DemoGenerator.Start);
        }
        TodayIsDayOff = !IsWorkingDay(_dates[^1]);
    }

    /// <summary>The days whose 09:00 has passed: day 0 up to today's (or the last working day before it).</summary>
    public int Count => _dates.Count;

    /// <summary>Whether the last day is a weekend or holiday, on which only this morning's filing happens.</summary>
    public bool TodayIsDayOff { get; }

    /// <summary>09:00 in Guiyang on day <paramref name="day"/>; a day after today is a working day to come.</summary>
    public DateTimeOffset Date(int day)
    {
        if (day < _dates.Count)
        {
            return _dates[day];
        }
        var date = _dates[^1];
        for (var k = _dates.Count - 1; k < day;)
        {
            date = date.AddDays(1);
            if (IsWorkingDay(date))
            {
                k++;
            }
        }
        return date;
    }

    private static bool IsWorkingDay(DateTimeOffset date) => WorkCalendar.China.IsWorkingDay(DateOnly.FromDateTime(date.ToOffset(Guiyang).DateTime));
}
