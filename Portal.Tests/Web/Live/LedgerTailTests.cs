using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Ledger.Feed;
using Portal.Tests.Infrastructure;
using Portal.Web.Live;

namespace Portal.Tests.Web.Live;

/// <summary>The pages' tail on a real ledger: blocks offered by this instance pass at once, anything else is read back.</summary>
public sealed class LedgerTailTests
{
    [Fact]
    public async Task Offered_blocks_pass_in_height_order_and_a_gap_is_filled_from_the_ledger()
    {
        await using var ledger = await LedgerHarness.CreateAsync();
        await ledger.AppendOneByOneAsync(3);
        var feed = new BlockFeed(ledger.Store, ledger.Reader);
        // No polling within the test: only offers, and the reads a gap calls for, move the tail.
        var tail = new LedgerTail(feed, Options.Create(new LiveFeedOptions { PollMilliseconds = 600_000 }), NullLogger<LedgerTail>.Instance);
        var seen = Channel.CreateUnbounded<long>();
        using var subscription = tail.Subscribe(block => seen.Writer.TryWrite(block.Height));
        await tail.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            while (tail.Height != 2)
            {
                await Task.Delay(10, TestContext.Current.CancellationToken);
            }
            // Blocks 3 to 6 come from elsewhere; block 5 is offered first, as if this instance had committed it.
            await ledger.AppendOneByOneAsync(4);
            var stored = await feed.ReadAsync(2);
            tail.Offer(stored[2]);
            Assert.Equal(new long[] { 3, 4, 5, 6 }, await NextAsync(seen, 4));

            // An offer already passed is dropped; the next block offered passes without a read (none is due).
            tail.Offer(stored[1]);
            await ledger.AppendOneByOneAsync(1);
            tail.Offer((await feed.ReadAsync(6))[0]);
            Assert.Equal(new long[] { 7 }, await NextAsync(seen, 1));
            Assert.False(seen.Reader.TryRead(out _));
        }
        finally
        {
            await tail.StopAsync(CancellationToken.None);
        }
    }

    private static async Task<long[]> NextAsync(Channel<long> seen, int count)
    {
        var heights = new long[count];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        for (var i = 0; i < count; i++)
        {
            heights[i] = await seen.Reader.ReadAsync(timeout.Token);
        }
        return heights;
    }
}
