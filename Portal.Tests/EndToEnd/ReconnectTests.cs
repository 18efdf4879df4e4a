using System.Net;
using Microsoft.Playwright;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.EndToEnd;

/// <summary>When the portal goes away under an open page, the page says so in words a visitor understands.</summary>
public sealed class ReconnectTests
{
    [Fact]
    public async Task A_staff_page_that_loses_its_circuit_explains_and_retries()
    {
        using var directory = new TempDirectory();
        var (_, server) = await StartSeededAsync(directory);
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.NewPageAsync(width: 390, height: 844);
        await BrowserSession.SignInAsync(page, server, "official", "/requests");
        await BrowserSession.InteractiveAsync(page);
        // Blazor notices a lost connection only once the circuit has finished starting, a moment after the first
        // interactive render.
        await page.WaitForTimeoutAsync(2_000);

        await server.DisposeAsync();

        var dialog = page.GetByTestId("reconnect");
        await Assertions.Expect(dialog).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(dialog.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Connection to the portal lost");
        await Assertions.Expect(dialog.GetByRole(AriaRole.Status).Locator("visible=true")).ToContainTextAsync("portal");
        await page.WaitForTimeoutAsync(2_000); // the dialog fades in
        await BrowserSession.ScreenshotAsync(page, "reconnecting-phone", fullPage: false);
    }

    [Fact]
    public async Task The_live_home_page_says_it_is_reconnecting_and_goes_on_from_its_last_verified_block()
    {
        using var directory = new TempDirectory();
        var (environment, server) = await StartSeededAsync(directory);
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.NewPageAsync(width: 390, height: 844);
        await page.GotoAsync(new Uri(server.BaseAddress, "/").ToString());
        var feed = page.GetByTestId("live-feed");
        await Assertions.Expect(feed).ToHaveAttributeAsync("data-state", "live");
        var address = server.BaseAddress;

        await server.DisposeAsync();

        await Assertions.Expect(feed).ToHaveAttributeAsync("data-state", "reconnecting", new() { Timeout = 15_000 });
        var label = await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('.live-label'), '::after').content");
        Assert.Equal("\"Reconnecting…\"", label);
        await BrowserSession.ScreenshotAsync(page, "home-reconnecting-phone", fullPage: false);

        // Blocks appended while the page was away are replayed and checked before the new ones.
        await using var restarted = await PortalServer.StartAsync(environment, at: address);
        using var official = await PortalClient.SignInAsync(restarted, "official");
        var filed = await official.PostAsync("/api/requests", new { fundId = 1, program = "education", region = "520102", amount = 4_321m, purpose = "While away", beneficiaries = 1 });
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);

        await Assertions.Expect(feed).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 45_000 });
        await Assertions.Expect(page.GetByTestId("live-status")).ToContainTextAsync("1 new blocks verified in your browser", new() { Timeout = 15_000 });
        await Assertions.Expect(page.GetByTestId("live-failure")).ToHaveCountAsync(0);
    }

    // A seeded portal of the test's own: the test stops it under the open page.
    private static async Task<(Dictionary<string, string> Environment, PortalServer Server)> StartSeededAsync(TempDirectory directory)
    {
        var environment = PortalServer.SqliteEnvironment(directory.Path, seedDemo: true);
        await SeededTemplate.CopyToAsync(environment);
        return (environment, await PortalServer.StartAsync(environment));
    }
}
