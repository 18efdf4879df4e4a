using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Portal.Benchmarks;

/// <summary>
/// Sustained load against a running portal: C connections, each issuing requests back to back for S seconds, over
/// a mix of the public API (open data, checkpoints, proofs) and the public pages. Every response must be 2xx:
/// errors are counted and listed. Reports requests per second and the latency percentiles, overall and per kind.
/// Run the portal with <c>RateLimits__ApiPermitsPerSecond=0</c>: this measures the server, not the limiter.
/// </summary>
internal static class LoadBench
{
    private static readonly (string Kind, string Path)[] Mix =
    [
        ("api", "/api/funds"),
        ("api", "/api/disbursements?limit=50"),
        ("api", "/api/disbursements?region=5201&program=education&limit=50"),
        ("api", "/api/disbursements?minAmount=50000&maxAmount=60000&limit=50"),
        ("api", "/api/ledger/checkpoint"),
        ("api", "/api/ledger/public-key"),
        ("proof", "/api/ledger/entries/{index}"),
        ("proof", "/api/ledger/proofs/inclusion?index={index}&treeSize={size}"),
        ("proof", "/api/ledger/proofs/consistency?from={from}&to={size}"),
        ("page", "/"),
        ("page", "/disbursements"),
        ("page", "/ledger"),
        ("page", "/disbursements/{record}"),
    ];

    public static async Task<int> RunAsync(Arguments args)
    {
        var baseUrl = new Uri(args.Required("url"));
        var connections = args.Int("connections", 100);
        var seconds = args.Int("seconds", 60);
        // Only some kinds of request (e.g. --kinds page for the public pages alone); all by default.
        var kinds = args.Get("kinds")?.Split(',');
        var mix = kinds is null ? Mix : Mix.Where(m => kinds.Contains(m.Kind)).ToArray();
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan, AutomaticDecompression = DecompressionMethods.None };
        using var http = new HttpClient(handler) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
        var note = await http.GetStringAsync("/api/ledger/checkpoint");
        var size = long.Parse(note.Split('\n')[1], CultureInfo.InvariantCulture);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{connections} connections for {seconds} s against {baseUrl} (ledger of {size:N0} entries)"));

        // Warm-up: JIT and caches, not measured.
        await RunAsync(http, mix, connections, TimeSpan.FromSeconds(Math.Min(10, seconds)), size);
        var watch = Stopwatch.StartNew();
        var all = await RunAsync(http, mix, connections, TimeSpan.FromSeconds(seconds), size);
        var elapsed = watch.Elapsed.TotalSeconds;

        var errors = all.Where(r => r.Status is < 200 or >= 300).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{all.Count:N0} requests in {elapsed:F1} s: {all.Count / elapsed:F0} requests/s, {errors.Count} errors; latency p50 {Stats.Percentile(all.Select(r => r.Ms).ToList(), 0.5):F1} ms, p99 {Stats.Percentile(all.Select(r => r.Ms).ToList(), 0.99):F1} ms"));
        foreach (var group in all.GroupBy(r => r.Kind).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var times = group.Select(r => r.Ms).ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {group.Key,-6} {times.Count,9:N0} requests ({times.Count / elapsed,6:F0}/s)  p50 {Stats.Percentile(times, 0.5),7:F1} ms  p99 {Stats.Percentile(times, 0.99),7:F1} ms"));
        }
        foreach (var error in errors.GroupBy(e => (e.Status, e.Path)).Take(10))
        {
            Console.WriteLine($"  error {error.Key.Status} x{error.Count()}: {error.Key.Path}");
        }
        return errors.Count == 0 ? 0 : 1;
    }

    private sealed record Sample(string Kind, double Ms, int Status, string Path);

    /// <summary>Every connection's requests, back to back until the time is up; each keeps its own samples.</summary>
    private static async Task<List<Sample>> RunAsync(HttpClient http, (string Kind, string Path)[] mix, int connections, TimeSpan duration, long size)
    {
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var perConnection = await Task.WhenAll(Enumerable.Range(0, connections).Select(worker => Task.Run(async () =>
        {
            var samples = new List<Sample>();
            var random = new Random(worker);
            var buffer = new byte[81920];
            while (Stopwatch.GetTimestamp() < end)
            {
                var (kind, template) = mix[random.Next(mix.Length)];
                var index = random.NextInt64(size);
                var path = template.Replace("{index}", index.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                    .Replace("{size}", size.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                    .Replace("{from}", Math.Max(1, index).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                    .Replace("{record}", (1 + random.Next(1000)).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
                var start = Stopwatch.GetTimestamp();
                int status;
                try
                {
                    using var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
                    await using var body = await response.Content.ReadAsStreamAsync();
                    while (await body.ReadAsync(buffer) > 0)
                    {
                    }
                    status = (int)response.StatusCode;
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
                {
                    status = 0;
                }
                samples.Add(new Sample(kind, Stopwatch.GetElapsedTime(start).TotalMilliseconds, status, path));
            }
            return samples;
        })));
        return [.. perConnection.SelectMany(s => s)];
    }
}
