using System.Threading.Channels;
using Portal.Ledger.Chain;
using Portal.Ledger.Feed;
using Portal.Web.Hosting;

namespace Portal.Web.Live;

/// <summary>
/// Sends each block this instance commits to the hub's groups, in commit order. The writer only enqueues the block
/// (it must not wait on clients); one loop turns it into the feed's message from what the writer holds (header,
/// entries, signed checkpoint, consistency proof), without reading it back, hands it to this instance's
/// <see cref="LedgerTail"/> for the pages and to <see cref="FeedBroadcast"/>. With the Redis backplane the sends
/// reach clients on every instance.
/// </summary>
public sealed partial class FeedPublisher(BlockFeed feed, FeedBroadcast broadcast, LedgerTail tail, ILogger<FeedPublisher> logger) : BackgroundService, ILedgerListener
{
    private readonly Channel<BlockAppended> _appended = Channel.CreateUnbounded<BlockAppended>(new UnboundedChannelOptions { SingleReader = true });
    private readonly InFlight _sends = new();

    public ValueTask OnBlockAppendedAsync(BlockAppended appended, CancellationToken cancellationToken)
    {
        _appended.Writer.TryWrite(appended);
        return ValueTask.CompletedTask;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var appended in _appended.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                var block = await feed.FromAppendedAsync(appended, stoppingToken);
                tail.Offer(block);
                _sends.Add(broadcast.Send(block));
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Clients notice the hole at the next block and replay it; the ledger itself is unaffected.
                LogPublishFailed(ex, appended.Block.Height);
                tail.Wake();
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // Sends still waiting on slow clients, for as long as the host waits for its services to stop.
        await _sends.DrainAsync(cancellationToken);
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Publishing block {Height} to the live feed failed.")]
    private partial void LogPublishFailed(Exception exception, long height);
}
