namespace Portal.Web.Live;

/// <summary>The live feed's settings, under <c>Live</c>; checked when the portal starts.</summary>
public sealed class LiveFeedOptions
{
    public const string Section = "Live";

    /// <summary>How often an instance looks for blocks committed elsewhere (its own commits are seen at once).</summary>
    public int PollMilliseconds { get; set; } = 250;

    /// <summary>A client that takes nothing for this long is dropped (it reconnects and replays); 0 turns the watch off.</summary>
    public double SendTimeoutSeconds { get; set; } = 10;

    public static string? Check(LiveFeedOptions o) =>
        o.PollMilliseconds is < 10 or > 3_600_000 ? $"{Section}:PollMilliseconds is between 10 and 3600000, not {o.PollMilliseconds}."
        : o.SendTimeoutSeconds is < 0 or > 3_600 ? $"{Section}:SendTimeoutSeconds is between 0 and 3600, not {o.SendTimeoutSeconds}."
        : null;
}
