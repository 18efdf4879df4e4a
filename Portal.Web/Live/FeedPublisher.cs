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
        var sent = 0L;
        while (await _heights.Reader.WaitToReadAsync(stoppingToken))
        {
            var last = sent;
            while (_heights.Reader.TryRead(out var height))
            {
                last = Math.Max(last, height);
            }
            // Everything after what was sent up to the newest committed, so heights stay in order with no holes.
            var from = sent == 0 ? last - 1 : sent;
            try
            {
                while (from < last)
                {
                    var blocks = await feed.ReadAsync(from, BlockFeed.MaxReplay, stoppingToken);
                    if (blocks.Count == 0)
                    {
                        break;
                    }
                    foreach (var block in blocks.TakeWhile(b => b.Height <= last))
                    {
                        await SendAsync(block, stoppingToken);
                        from = block.Height;
                    }
                }
                sent = Math.Max(sent, from);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Clients notice the hole at the next block and replay it; the ledger itself is unaffected.
                LogPublishFailed(ex, from + 1);
                sent = last;
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
