using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Ledger.Feed;
using Portal.Web.Live;

namespace Portal.Tests.Web.Live;

/// <summary>
/// The broadcast through SignalR's own lifetime manager and connection contexts, over pipes with a small buffer in
/// place of sockets: a client that stops reading must not hold up the others, and the watch disconnects it.
/// </summary>
public sealed class FeedBroadcastTests
{
    private const int Blocks = 40;

    [Fact]
    public async Task A_client_that_stops_reading_holds_up_no_one_and_the_watch_disconnects_it()
    {
        var services = new ServiceCollection().AddLogging().Configure<LiveFeedOptions>(o => o.SendTimeoutSeconds = 6).AddSingleton<FeedBroadcast>();
        services.AddSignalR();
        await using var provider = services.AddSlowClientWatch().BuildServiceProvider();
        var manager = provider.GetRequiredService<HubLifetimeManager<LedgerHub>>();
        var broadcast = provider.GetRequiredService<FeedBroadcast>();
        var watch = provider.GetServices<IHostedService>().OfType<SlowClientWatch>().Single();
        await watch.StartAsync(TestContext.Current.CancellationToken);
        var readers = new[] { await ConnectAsync(manager, "reader-1"), await ConnectAsync(manager, "reader-2") };
        var stuck = await ConnectAsync(manager, "stuck");
        var received = readers.Select(r => Task.Run(() => ReadHeightsAsync(r.ToClient.Reader, Blocks))).ToArray();

        // As the publisher does: one block after another, none awaited. Each is bigger than the stuck client's
        // buffer, so its writes stop at the first block.
        var sends = Enumerable.Range(1, Blocks).Select(h => broadcast.Send(Block(h))).ToList();

        // The watch cannot drop the stuck client before 9 s (first probe at 3 s, then 6 s unanswered): the readers
        // are served long before, or they were held up.
        var heights = await Task.WhenAll(received).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(stuck.Hub.ConnectionAborted.IsCancellationRequested, "the readers were served while the stuck client still held its place");
        Assert.All(heights, h => Assert.Equal(Enumerable.Range(1, Blocks).Select(i => (long)i), h));
        // Only the watch frees the stuck client's sends: it is disconnected, and the sends to it end.
        await Task.WhenAll(sends).WaitAsync(TimeSpan.FromSeconds(30));
        // SignalR signals the abort from the thread pool.
        var aborted = new TaskCompletionSource();
        using var registration = stuck.Hub.ConnectionAborted.Register(aborted.SetResult);
        await aborted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.All(readers, r => Assert.False(r.Hub.ConnectionAborted.IsCancellationRequested));
    }

    private static async Task<Connection> ConnectAsync(HubLifetimeManager<LedgerHub> manager, string id)
    {
        var toClient = new Pipe(new PipeOptions(pauseWriterThreshold: 4096, resumeWriterThreshold: 2048));
        var fromClient = new Pipe();
        var context = new DefaultConnectionContext(id, new Duplex(fromClient.Reader, toClient.Writer), new Duplex(toClient.Reader, fromClient.Writer));
        var hub = new HubConnectionContext(context, new HubConnectionContextOptions { KeepAliveInterval = TimeSpan.FromMinutes(5), ClientTimeoutInterval = TimeSpan.FromMinutes(5) },
            NullLoggerFactory.Instance) { Protocol = new JsonHubProtocol() };
        await manager.OnConnectedAsync(hub);
        await manager.AddToGroupAsync(id, FeedGroups.All(FeedGroups.Public));
        return new Connection(hub, toClient);
    }

    /// <summary>The heights of the first <paramref name="count"/> BlockAppended messages, in arrival order.</summary>
    private static async Task<List<long>> ReadHeightsAsync(PipeReader reader, int count)
    {
        var heights = new List<long>();
        while (heights.Count < count)
        {
            var result = await reader.ReadAsync();
            var buffer = result.Buffer;
            while (buffer.PositionOf((byte)0x1e) is { } end)
            {
                using var message = JsonDocument.Parse(Encoding.UTF8.GetString(buffer.Slice(0, end).ToArray()));
                if (message.RootElement.GetProperty("target").GetString() == LedgerHub.BlockAppended)
                {
                    heights.Add(message.RootElement.GetProperty("arguments")[0].GetProperty("height").GetInt64());
                }
                buffer = buffer.Slice(buffer.GetPosition(1, end));
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
        return heights;
    }

    private static FeedBlock Block(long height) => new(height, new string('a', 64), new string('b', 64), height * 40, new string('c', 64),
        DateTimeOffset.UnixEpoch.AddSeconds(height),
        [.. Enumerable.Range(0, 40).Select(i => new FeedEntry(height * 40 + i, "request.filed", 1, "520102", "education", 1_000m + i, ""))],
        "portal.example/ledger\n", null, []);

    private sealed record Connection(HubConnectionContext Hub, Pipe ToClient);

    private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
