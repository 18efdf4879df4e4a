using System.Diagnostics;
using Microsoft.AspNetCore.SignalR;
using Portal.Ledger.Feed;
using Portal.Ledger.Telemetry;

namespace Portal.Web.Live;

/// <summary>
/// Sends a block to the hub groups that want it: everyone, and the groups of the funds and regions it touches,
/// supervisors with their richer entries. A send is not awaited by the caller: SignalR waits for each connection
/// to take its message, so one client that stops reading would otherwise hold up every other client's next block
/// (SignalR keeps each connection's messages in order by itself). <see cref="SlowClientWatch"/> disconnects a client
/// that stopped reading.
/// </summary>
public sealed partial class FeedBroadcast(IHubContext<LedgerHub> hub, ILogger<FeedBroadcast> logger)
{
    /// <summary>Starts the sends and returns at once; the task completes when every connection took the block or was dropped.</summary>
    public Task Send(FeedBlock block)
    {
        var started = Stopwatch.GetTimestamp();
        var sends = new List<Task>(2);
        foreach (var (audience, message) in new[] { (FeedGroups.Public, block.ForPublic()), (FeedGroups.Supervisors, block) })
        {
            sends.Add(hub.Clients.Groups(GroupsFor(block, audience)).SendAsync(LedgerHub.BlockAppended, message));
        }
        return ObserveAsync(Task.WhenAll(sends), block.Height, started);
    }

    private static List<string> GroupsFor(FeedBlock block, string audience)
    {
        var groups = new List<string> { FeedGroups.All(audience) };
        groups.AddRange(block.Entries.Select(e => e.FundId).OfType<long>().Distinct().Select(f => FeedGroups.Fund(audience, f)));
        groups.AddRange(block.Entries.Select(e => e.Region).OfType<string>().SelectMany(FeedGroups.RegionAndParents).Distinct()
            .Select(r => FeedGroups.Region(audience, r)));
        return groups;
    }

    private async Task ObserveAsync(Task sends, long height, long started)
    {
        try
        {
            await sends;
            PortalTelemetry.FeedSendDuration.Record(PortalTelemetry.SecondsSince(started));
        }
        catch (Exception ex)
        {
            // Clients notice the hole at the next block and replay it; the ledger itself is unaffected.
            LogSendFailed(ex, height);
        }
    }

    [LoggerMessage(EventId = 2011, Level = LogLevel.Warning, Message = "Sending block {Height} to the live feed failed.")]
    private partial void LogSendFailed(Exception exception, long height);
}
