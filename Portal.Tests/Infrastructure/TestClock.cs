namespace Portal.Tests.Infrastructure;

/// <summary>A clock the test moves: entries are stamped with its time, so rules about minutes and days can be tried.</summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}
