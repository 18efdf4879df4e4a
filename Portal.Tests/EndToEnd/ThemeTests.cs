using Microsoft.Playwright;
using Portal.Tests.Infrastructure;
using Portal.Tests.Web;

namespace Portal.Tests.EndToEnd;

/// <summary>
/// Light and dark on pages without a circuit: the system's preference by default, the visitor's choice once made,
/// kept across pages and visits, on staff pages (interactive) too.
/// </summary>
public sealed class ThemeTests(SeededPortal portal) : IClassFixture<SeededPortal>
{
    [Fact]
    public async Task The_theme_follows_the_system_until_the_visitor_chooses_and_then_keeps_the_choice()
    {
        await using var browser = await BrowserSession.StartAsync();
        var context = await browser.NewContextAsync(new() { ColorScheme = ColorScheme.Dark });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(portal.Server.BaseAddress, "/ledger").ToString());
        await BrowserSession.PageScriptAsync(page);
        Assert.Equal(Dark, await BackgroundAsync(page));
        await Assertions.Expect(page.GetByTestId("theme-light")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("theme-dark")).ToBeHiddenAsync();

        await page.GetByTestId("theme-light").ClickAsync();

        Assert.Equal(Light, await BackgroundAsync(page));
        await Assertions.Expect(page.GetByTestId("theme-dark")).ToBeVisibleAsync();
        // The choice holds on the next page and the next visit: the server renders it from the first byte.
        await page.GotoAsync(new Uri(portal.Server.BaseAddress, "/verify").ToString());
        Assert.Equal(Light, await BackgroundAsync(page));
        Assert.Equal("light", await page.Locator("html").GetAttributeAsync("data-theme"));

        await page.GetByTestId("theme-dark").ClickAsync();
        await page.GotoAsync(new Uri(portal.Server.BaseAddress, "/account/login").ToString());
        Assert.Equal(Dark, await BackgroundAsync(page));
        await BrowserSession.ScreenshotAsync(page, "theme-dark-sign-in");
    }

    private const string Light = "rgb(245, 247, 250)";
    private const string Dark = "rgb(18, 24, 33)";

    private static Task<string> BackgroundAsync(IPage page) =>
        page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
}
