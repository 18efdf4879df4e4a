using System.Collections.Concurrent;
using Portal.Ledger.Feed;
using Microsoft.Extensions.Options;

namespace Portal.Web.Live;

/// <summary>
/// Follows the ledger from this instance for the pages it renders. Blocks this instance commits are offered by the
/// <see cref="FeedPublisher"/> as they are published; anything else (blocks appended by another instance or a
/// command-line writer, or a gap) is read back from the database, so every block arrives in height order and
/// without holes. It looks every <c>Live:PollMilliseconds</c> (250 by default), one indexed read of the newest
/// height.
/// </summary>
public sealed partial class LedgerTail(BlockFeed feed, IOptions<LiveFeedOptions> options, ILogger<LedgerTail> logger) : BackgroundService
{
    private readonly Lock _lock = new();
    private readonly List<Action<FeedBlock>> _subscribers = [];
    private readonly ConcurrentQueue<FeedBlock> _offered = new();
    private readonly SemaphoreSlim _wake = new(0);
    private volatile bool _mustRead;
    private const long NotStarted = -2;

    private long _height = NotStarted;
    private bool _started;

    /// <summary>The newest height passed to subscribers (-1 for an empty ledger, -2 before the tail has started).</summary>
    public long Height => Interlocked.Read(ref _height);

    /// <summary>
    /// Calls <paramref name="onBlock"/> with each new block until the returned handle is disposed. It must return
    /// at once (queue the block): one slow page must not hold up the others.
    /// </summary>
    public IDisposable Subscribe(Action<FeedBlock> onBlock)
    {
        lock (_lock)
        {
            _subscribers.Add(onBlock);
        }
        return new Subscription(this, onBlock);
    }

    /// <summary>A block this instance has just committed: passed on without reading it back, when it is the next.</summary>
    public void Offer(FeedBlock block)
    {
        _offered.Enqueue(block);
        Signal();
    }

    /// <summary>Looks for new blocks in the database now rather than at the next poll.</summary>
    public void Wake()
    {
        _mustRead = true;
        Signal();
    }

    private void Signal()
    {
        if (_wake.CurrentCount == 0)
        {
            _wake.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromMilliseconds(options.Value.PollMilliseconds);
        var read = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!_started)
                {
                    Interlocked.Exchange(ref _height, await feed.HeadHeightAsync(stoppingToken));
                    _started = true;
                }
                // An offered block that is not the next one (another instance's blocks came between) is left to
                // the read below, which returns it in its place.
                while (_offered.TryDequeue(out var offered))
                {
                    if (offered.Height == _height + 1)
                    {
                        Pass(offered);
                    }
                    else if (offered.Height > _height)
                    {
                        read = true;
                    }
                }
                if (read || _mustRead)
                {
                    _mustRead = false;
                    await ReadNewAsync(stoppingToken);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogTailFailed(ex);
            }
            read = !await _wake.WaitAsync(interval, stoppingToken);
        }
    }

    private async Task ReadNewAsync(CancellationToken stoppingToken)
    {
        long head;
        while ((head = await feed.HeadHeightAsync(stoppingToken)) > _height)
        {
            if (!HasSubscribers)
            {
                // Nobody is watching: keep up without reading the blocks.
                Interlocked.Exchange(ref _height, head);
                return;
            }
            foreach (var block in await feed.ReadAsync(_height, BlockFeed.MaxReplay, stoppingToken))
            {
                Pass(block);
            }
        }
    }

    private void Pass(FeedBlock block)
    {
        if (HasSubscribers)
        {
            Notify(block);
        }
        Interlocked.Exchange(ref _height, block.Height);
    }

    private bool HasSubscribers
    {
        get
        {
            lock (_lock)
            {
                return _subscribers.Count > 0;
            }
        }
    }

    private void Notify(FeedBlock block)
    {
        Action<FeedBlock>[] subscribers;
        lock (_lock)
        {
            subscribers = [.. _subscribers];
        }
        foreach (var subscriber in subscribers)
        {
            try
            {
                subscriber(block);
            }
            catch (Exception ex)
            {
                // One page's failure must not stop the others' updates.
                LogSubscriberFailed(ex, block.Height);
            }
        }
    }

    private void Unsubscribe(Action<FeedBlock> onBlock)
    {
        lock (_lock)
        {
            _subscribers.Remove(onBlock);
        }
    }

    private sealed class Subscription(LedgerTail tail, Action<FeedBlock> onBlock) : IDisposable
    {
        public void Dispose() => tail.Unsubscribe(onBlock);
    }

    [LoggerMessage(EventId = 2031, Level = LogLevel.Warning, Message = "Following the ledger failed; trying again.")]
    private partial void LogTailFailed(Exception exception);

    [LoggerMessage(EventId = 2032, Level = LogLevel.Warning, Message = "A page failed to take block {Height}.")]
    private partial void LogSubscriberFailed(Exception exception, long height);
}
