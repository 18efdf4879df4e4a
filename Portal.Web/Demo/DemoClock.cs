namespace Portal.Web.Demo;

/// <summary>
/// The demo's history is generated as if recorded day by day from 2017-05-17, the date of the first transfer of
/// the fund that inspired Portal. Only the demo generator uses this clock; the running portal records real time.
/// </summary>
public sealed class DemoClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;
}
