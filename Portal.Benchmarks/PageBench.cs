using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace Portal.Benchmarks;

/// <summary>
/// The public pages of a running portal: server time to the first meaningful content (the prerendered HTML, which
/// carries the page's data), over loopback HTTP; and, in Chromium, how long the explorer takes from a click on
/// "Older" to the next page's rows on screen (enhanced navigation: one GET of the next page and a DOM patch; no circuit).
/// </summary>
internal static class PageBench
{
    public static async Task<int> RunAsync(Arguments args)
    {
        var baseUrl = new Uri(args.Required("url"));
        var samples = args.Int("samples", 50);
        using var http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromMinutes(1) };
        var latest = JsonDocument.Parse(await http.GetStringAsync("/api/disbursements?limit=1")).RootElement.GetProperty("items")[0];
        var record = latest.GetProperty("id").GetInt64();
        var entry = latest.GetProperty("ledgerIndexes")[0].GetInt64();
        var note = await http.GetStringAsync("/api/ledger/checkpoint");
        var size = long.Parse(note.Split('\n')[1], CultureInfo.InvariantCulture);
        string[] pages =
        [
            "/",
            "/disbursements",
            "/disbursements?region=5201&program=education",
            $"/disbursements/{record}",
            "/ledger",
            "/ledger/blocks/1",
            $"/ledger/entries/{entry}",
            $"/ledger/entries/{size / 2}",
            "/verify",
        ];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ledger: {size:N0} entries; server time to the full prerendered page, {samples} samples each"));
        var all = new List<double>();
        foreach (var page in pages)
        {
            var times = new List<double>();
            for (var i = 0; i < samples + 3; i++)
            {
                var stopwatch = Stopwatch.StartNew();
                using var response = await http.GetAsync(page);
                await response.Content.ReadAsStringAsync();
                response.EnsureSuccessStatusCode();
                if (i >= 3)
                {
                    times.Add(stopwatch.Elapsed.TotalMilliseconds);
                }
            }
            all.AddRange(times);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"GET {page}: median {Stats.Percentile(times, 0.5):F1} ms, p95 {Stats.Percentile(times, 0.95):F1} ms, max {times.Max():F1} ms"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"all pages: median {Stats.Percentile(all, 0.5):F1} ms, p95 {Stats.Percentile(all, 0.95):F1} ms"));

        var chromium = args.Get("chromium") ?? "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            Console.WriteLine($"{chromium} not found: explorer page changes not measured.");
            return 0;
        }
        await ExplorerPagingAsync(baseUrl, chromium, args.Int("pages", 40));
        return 0;
    }

    // Timed inside the page: from the click on "Older" (a link, followed by enhanced navigation: a fetch of the next
    // page's HTML and a patch of the DOM) to the next page's rows in the DOM.
    private const string NextPageScript = """
        () => new Promise(resolve => {
            const first = () => document.querySelector('[data-testid=record-link]')?.textContent;
            const firstBefore = first();
            const observer = new MutationObserver(() => {
                if (first() !== firstBefore) {
                    observer.disconnect();
                    resolve(performance.now() - start);
                }
            });
            observer.observe(document.body, { subtree: true, childList: true, characterData: true });
            const start = performance.now();
            document.querySelector('a[data-testid=page-next]').click();
        })
        """;

    private static async Task ExplorerPagingAsync(Uri baseUrl, string chromium, int pages)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        });
        var page = await browser.NewPageAsync();
        foreach (var (label, path) in new[] { ("all records", "/disbursements"), ("one prefecture and program", "/disbursements?region=5201&program=education") })
        {
            await page.GotoAsync(new Uri(baseUrl, path).ToString());
            await page.Locator("html[data-page-script=ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 30_000 });
            var times = new List<double>();
            for (var i = 1; i <= pages && await page.Locator("a[data-testid=page-next]").CountAsync() > 0; i++)
            {
                times.Add(await page.EvaluateAsync<double>(NextPageScript));
                await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("cursor="));
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"explorer page change ({label}), click to rows in the DOM, timed in Chromium: median {Stats.Percentile(times, 0.5):F1} ms, p95 {Stats.Percentile(times, 0.95):F1} ms, max {times.Max():F1} ms over {times.Count} pages"));
        }
    }
}
