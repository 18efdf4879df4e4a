using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;

namespace Portal.Benchmarks;

/// <summary>
/// What an anonymous visitor costs the server while they keep a page open: the portal's live managed memory (after a
/// full collection the bench induces) and its RSS with no visitor, with N Chromium pages open on one path (the live
/// home page following the feed, or a page without a circuit), and again after they leave. Reports the growth per
/// visitor. Pages share a few renderer processes so that hundreds fit on one machine beside the portal.
/// </summary>
internal static class VisitorsBench
{
    public static async Task<int> RunAsync(Arguments args)
    {
        var baseUrl = new Uri(args.Required("url"));
        var pid = int.Parse(args.Required("pid"), CultureInfo.InvariantCulture);
        var paths = (args.Get("paths") ?? "/,/disbursements").Split(',');
        var counts = (args.Get("counts") ?? "30,300").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToList();
        var hold = TimeSpan.FromSeconds(args.Int("hold", 20));
        var chromium = args.Get("chromium") ?? "/usr/bin/chromium";
        using var playwright = await Playwright.CreateAsync();
        foreach (var path in paths)
        {
            foreach (var count in counts)
            {
                await RunOnceAsync(playwright, chromium, baseUrl, pid, path, count, hold);
            }
        }
        return 0;
    }

    private static async Task RunOnceAsync(IPlaywright playwright, string chromium, Uri baseUrl, int pid, string path, int count, TimeSpan hold)
    {
        await Task.Delay(TimeSpan.FromSeconds(5));
        var before = await MeasureAsync(pid);
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--renderer-process-limit=6", "--disable-renderer-backgrounding"],
        });
        var opening = Stopwatch.StartNew();
        var pages = new List<IPage>(count);
        // A few visitors arrive at a time: one after another, 300 live pages took longer than the bench should.
        foreach (var wave in Enumerable.Range(0, count).Chunk(6))
        {
            pages.AddRange(await Task.WhenAll(wave.Select(_ => OpenAsync(browser, new Uri(baseUrl, path)))));
        }
        var opened = opening.Elapsed;
        await Task.Delay(hold);
        var open = await MeasureAsync(pid);
        var live = 0;
        foreach (var page in pages)
        {
            live += await page.Locator("[data-testid=live-feed][data-state=live]").CountAsync();
        }
        foreach (var page in pages)
        {
            await page.Context.CloseAsync();
        }
        await Task.Delay(TimeSpan.FromSeconds(10));
        var after = await MeasureAsync(pid);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{path}: {count} visitors ({live} following the feed at the end; opened in {opened.TotalSeconds:F0} s, held {hold.TotalSeconds:F0} s): " +
            $"live managed heap {before.Heap} before, {open.Heap} with them, {after.Heap} after they left: {before.Heap.PerVisitor(open.Heap, count, "visitor")}, of which released when they left {after.Heap.PerVisitor(open.Heap, count, "visitor")}; " +
            $"RSS {before.RssKb / 1024.0:F1} MB, {open.RssKb / 1024.0:F1} MB, {after.RssKb / 1024.0:F1} MB, {(open.RssKb - before.RssKb) / (double)count:F1} KB per visitor"));
    }

    private static async Task<IPage> OpenAsync(IBrowser browser, Uri url)
    {
        // A context per visitor: separate cookies and storage, as separate people have.
        var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(url.ToString(), new() { Timeout = 120_000 });
        await page.Locator("html[data-page-script=ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 120_000 });
        if (await page.GetByTestId("live-feed").CountAsync() > 0)
        {
            await Assertions.Expect(page.GetByTestId("live-feed")).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 120_000 });
        }
        return page;
    }

    private static async Task<(ServerHeap.Sizes Heap, long RssKb)> MeasureAsync(int pid)
    {
        var heap = await ServerHeap.AfterFullCollectionAsync(pid);
        return (heap, SoakBench.Rss(pid));
    }
}
