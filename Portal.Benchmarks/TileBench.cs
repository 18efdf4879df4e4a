using System.Diagnostics;
using System.Globalization;
using System.Net;
using Portal.Ledger.Chain.Tiles;

namespace Portal.Benchmarks;

/// <summary>
/// C2SP tiles served by a running portal over loopback HTTP: the latency of full hash tiles and entry bundles at
/// random places in the tree (one request at a time, after a warm-up), and with --all the time to read every
/// full level-0 tile and entry bundle of the tree with a few requests in flight, as an auditor's client would.
/// </summary>
internal static class TileBench
{
    public static async Task<int> RunAsync(Arguments args)
    {
        var baseUrl = new Uri(args.Required("url"));
        var samples = args.Int("samples", 500);
        using var http = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None, MaxConnectionsPerServer = 16 })
        {
            BaseAddress = baseUrl,
            Timeout = TimeSpan.FromMinutes(1),
        };
        var size = long.Parse((await http.GetStringAsync("/api/ledger/checkpoint")).Split('\n')[1], CultureInfo.InvariantCulture);
        var full0 = size / TilePath.FullWidth;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ledger: {size:N0} entries, {full0:N0} full level-0 tiles"));
        var random = new Random(42);
        foreach (var (name, make) in new (string, Func<TilePath>)[]
        {
            ("full level-0 hash tile", () => new TilePath(0, random.NextInt64(full0), TilePath.FullWidth)),
            ("full level-1 hash tile", () => new TilePath(1, random.NextInt64(Math.Max(1, full0 / TilePath.FullWidth)), TilePath.FullWidth)),
            ("full entry bundle", () => new TilePath(0, random.NextInt64(full0), TilePath.FullWidth, IsEntries: true)),
        })
        {
            if (name.Contains("level-1", StringComparison.Ordinal) && full0 < TilePath.FullWidth)
            {
                continue;
            }
            var times = new List<double>();
            for (var i = -50; i < samples; i++)
            {
                var tile = make();
                var watch = Stopwatch.StartNew();
                using var response = await http.GetAsync($"/api/ledger/{tile}");
                var bytes = await response.Content.ReadAsByteArrayAsync();
                watch.Stop();
                if (!response.IsSuccessStatusCode)
                {
                    Console.Error.WriteLine($"{tile}: {(int)response.StatusCode}");
                    return 1;
                }
                if (i >= 0)
                {
                    times.Add(watch.Elapsed.TotalMilliseconds);
                }
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name}: median {Stats.Percentile(times, 0.5):F2} ms, p95 {Stats.Percentile(times, 0.95):F2} ms over {times.Count} requests"));
        }
        if (args.Get("all") is not null)
        {
            await ReadAllAsync(http, full0);
        }
        return 0;
    }

    private static async Task ReadAllAsync(HttpClient http, long full0)
    {
        var watch = Stopwatch.StartNew();
        long bytes = 0;
        var next = -1L;
        var workers = Enumerable.Range(0, 8).Select(async _ =>
        {
            for (var n = Interlocked.Increment(ref next); n < full0; n = Interlocked.Increment(ref next))
            {
                foreach (var tile in new[] { new TilePath(0, n, TilePath.FullWidth), new TilePath(0, n, TilePath.FullWidth, IsEntries: true) })
                {
                    var body = await http.GetByteArrayAsync($"/api/ledger/{tile}");
                    Interlocked.Add(ref bytes, body.Length);
                }
            }
        });
        await Task.WhenAll(workers);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"every full level-0 tile and entry bundle ({full0:N0} of each, {bytes / 1e6:F0} MB as sent): {watch.Elapsed.TotalSeconds:F1} s with 8 requests in flight"));
    }
}
