using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Portal.Benchmarks;

/// <summary>
/// The live feed under load against a running portal: N hub clients subscribed while an official files requests
/// at a steady rate (one block each, as far as group commit allows). Reports whether every client received every
/// block, and the block-commit-to-client latency (the block's commit timestamp to the client's receipt, on the
/// same machine's clock). Several client counts can be given, to find where the latency gives way.
/// </summary>
internal static class FeedBench
{
    public static async Task<int> RunAsync(Arguments args)
    {
        var baseUrl = new Uri(args.Required("url"));
        var password = args.Required("password");
        var rate = args.Int("rate", 100);
        var seconds = args.Int("seconds", 20);
        var warmup = args.Int("warmup", 5);
        var counts = (args.Get("clients") ?? "500").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToList();
        int? pid = args.Get("pid") is { } p ? int.Parse(p, CultureInfo.InvariantCulture) : null;
        using var official = await SignInAsync(baseUrl, args.Get("user") ?? "official", password);
        foreach (var count in counts)
        {
            await RunOnceAsync(baseUrl, official, count, rate, warmup, seconds, pid);
        }
        return 0;
    }

    private static async Task RunOnceAsync(Uri baseUrl, Official official, int count, int rate, int warmup, int seconds, int? pid)
    {
        // Per client, in arrival order (a connection's handlers run one at a time).
        var arrivals = Enumerable.Range(0, count).Select(_ => new ConcurrentQueue<(long Height, double LatencyMs)>()).ToArray();
        // One full client asks the head; the measured clients are light ones (LightFeedClient says why).
        await using var control = new HubConnectionBuilder().WithUrl(new Uri(baseUrl, "/hubs/ledger")).Build();
        await control.StartAsync();
        var start = await control.InvokeAsync<long>("Head");
        ServerHeap.Sizes? heapBefore = pid is { } server ? await ServerHeap.AfterFullCollectionAsync(server) : null;
        var connections = new List<LightFeedClient>(count);
        var connect = Stopwatch.StartNew();
        // Connect in waves: a burst of hundreds of handshakes at once only measures the accept queue.
        for (var wave = 0; wave < count; wave += 50)
        {
            connections.AddRange(await Task.WhenAll(Enumerable.Range(wave, Math.Min(50, count - wave)).Select(client =>
                LightFeedClient.ConnectAsync(baseUrl, start, (height, timestamp) =>
                    arrivals[client].Enqueue((height, (DateTimeOffset.UtcNow - timestamp).TotalMilliseconds))))));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{count} clients connected and subscribed in {connect.Elapsed.TotalSeconds:F1} s; appending {rate} requests/s for {warmup} s unmeasured, then {seconds} s"));

        // The clients' own code is cold at first (they share the server's cores): the first seconds measure the
        // benchmark's JIT as much as the server, so they are sent but not counted.
        await AppendAsync(official, rate, warmup);
        var head = await control.InvokeAsync<long>("Head");
        await ArrivedAsync(arrivals, start, head);
        if (pid is { } process && heapBefore is { } empty)
        {
            // Every client has followed the feed for the warm-up: what the server holds for them, in steady state.
            var heapWith = await ServerHeap.AfterFullCollectionAsync(process);
            Console.WriteLine($"server's live managed heap after a full collection: {empty} before the clients, {heapWith} with them: {empty.PerVisitor(heapWith, count, "feed connection")}");
        }
        foreach (var client in arrivals)
        {
            client.Clear();
        }

        official.Latencies.Clear();
        var appendSeconds = await AppendAsync(official, rate, seconds);
        var last = await control.InvokeAsync<long>("Head");
        var expected = last - head;
        await ArrivedAsync(arrivals, head, last);
        var complete = arrivals.Count(a => a.Select(r => r.Height).SequenceEqual(Enumerable.Range(1, (int)expected).Select(h => head + h)));
        var latencies = arrivals.SelectMany(a => a.Select(r => r.LatencyMs)).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{count} clients, {expected} blocks in {appendSeconds:F1} s ({expected / appendSeconds:F0} blocks/s): {complete}/{count} clients received every block once and in order; " +
            $"commit-to-client latency p50 {Stats.Percentile(latencies, 0.5):F1} ms, p99 {Stats.Percentile(latencies, 0.99):F1} ms, max {latencies.Max():F1} ms ({latencies.Count:N0} messages)"));
        // What a writer waits for: the filing's round trip, which returns once its block is committed.
        var commits = official.Latencies.ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"filing round trip (returns once the block is committed) p50 {Stats.Percentile(commits, 0.5):F1} ms, p99 {Stats.Percentile(commits, 0.99):F1} ms ({commits.Count:N0} filings)"));
        await ReportCosignaturesAsync(official, last);
        await Task.WhenAll(connections.Select(c => c.DisposeAsync().AsTask()));
    }

    /// <summary>Files <paramref name="rate"/> requests a second for <paramref name="seconds"/>; the time it took.</summary>
    private static async Task<double> AppendAsync(Official official, int rate, int seconds)
    {
        var appends = new List<Task>();
        var pace = Stopwatch.StartNew();
        for (var i = 0; i < rate * seconds; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / rate);
            if (due > pace.Elapsed)
            {
                await Task.Delay(due - pace.Elapsed);
            }
            appends.Add(official.FileAsync(1_000m + i));
        }
        await Task.WhenAll(appends);
        return pace.Elapsed.TotalSeconds;
    }

    /// <summary>Waits (up to 30 s) until every client has every block in (from, to], by count.</summary>
    private static async Task ArrivedAsync(ConcurrentQueue<(long Height, double LatencyMs)>[] arrivals, long from, long to)
    {
        var wait = Stopwatch.StartNew();
        while (arrivals.Any(a => a.Count(r => r.Height > from && r.Height <= to) < to - from) && wait.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(100);
        }
    }

    /// <summary>With witnesses configured: how soon the newest checkpoint carries their cosignatures once appends stop.</summary>
    private static async Task ReportCosignaturesAsync(Official official, long lastHeight)
    {
        var wait = Stopwatch.StartNew();
        var lines = 0;
        while (wait.Elapsed < TimeSpan.FromSeconds(10))
        {
            var note = await official.Http.GetStringAsync("/api/ledger/checkpoint");
            lines = note.Split('\n').Count(l => l.StartsWith('\u2014')) - 1;
            if (lines > 0)
            {
                break;
            }
            await Task.Delay(20);
        }
        Console.WriteLine(lines > 0
            ? string.Create(CultureInfo.InvariantCulture, $"the checkpoint after block {lastHeight} carries {lines} witness cosignature(s) {wait.Elapsed.TotalMilliseconds:F0} ms after the last filing returned")
            : "the newest checkpoint carries no witness cosignature (no witness policy, or the witnesses did not answer within 10 s)");
    }

    private static async Task<Official> SignInAsync(Uri baseUrl, string user, string password)
    {
        var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), UseCookies = true }) { BaseAddress = baseUrl };
        var response = await http.PostAsJsonAsync("/api/account/login", new { userName = user, password });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("antiforgeryToken").GetString()!;
        http.DefaultRequestHeaders.Add("X-CSRF-TOKEN", token);
        return new Official(http);
    }

    private sealed class Official(HttpClient http) : IDisposable
    {
        public HttpClient Http => http;

        public ConcurrentQueue<double> Latencies { get; } = new();

        public async Task FileAsync(decimal amount)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await http.PostAsJsonAsync("/api/requests", new { fundId = 1, program = "education", region = "520102", amount, purpose = "Feed benchmark", beneficiaries = 1 });
            response.EnsureSuccessStatusCode();
            Latencies.Enqueue(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        public void Dispose() => http.Dispose();
    }
}
