using System.Collections.Concurrent;
using Microsoft.Playwright;

[assembly: AssemblyFixture(typeof(Portal.Tests.Infrastructure.ChromiumPool))]

namespace Portal.Tests.Infrastructure;

/// <summary>
/// Chromium processes kept for the whole test run. Launching one (Playwright's driver and the browser) costs about a
/// second of a two-core machine's CPU, and the browser tests ran a hundred of them; each test still gets a browser
/// of its own for as long as it runs (a lease) and fresh contexts in it, so tests share no cookies, storage or pages.
/// Disposed by xunit as an assembly fixture when the run ends.
/// </summary>
public sealed class ChromiumPool : IAsyncDisposable
{
    private static readonly ConcurrentBag<Launched> Idle = [];
    private static readonly ConcurrentBag<Launched> All = [];

    public static async Task<Launched> TakeAsync()
    {
        while (Idle.TryTake(out var idle))
        {
            if (idle.Browser.IsConnected)
            {
                return idle;
            }
            await idle.DisposeAsync();
        }
        var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserSession.ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var launched = new Launched(playwright, browser);
        All.Add(launched);
        return launched;
    }

    /// <summary>Back to the pool once the lease's contexts are closed; a browser that died is dropped.</summary>
    public static async Task ReturnAsync(Launched launched)
    {
        if (launched.Browser.IsConnected && launched.Browser.Contexts.Count == 0)
        {
            Idle.Add(launched);
            return;
        }
        await launched.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        while (All.TryTake(out var launched))
        {
            await launched.DisposeAsync();
        }
    }

    public sealed record Launched(IPlaywright Playwright, IBrowser Browser) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Browser.DisposeAsync();
            Playwright.Dispose();
        }
    }
}
