using Microsoft.Playwright;

namespace Portal.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium driven by Playwright (no browser download: scripts/install-chromium.sh installs it). Without
/// it the browser tests are skipped locally and fail in CI. A session leases a browser from the run's pool for one
/// test (or one fixture) and closes every context it opened when disposed. Screenshots go to TestResults/screenshots.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly ChromiumPool.Launched _browser;
    private readonly List<IBrowserContext> _contexts = [];

    private BrowserSession(ChromiumPool.Launched browser) => _browser = browser;

    public static async Task<BrowserSession> StartAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"{ChromiumPath} is missing: scripts/test.sh installs Chromium before the tests.");
            }
            Assert.Skip("Chromium is not installed; scripts/install-chromium.sh installs it.");
        }
        return new BrowserSession(await ChromiumPool.TakeAsync());
    }

    /// <summary>A new context (a browser profile of its own: cookies, storage, cache).</summary>
    public async Task<IBrowserContext> NewContextAsync(BrowserNewContextOptions? options = null)
    {
        var context = await _browser.Browser.NewContextAsync(options);
        context.SetDefaultTimeout(30_000);
        lock (_contexts)
        {
            _contexts.Add(context);
        }
        return context;
    }

    /// <summary>A page in a context of its own.</summary>
    public async Task<IPage> NewPageAsync(int width = 1366, int height = 900)
    {
        var context = await NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        return await context.NewPageAsync();
    }

    /// <param name="fullPage">The whole page rather than the viewport; a modal dialog shows only in the viewport.</param>
    /// <summary>
    /// Waits until the page script (js/portal.js) runs: on pages without a circuit it is what answers clicks, and a
    /// click before it would be lost.
    /// </summary>
    public static Task PageScriptAsync(IPage page) => page.Locator("html[data-page-script=ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached });

    /// <summary>
    /// Signs <paramref name="user"/> in through the sign-in page (with the demo password unless given) and waits
    /// until it has returned to <paramref name="path"/>.
    /// </summary>
    public static async Task SignInAsync(IPage page, PortalServer server, string user, string path, string? password = null)
    {
        await page.GotoAsync(new Uri(server.BaseAddress, $"/account/login?returnUrl={Uri.EscapeDataString(path)}").ToString());
        await page.FillAsync("#username", user);
        await page.FillAsync("#password", password ?? server.DemoPassword(user));
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex(System.Text.RegularExpressions.Regex.Escape(path) + "$"));
    }

    /// <summary>Waits until the page's circuit is up: its layout has rendered interactively (staff pages).</summary>
    public static Task InteractiveAsync(IPage page) => page.Locator("[data-rendered=interactive]").First.WaitForAsync(new() { State = WaitForSelectorState.Attached });

    public static async Task ScreenshotAsync(IPage page, string name, bool fullPage = true)
    {
        var directory = Path.Combine(SolutionPaths.Root, "TestResults", "screenshots");
        Directory.CreateDirectory(directory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, name + ".png"), FullPage = fullPage });
    }

    public async ValueTask DisposeAsync()
    {
        // A browser that died has closed its contexts with it; the pool drops it.
        foreach (var context in _contexts.Where(_ => _browser.Browser.IsConnected))
        {
            await context.CloseAsync();
        }
        await ChromiumPool.ReturnAsync(_browser);
    }
}
