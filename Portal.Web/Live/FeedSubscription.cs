namespace Portal.Web.Live;

/// <summary>
/// What a hub client asks for: the blocks after the last height it saw (replayed before new ones), and optionally
/// only those touching some funds or regions. No fund and no region means every block.
/// </summary>
public sealed record FeedSubscription(long? AfterHeight = null, IReadOnlyList<long>? Funds = null, IReadOnlyList<string>? Regions = null)
{
    public const int MaxFilters = 50;

    public bool IsFiltered => Funds is { Count: > 0 } || Regions is { Count: > 0 };
}
