using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Portal.Ledger.Chain;
using Portal.Ledger.Feed;

namespace Portal.Web.Live;

/// <summary>
/// Sends each block this instance commits to the hub's groups, in commit order. The writer only enqueues the
/// height (it must not wait on clients); one loop reads the blocks back from the ledger, as a replay would, and
/// sends them. With the Redis backplane the sends reach clients on every instance.
/// </summary>
public sealed partial class FeedPublisher(BlockFeed feed, IHubContext<LedgerHub> hub, LedgerTail tail, ILogger<FeedPublisher> logger) : BackgroundService, ILedgerListener
{
    private readonly Channel<long> _heights = Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleReader = true });

    public ValueTask OnBlockAppendedAsync(BlockAppended appended, CancellationToken cancellationToken)
    {
        _heights.Writer.TryWrite(appended.Block.Height);
        tail.Wake();
        return ValueTask.CompletedTask;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var mine = new SortedSet<long>();
        while (await _heights.Reader.WaitToReadAsync(stoppingToken))
        {
            while (_heights.Reader.TryRead(out var height))
            {
                mine.Add(height);
            }
            try
            {
                // The heights this instance committed, oldest first; blocks of other instances between them are
                // theirs to publish.
                while (mine.Count > 0)
                {
                    var blocks = await feed.ReadAsync(mine.Min - 1, BlockFeed.MaxReplay, stoppingToken);
                    if (blocks.Count == 0)
                    {
                        break;
                    }
                    foreach (var block in blocks.Where(b => mine.Contains(b.Height)))
                    {
                        await SendAsync(block, stoppingToken);
                    }
                    mine.RemoveWhere(h => h <= blocks[^1].Height);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Clients notice the hole at the next block and replay it; the ledger itself is unaffected.
                LogPublishFailed(ex, mine.Min);
                mine.Clear();
            }
        }
    }

    private async Task SendAsync(FeedBlock block, CancellationToken cancellationToken)
    {
        var visible = block.ForPublic();
        foreach (var (audience, message) in new[] { (FeedGroups.Public, visible), (FeedGroups.Supervisors, block) })
        {
            var groups = new List<string> { FeedGroups.All(audience) };
            groups.AddRange(block.Entries.Select(e => e.FundId).OfType<long>().Distinct().Select(f => FeedGroups.Fund(audience, f)));
            groups.AddRange(block.Entries.Select(e => e.Region).OfType<string>().SelectMany(FeedGroups.RegionAndParents).Distinct()
                .Select(r => FeedGroups.Region(audience, r)));
            await hub.Clients.Groups(groups).SendAsync(LedgerHub.BlockAppended, message, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing block {Height} to the live feed failed.")]
    private partial void LogPublishFailed(Exception exception, long height);
}
