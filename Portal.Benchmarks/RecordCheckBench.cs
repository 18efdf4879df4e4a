using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace Portal.Benchmarks;

/// <summary>
/// A record page's full check in the visitor's browser, as a citizen runs it: from the click on "Verify in my
/// browser" to the verdict on screen. It covers the key and checkpoint, the pinned history's consistency proof,
/// every entry's leaf hash and inclusion proof, decoding every entry and comparing each value the page shows,
/// and the request's chain of steps, all in Chromium, over the Blazor circuit and loopback HTTP.
/// </summary>
internal static class RecordCheckBench
{
    private const string VerifyScript = """
        () => new Promise((resolve, reject) => {
            const observer = new MutationObserver(() => {
                const result = document.querySelector('[data-testid=verify-result]');
                if (result) {
                    observer.disconnect();
                    resolve({ ms: performance.now() - start, text: result.textContent });
                }
            });
            observer.observe(document.body, { subtree: true, childList: true });
            const start = performance.now();
            document.querySelector('[data-testid=verify]').click();
            setTimeout(() => reject(new Error('no verdict within 30 s')), 30000);
        })
        """;

    public static async Task<int> RunAsync(Arguments args)
    {
        var baseUrl = new Uri(args.Required("url"));
        var records = args.Int("records", 30);
        using var http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromMinutes(1) };
        // Records spread over the ledger: the newest, then one from each of several pages further back.
        var ids = new List<long>();
        string? cursor = null;
        while (ids.Count < records)
        {
            var page = JsonDocument.Parse(await http.GetStringAsync($"/api/disbursements?limit=1000{(cursor is null ? "" : $"&cursor={cursor}")}")).RootElement;
            var items = page.GetProperty("items").EnumerateArray().ToList();
            ids.AddRange(items.Where((_, i) => i % 97 == 0).Select(i => i.GetProperty("id").GetInt64()).Take(records - ids.Count));
            cursor = page.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
            if (cursor is null)
            {
                break;
            }
        }
        var note = await http.GetStringAsync("/api/ledger/checkpoint");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ledger: {long.Parse(note.Split('\n')[1], CultureInfo.InvariantCulture):N0} entries; {ids.Count} records, one check each after one unmeasured"));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = args.Get("chromium") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        });
        var context = await browser.NewContextAsync();
        var tab = await context.NewPageAsync();
        var times = new List<double>();
        for (var i = -1; i < ids.Count; i++)
        {
            // The first (unmeasured) check pins the key and the checkpoint, as a visitor's first visit does.
            var id = ids[Math.Max(i, 0)];
            await tab.GotoAsync(new Uri(baseUrl, $"/disbursements/{id}").ToString());
            await Assertions.Expect(tab.GetByTestId("verify")).ToBeEnabledAsync(new() { Timeout = 30_000 });
            var outcome = await tab.EvaluateAsync<JsonElement>(VerifyScript);
            var text = outcome.GetProperty("text").GetString() ?? "";
            if (!text.Contains("checks passed", StringComparison.Ordinal))
            {
                Console.Error.WriteLine($"record {id}: {text}");
                return 1;
            }
            if (i >= 0)
            {
                times.Add(outcome.GetProperty("ms").GetDouble());
            }
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"record page full check, click to verdict in Chromium: median {Stats.Percentile(times, 0.5):F1} ms, p95 {Stats.Percentile(times, 0.95):F1} ms, max {times.Max():F1} ms over {times.Count} records"));
        return 0;
    }
}
