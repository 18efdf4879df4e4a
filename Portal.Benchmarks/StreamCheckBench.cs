using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using Portal.Ledger.Chain;
using Portal.Ledger.Feed;
using Portal.Ledger.Storage;

namespace Portal.Benchmarks;

/// <summary>
/// The live page's per-block check in Chromium, as a dashboard runs it on each streamed block: the block's hash,
/// its checkpoint's signature, every entry decoded from its leaf data and compared with the summary, the compact
/// range extended by the entries' leaf hashes to the signed root, and the consistency proof from the previous
/// block. Blocks are read from the portal's database by the feed's own code (BlockFeed, as the hub replays them, in
/// public form); the ledger's blocks have whatever sizes its writers gave them, so the figure for a block of 100
/// entries is read off a least-squares line through every block's time.
/// </summary>
internal static class StreamCheckBench
{
    private const string CheckScript = """
        async ([json, note]) => {
          const { verifyStreamStep } = await import('/js/verify.js');
          const blocks = JSON.parse(json);
          const times = [];
          let previous = null;
          for (const block of blocks) {
            const start = performance.now();
            const step = await verifyStreamStep(note, block, previous);
            const ms = performance.now() - start;
            if (!step.ok) return { failed: block.height, checks: step.checks };
            times.push({ ms, count: block.entries.length });
            note = step.note;
            previous = { height: block.height, hash: block.hash, treeSize: block.treeSize, treeRoot: block.treeRoot };
          }
          return { times };
        }
        """;

    public static async Task<int> RunAsync(Arguments args)
    {
        var baseUrl = new Uri(args.Required("url"));
        var count = Math.Clamp(args.Int("blocks", 100), 10, BlockFeed.MaxReplay - 1);
        var store = new LedgerStore(new StorageOptions(StorageOptions.ParseProvider(args.Get("provider") ?? "sqlite"), args.Required("database")));
        var feed = new BlockFeed(store, new LedgerReader(store));
        var head = await feed.HeadHeightAsync();
        var after = args.Get("after") is { } given ? long.Parse(given, CultureInfo.InvariantCulture) : Math.Max(-1, head - count - 1);
        var replay = await feed.ReadAsync(after, count + 1);
        if (replay.Count < 2)
        {
            Console.Error.WriteLine("the ledger has too few blocks after that height");
            return 1;
        }
        // The first block's checkpoint is the one the page was rendered with; the rest are checked as they would stream.
        var note = replay[0].Checkpoint;
        var blocks = JsonSerializer.Serialize(replay.Skip(1).Select(b => b.ForPublic()), JsonSerializerOptions.Web);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = args.Get("chromium") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        });
        // One unmeasured pass (the code compiled and warm), then the measured one in a fresh context: a page that
        // opened at the first block's checkpoint, nothing pinned yet.
        for (var pass = 0; pass < 2; pass++)
        {
            await using var context = await browser.NewContextAsync();
            var tab = await context.NewPageAsync();
            await tab.GotoAsync(new Uri(baseUrl, "/verify").ToString());
            var outcome = await tab.EvaluateAsync<JsonElement>(CheckScript, new object[] { blocks, note });
            if (outcome.TryGetProperty("failed", out var failed))
            {
                Console.Error.WriteLine($"block {failed} failed: {outcome.GetProperty("checks")}");
                return 1;
            }
            if (pass == 0)
            {
                continue;
            }
            // The first measured block also checks the pinned history: it is left out of the line.
            var times = outcome.GetProperty("times").EnumerateArray().Skip(1)
                .Select(t => (Ms: t.GetProperty("ms").GetDouble(), Count: t.GetProperty("count").GetInt32())).ToList();
            Report(head, times);
        }
        return 0;
    }

    private static void Report(long head, List<(double Ms, int Count)> times)
    {
        var n = times.Count;
        var meanCount = times.Average(t => (double)t.Count);
        var meanMs = times.Average(t => t.Ms);
        var slope = times.Sum(t => (t.Count - meanCount) * (t.Ms - meanMs)) / times.Sum(t => (t.Count - meanCount) * (t.Count - meanCount));
        var intercept = meanMs - slope * meanCount;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{n} streamed blocks up to height {head:N0} checked in Chromium, {times.Min(t => t.Count)}–{times.Max(t => t.Count)} entries each"));
        foreach (var (low, high) in new[] { (1, 20), (21, 200), (201, 5000) })
        {
            var bucket = times.Where(t => t.Count >= low && t.Count <= high).Select(t => t.Ms).ToList();
            if (bucket.Count > 0)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  blocks of {low}–{high} entries: {bucket.Count}, median {Stats.Percentile(bucket, 0.5):F2} ms, p95 {Stats.Percentile(bucket, 0.95):F2} ms"));
            }
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"per-block check: {intercept:F2} ms + {slope * 1000:F1} µs per entry = {intercept + 100 * slope:F2} ms for a block of 100 entries"));
    }
}
