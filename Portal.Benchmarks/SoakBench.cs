using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;

namespace Portal.Benchmarks;

/// <summary>
/// A long run against a portal whose simulator keeps writing (<c>Demo:Simulate=true</c>): N live-feed clients stay
/// subscribed for M minutes, catching up after any reconnect as the dashboards do, while the server's memory is
/// sampled. With <c>--dashboards N</c>, N live home pages in Chromium (each a Blazor circuit on the server, checking
/// every block in the browser) run alongside. Reports whether every client saw every block exactly once and in
/// order, whether every dashboard verified every block and reached the head, and the memory over time.
/// </summary>
internal static class SoakBench
{
    public static async Task<int> RunAsync(Arguments args)
    {
        var baseUrl = new Uri(args.Required("url"));
        var pid = args.Int("pid", 0);
        var count = args.Int("clients", 50);
        var duration = TimeSpan.FromMinutes(double.Parse(args.Get("minutes") ?? "10", CultureInfo.InvariantCulture));
        var clients = new List<Client>();
        for (var i = 0; i < count; i++)
        {
            clients.Add(await Client.StartAsync(baseUrl));
        }
        await using var dashboards = await Dashboards.OpenAsync(baseUrl, args.Int("dashboards", 0), args.Get("chromium") ?? "/usr/bin/chromium", clients[0]);
        var start = await clients[0].HeadAsync();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{count} clients subscribed at height {start}; soaking for {duration.TotalMinutes:F0} min"));
        var samples = new List<(TimeSpan At, long RssKb, long Head)>();
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < duration)
        {
            samples.Add((watch.Elapsed, Rss(pid), await clients[0].HeadAsync()));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {watch.Elapsed:mm\\:ss}  head {samples[^1].Head}  server RSS {samples[^1].RssKb / 1024.0:F1} MB"));
            await Task.Delay(TimeSpan.FromSeconds(30));
        }
        var end = await clients[0].HeadAsync();
        // The last blocks have a few seconds to arrive everywhere.
        var wait = Stopwatch.StartNew();
        while (clients.Any(c => c.Last < end) && wait.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(200);
        }
        // Each client from the height it subscribed at (the dashboards may have opened in between).
        var complete = clients.Count(c => c.Heights.SequenceEqual(Enumerable.Range(1, (int)(end - c.SubscribedAt)).Select(h => c.SubscribedAt + h)));
        var dashboardsOk = await dashboards.CheckAsync(end);
        var early = samples.Skip(1).Take(3).Average(s => s.RssKb) / 1024.0;
        var late = samples.TakeLast(3).Average(s => s.RssKb) / 1024.0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{end - start} blocks in {watch.Elapsed.TotalMinutes:F1} min; {complete}/{count} clients saw every block once and in order " +
            $"({clients.Sum(c => c.Reconnects)} reconnects); server RSS {early:F1} MB early, {late:F1} MB late, max {samples.Max(s => s.RssKb) / 1024.0:F1} MB"));
        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }
        return complete == count && dashboardsOk ? 0 : 1;
    }

    /// <summary>Live home pages in one Chromium: each verifies every block in the browser before showing it.</summary>
    private sealed class Dashboards : IAsyncDisposable
    {
        private readonly IPlaywright? _playwright;
        private readonly IBrowser? _browser;
        private readonly List<(IPage Page, long OpenedAt)> _pages = [];

        private Dashboards(IPlaywright? playwright, IBrowser? browser)
        {
            _playwright = playwright;
            _browser = browser;
        }

        public static async Task<Dashboards> OpenAsync(Uri baseUrl, int count, string chromium, Client head)
        {
            if (count == 0)
            {
                return new Dashboards(null, null);
            }
            var playwright = await Playwright.CreateAsync();
            var browser = await playwright.Chromium.LaunchAsync(new()
            {
                ExecutablePath = chromium,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            });
            var dashboards = new Dashboards(playwright, browser);
            for (var i = 0; i < count; i++)
            {
                var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
                await page.GotoAsync(new Uri(baseUrl, "/").ToString());
                await page.Locator("[data-testid=live-feed][data-state=live]").WaitForAsync(new() { Timeout = 60_000 });
                // The page counts the blocks it verified since it was rendered: newest shown minus that count is
                // where it started (read from one snapshot of the page).
                var snapshot = await page.EvaluateAsync<string[]>(
                    "() => [document.querySelector('[data-testid=latest-blocks] tbody tr td').innerText, document.querySelector('[data-testid=live-status]').innerText]");
                dashboards._pages.Add((page, long.Parse(snapshot[0], CultureInfo.InvariantCulture) - Verified(snapshot[1])));
            }
            var now = await head.HeadAsync();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{count} live dashboards open in Chromium (head {now})"));
            return dashboards;
        }

        public async Task<bool> CheckAsync(long end)
        {
            if (_pages.Count == 0)
            {
                return true;
            }
            var good = 0;
            var deadline = Stopwatch.StartNew();
            foreach (var (page, openedAt) in _pages)
            {
                long verified = -1;
                var failed = false;
                while (deadline.Elapsed < TimeSpan.FromSeconds(60))
                {
                    failed = await page.GetByTestId("live-failure").CountAsync() > 0;
                    verified = Verified(await page.GetByTestId("live-status").InnerTextAsync());
                    if (failed || verified >= end - openedAt)
                    {
                        break;
                    }
                    await Task.Delay(500);
                }
                if (!failed && verified == end - openedAt)
                {
                    good++;
                }
                else
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  dashboard opened at {openedAt}: verified {verified} of {end - openedAt}{(failed ? ", FAILED a check" : "")}"));
                }
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{good}/{_pages.Count} dashboards verified every block in the browser and reached the head"));
            return good == _pages.Count;
        }

        /// <summary>The count in "Live · 1,234 new blocks verified in your browser" (0 before the first).</summary>
        private static long Verified(string status)
        {
            var digits = new string([.. status.SkipWhile(c => !char.IsAsciiDigit(c)).TakeWhile(c => char.IsAsciiDigit(c) || c == ',').Where(char.IsAsciiDigit)]);
            return digits.Length == 0 ? 0 : long.Parse(digits, CultureInfo.InvariantCulture);
        }

        public async ValueTask DisposeAsync()
        {
            if (_browser is not null)
            {
                await _browser.DisposeAsync();
            }
            _playwright?.Dispose();
        }
    }

    internal static long Rss(int pid)
    {
        if (pid == 0 || !File.Exists($"/proc/{pid}/status"))
        {
            return 0;
        }
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }

    /// <summary>A live-feed client that keeps the first copy of each height and catches up after reconnecting.</summary>
    internal sealed class Client : IAsyncDisposable
    {
        private readonly HubConnection _connection;
        private readonly ConcurrentQueue<long> _received = new();
        private readonly Lock _lock = new();
        private long _last;

        private Client(HubConnection connection) => _connection = connection;

        public long Last => Interlocked.Read(ref _last);

        public long SubscribedAt { get; private set; }

        public int Reconnects { get; private set; }

        public IEnumerable<long> Heights => _received;

        public static async Task<Client> StartAsync(Uri baseUrl)
        {
            var connection = new HubConnectionBuilder().WithUrl(new Uri(baseUrl, "/hubs/ledger")).WithAutomaticReconnect().Build();
            var client = new Client(connection);
            connection.On<JsonElement>("BlockAppended", client.Take);
            connection.Reconnected += async _ =>
            {
                client.Reconnects++;
                foreach (var block in await connection.InvokeAsync<JsonElement[]>("Subscribe", new { afterHeight = client.Last }))
                {
                    client.Take(block);
                }
            };
            await connection.StartAsync();
            var head = await connection.InvokeAsync<long>("Head");
            client.SubscribedAt = head;
            Interlocked.Exchange(ref client._last, head);
            await connection.InvokeAsync<JsonElement[]>("Subscribe", new { afterHeight = head });
            return client;
        }

        public Task<long> HeadAsync() => _connection.InvokeAsync<long>("Head");

        private void Take(JsonElement block)
        {
            var height = block.GetProperty("height").GetInt64();
            lock (_lock)
            {
                // The first copy of a height counts; a block before the last one seen would be out of order.
                if (height <= _last && _received.Contains(height))
                {
                    return;
                }
                _received.Enqueue(height);
                _last = Math.Max(_last, height);
            }
        }

        public ValueTask DisposeAsync() => _connection.DisposeAsync();
    }
}
