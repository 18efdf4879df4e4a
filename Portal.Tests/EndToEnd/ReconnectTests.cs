using Microsoft.Playwright;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.EndToEnd;

/// <summary>When the portal goes away under an open page, the page says so in words a visitor understands.</summary>
public sealed class ReconnectTests
{
    [Fact]
    public async Task A_lost_connection_is_explained_and_retried()
    {
        using var directory = new TempDirectory();
        var server = await PortalServer.StartAsync(PortalServer.SqliteEnvironment(directory.Path, seedDemo: false));
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.NewPageAsync(width: 390, height: 844);
        await page.GotoAsync(new Uri(server.BaseAddress, "/").ToString(), new() { WaitUntil = WaitUntilState.NetworkIdle });
        await BrowserSession.InteractiveAsync(page);
        await Assertions.Expect(page.GetByTestId("live-feed")).ToHaveAttributeAsync("data-state", "live");
        // Blazor notices a lost connection only once the circuit has finished starting, a moment after the first
        // interactive render.
        await page.WaitForTimeoutAsync(2_000);

        await server.DisposeAsync();

        var dialog = page.GetByTestId("reconnect");
        await Assertions.Expect(dialog).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(dialog.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Connection to the portal lost");
        await Assertions.Expect(dialog.GetByRole(AriaRole.Status).Locator("visible=true")).ToContainTextAsync("portal");
        // The live indicator says so too, not only the dialog.
        var label = await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('.live-label'), '::after').content");
        Assert.Equal("\"Reconnecting…\"", label);
        await page.WaitForTimeoutAsync(2_000); // the dialog fades in
        await BrowserSession.ScreenshotAsync(page, "reconnecting-phone", fullPage: false);
    }
}
