using Microsoft.Playwright;

namespace Portal.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium driven by Playwright (no browser download: scripts/install-chromium.sh installs it). Without
/// it the browser tests are skipped locally and fail in CI. Screenshots go to TestResults/screenshots.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private BrowserSession(IPlaywright playwright, IBrowser browser)
    {
        Playwright = playwright;
        Browser = browser;
    }

    public IPlaywright Playwright { get; }

    public IBrowser Browser { get; }

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
        var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        return new BrowserSession(playwright, browser);
    }

    public async Task<IPage> NewPageAsync(int width = 1366, int height = 900)
    {
        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        page.SetDefaultTimeout(30_000);
        return page;
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
        await Browser.DisposeAsync();
        Playwright.Dispose();
    }
}
