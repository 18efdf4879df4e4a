using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Portal.Benchmarks;

/// <summary>
/// The supervisors' flag list under a running portal (over loopback HTTP, signed in): latency of the first page,
/// filtered pages and pages followed by cursor. Start the portal on a large ledger first (generate-demo).
/// </summary>
internal static class AnomalyBench
{
    private static readonly string[] Queries =
    [
        "",
        "kind=usage-missing",
        "kind=threshold-splitting",
        "kind=off-hours-decision",
        "region=5201",
        "department=5203-pao",
        "reviewed=false",
        "from=2018-01-01&to=2018-03-31",
        "limit=200",
    ];

    public static async Task<int> RunAsync(Arguments args)
    {
        var baseUrl = new Uri(args.Required("url"));
        var samples = args.Int("samples", 200);
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), UseCookies = true })
        {
            BaseAddress = baseUrl, Timeout = TimeSpan.FromMinutes(5),
        };
        var login = await http.PostAsJsonAsync("/api/account/login", new { userName = args.Get("user") ?? "supervisor", password = args.Required("password") });
        login.EnsureSuccessStatusCode();
        foreach (var query in Queries)
        {
            var first = new List<double>();
            var next = new List<double>();
            string? cursor = null;
            for (var i = 0; i < samples; i++)
            {
                // Every other request follows the previous page's cursor, as a supervisor paging on would.
                var paging = i % 2 == 1 && cursor is not null;
                var url = $"/api/anomalies?{query}{(paging ? (query.Length > 0 ? "&" : "") + "cursor=" + cursor : "")}";
                var stopwatch = Stopwatch.StartNew();
                using var response = await http.GetAsync(url);
                var body = await response.Content.ReadAsStringAsync();
                (paging ? next : first).Add(stopwatch.Elapsed.TotalMilliseconds);
                response.EnsureSuccessStatusCode();
                cursor = JsonDocument.Parse(body).RootElement.GetProperty("nextCursor").GetString();
            }
            var warm = first.Skip(3).ToList();
            var line = string.Create(CultureInfo.InvariantCulture,
                $"GET /api/anomalies?{query}: first page median {Stats.Percentile(warm, 0.5):F2} ms, p99 {Stats.Percentile(warm, 0.99):F2} ms");
            Console.WriteLine(next.Count > 0 ? line + string.Create(CultureInfo.InvariantCulture, $"; next page median {Stats.Percentile(next, 0.5):F2} ms") : line);
        }
        return 0;
    }
}
