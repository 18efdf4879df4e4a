using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Portal.Benchmarks;

/// <summary>
/// The open-data API under a running portal (over loopback HTTP): latency of filtered disbursement pages, and the
/// time and server memory of a full CSV export. Start the portal on a large ledger first (generate-demo).
/// </summary>
internal static class ApiBench
{
    private static readonly string[] Queries =
    [
        "limit=50",
        "region=5201&limit=50",
        "region=520102&limit=50",
        "program=education&limit=50",
        "department=5203-pao&limit=50",
        "fund=1&from=2018-01-01&to=2018-03-31&limit=50",
        "minAmount=50000&maxAmount=60000&limit=50",
        "region=5226&program=medical&limit=50",
        "region=5201&from=2018-06-01&to=2018-06-30&minAmount=90000&limit=100",
        "limit=1000",
    ];

    public static async Task<int> RunAsync(Arguments args)
    {
        var baseUrl = new Uri(args.Required("url"));
        var samples = args.Int("samples", 200);
        using var http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromMinutes(10) };
        var all = new List<double>();
        foreach (var query in Queries)
        {
            var times = new List<double>();
            string? cursor = null;
            for (var i = 0; i < samples; i++)
            {
                // Every fourth request follows the previous page's cursor, as a reader paging through would.
                var url = $"/api/disbursements?{query}{(i % 4 != 0 && cursor is not null ? "&cursor=" + cursor : "")}";
                var stopwatch = Stopwatch.StartNew();
                using var response = await http.GetAsync(url);
                var body = await response.Content.ReadAsStringAsync();
                times.Add(stopwatch.Elapsed.TotalMilliseconds);
                response.EnsureSuccessStatusCode();
                cursor = JsonDocument.Parse(body).RootElement.GetProperty("nextCursor").GetString();
            }
            all.AddRange(times.Skip(5));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"GET /api/disbursements?{query}: median {Stats.Percentile(times, 0.5):F2} ms, p99 {Stats.Percentile(times, 0.99):F2} ms"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"all filtered pages: median {Stats.Percentile(all, 0.5):F2} ms, p99 {Stats.Percentile(all, 0.99):F2} ms"));

        var pid = args.Get("pid");
        var before = pid is null ? null : Memory(pid);
        var export = Stopwatch.StartNew();
        using (var response = await http.GetAsync("/api/disbursements.csv", HttpCompletionOption.ResponseHeadersRead))
        {
            response.EnsureSuccessStatusCode();
            await using var stream = await response.Content.ReadAsStreamAsync();
            var buffer = new byte[81920];
            long bytes = 0, lines = 0;
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0)
            {
                bytes += read;
                lines += buffer.AsSpan(0, read).Count((byte)'\n');
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"CSV export: {lines - 1:N0} rows, {bytes / 1048576.0:F1} MiB in {export.Elapsed.TotalSeconds:F2} s"));
        }
        if (pid is not null)
        {
            Console.WriteLine($"server memory before export: {before}; after: {Memory(pid)}");
        }
        return 0;
    }

    private static string Memory(string pid)
    {
        var status = File.ReadAllLines($"/proc/{pid}/status");
        string Field(string name) => status.First(l => l.StartsWith(name, StringComparison.Ordinal)).Split(':')[1].Trim();
        return $"RSS {Field("VmRSS")}, peak {Field("VmHWM")}";
    }
}
