using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Portal.Benchmarks;

/// <summary>
/// A long run against a portal whose simulator keeps writing (<c>Demo:Simulate=true</c>): N live-feed clients stay
/// subscribed for M minutes, catching up after any reconnect as the dashboards do, while the server's memory is
/// sampled. Reports whether every client saw every block exactly once and in order, and the memory over time.
/// </summary>
internal static class SoakBench
{
    public static async Task<int> RunAsync(Arguments args)
    {
        var baseUrl = new Uri(args.Required("url"));
        var pid = args.Int("pid", 0);
        var count = args.Int("clients", 50);
        var duration = TimeSpan.FromMinutes(double.Parse(args.Get("minutes") ?? "10", CultureInfo.InvariantCulture));
        var clients = new List<Client>();
        for (var i = 0; i < count; i++)
        {
            clients.Add(await Client.StartAsync(baseUrl));
        }
        var start = await clients[0].HeadAsync();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{count} clients subscribed at height {start}; soaking for {duration.TotalMinutes:F0} min"));
        var samples = new List<(TimeSpan At, long RssKb, long Head)>();
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < duration)
        {
            samples.Add((watch.Elapsed, Rss(pid), await clients[0].HeadAsync()));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {watch.Elapsed:mm\\:ss}  head {samples[^1].Head}  server RSS {samples[^1].RssKb / 1024.0:F1} MB"));
            await Task.Delay(TimeSpan.FromSeconds(30));
        }
        var end = await clients[0].HeadAsync();
        // The last blocks have a few seconds to arrive everywhere.
        var wait = Stopwatch.StartNew();
        while (clients.Any(c => c.Last < end) && wait.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(200);
        }
        var complete = clients.Count(c => c.Heights.SequenceEqual(Enumerable.Range(1, (int)(end - start)).Select(h => start + h)));
        var early = samples.Skip(1).Take(3).Average(s => s.RssKb) / 1024.0;
        var late = samples.TakeLast(3).Average(s => s.RssKb) / 1024.0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{end - start} blocks in {watch.Elapsed.TotalMinutes:F1} min; {complete}/{count} clients saw every block once and in order " +
            $"({clients.Sum(c => c.Reconnects)} reconnects); server RSS {early:F1} MB early, {late:F1} MB late, max {samples.Max(s => s.RssKb) / 1024.0:F1} MB"));
        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }
        return complete == count ? 0 : 1;
    }

    private static long Rss(int pid)
    {
        if (pid == 0 || !File.Exists($"/proc/{pid}/status"))
        {
            return 0;
        }
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }

    /// <summary>A live-feed client that keeps the first copy of each height and catches up after reconnecting.</summary>
    private sealed class Client : IAsyncDisposable
    {
        private readonly HubConnection _connection;
        private readonly ConcurrentQueue<long> _received = new();
        private readonly Lock _lock = new();
        private long _last;

        private Client(HubConnection connection) => _connection = connection;

        public long Last => Interlocked.Read(ref _last);

        public int Reconnects { get; private set; }

        public IEnumerable<long> Heights => _received;

        public static async Task<Client> StartAsync(Uri baseUrl)
        {
            var connection = new HubConnectionBuilder().WithUrl(new Uri(baseUrl, "/hubs/ledger")).WithAutomaticReconnect().Build();
            var client = new Client(connection);
            connection.On<JsonElement>("BlockAppended", client.Take);
            connection.Reconnected += async _ =>
            {
                client.Reconnects++;
                foreach (var block in await connection.InvokeAsync<JsonElement[]>("Subscribe", new { afterHeight = client.Last }))
                {
                    client.Take(block);
                }
            };
            await connection.StartAsync();
            var head = await connection.InvokeAsync<long>("Head");
            Interlocked.Exchange(ref client._last, head);
            await connection.InvokeAsync<JsonElement[]>("Subscribe", new { afterHeight = head });
            return client;
        }

        public Task<long> HeadAsync() => _connection.InvokeAsync<long>("Head");

        private void Take(JsonElement block)
        {
            var height = block.GetProperty("height").GetInt64();
            lock (_lock)
            {
                // The first copy of a height counts; a block before the last one seen would be out of order.
                if (height <= _last && _received.Contains(height))
                {
                    return;
                }
                _received.Enqueue(height);
                _last = Math.Max(_last, height);
            }
        }

        public ValueTask DisposeAsync() => _connection.DisposeAsync();
    }
}
