using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;

namespace Portal.Benchmarks;

/// <summary>
/// Citizens' feedback through the HTTP API of a running portal: C anonymous clients each send feedback back to back
/// (questions, complaints, confirmations on random disbursements) until N receipts are back. Every answer must be 201
/// with a receipt whose leaf data hashes to its proof's leaf hash. Reports receipts per second and latency.
/// Run the portal with <c>RateLimits__FeedbackPermitsPerMinute=0 RateLimits__ApiPermitsPerSecond=0</c>: every client
/// comes from one address, and this measures the ledger's group commit, not the limiter.
/// </summary>
internal static class FeedbackBench
{
    private static readonly string[] Kinds = ["question", "complaint", "confirmation"];

    private static readonly string[] Categories = ["money-not-received", "work-not-done", "amount-wrong", "other"];

    public static async Task<int> RunAsync(Arguments args)
    {
        var baseUrl = new Uri(args.Required("url"));
        var clients = args.Int("clients", 64);
        var count = args.Int("count", 20000);
        var warmup = args.Int("warmup", 2000);
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var http = new HttpClient(handler) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(60) };

        using var page = JsonDocument.Parse(await http.GetStringAsync("/api/disbursements?limit=1000"));
        var records = page.RootElement.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("id").GetInt64()).ToArray();
        if (records.Length == 0)
        {
            Console.Error.WriteLine("The portal has no disbursements: start it on the demo ledger.");
            return 2;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{clients} clients, {count:N0} feedback after {warmup:N0} unmeasured, on {records.Length:N0} disbursements of {baseUrl}"));

        await SendAsync(http, records, clients, warmup, seed: 1);
        var watch = Stopwatch.StartNew();
        var samples = await SendAsync(http, records, clients, count, seed: 2);
        var elapsed = watch.Elapsed.TotalSeconds;

        var failures = samples.Where(s => s.Error is not null).ToList();
        var times = samples.Select(s => s.Ms).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{samples.Count - failures.Count:N0} receipts in {elapsed:F2} s: {(samples.Count - failures.Count) / elapsed:F0} feedback entries/s; " +
            $"round trip p50 {Stats.Percentile(times, 0.5):F1} ms, p99 {Stats.Percentile(times, 0.99):F1} ms; {failures.Count} failures"));
        var blocks = samples.Where(s => s.TreeSize > 0).Select(s => s.TreeSize).Distinct().Count();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sealed in {blocks:N0} blocks ({(samples.Count - failures.Count) / (double)Math.Max(1, blocks):F1} feedback per block)"));
        foreach (var failure in failures.GroupBy(f => f.Error).Take(10))
        {
            Console.WriteLine($"  failure x{failure.Count()}: {failure.Key}");
        }
        return failures.Count == 0 ? 0 : 1;
    }

    private sealed record Sample(double Ms, long TreeSize, string? Error);

    private static async Task<List<Sample>> SendAsync(HttpClient http, long[] records, int clients, int count, int seed)
    {
        var next = -1;
        var perClient = await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            var random = new Random(seed * 1000 + client);
            var samples = new List<Sample>();
            while (Interlocked.Increment(ref next) < count)
            {
                var kind = Kinds[random.Next(Kinds.Length)];
                var body = new
                {
                    kind,
                    category = kind == "complaint" ? Categories[random.Next(Categories.Length)] : null,
                    text = $"Bench feedback {client}-{samples.Count}: the clinic's new equipment arrived on {random.Next(1, 28)} November.",
                    contact = random.Next(4) == 0 ? $"bench{client}@example.org" : null,
                };
                var start = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await http.PostAsJsonAsync($"/api/disbursements/{records[random.Next(records.Length)]}/feedback", body);
                    var text = await response.Content.ReadAsStringAsync();
                    var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                    samples.Add(response.StatusCode == HttpStatusCode.Created ? Check(text, ms) : new Sample(ms, 0, $"{(int)response.StatusCode} {text[..Math.Min(200, text.Length)]}"));
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
                {
                    samples.Add(new Sample(Stopwatch.GetElapsedTime(start).TotalMilliseconds, 0, ex.GetType().Name + ": " + ex.Message));
                }
            }
            return samples;
        })));
        return [.. perClient.SelectMany(s => s)];
    }

    /// <summary>The receipt's entry must be the proof's leaf: RFC 6962 leaf hash of the leaf data.</summary>
    private static Sample Check(string receipt, double ms)
    {
        using var json = JsonDocument.Parse(receipt);
        var root = json.RootElement;
        var leaf = Convert.FromBase64String(root.GetProperty("leafData").GetString()!);
        var proof = root.GetProperty("inclusionProof");
        var expected = proof.GetProperty("leafHash").GetString();
        var actual = Convert.ToHexStringLower(SHA256.HashData([0, .. leaf]));
        return actual == expected
            ? new Sample(ms, root.GetProperty("treeSize").GetInt64(), null)
            : new Sample(ms, 0, "receipt's leaf data does not hash to its leaf hash");
    }
}
