using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Portal.Tests.Infrastructure;
using Portal.Tests.Web;

namespace Portal.Tests.EndToEnd;

/// <summary>
/// The public pages pass axe-core's WCAG 2.1 A and AA rules (labels, names, contrast, landmarks...) at desktop
/// and phone widths, in the light and the dark theme.
/// </summary>
public sealed class AccessibilityTests(SeededPortal portal) : IClassFixture<SeededPortal>
{
    private PortalServer Server => portal.Server;

    public static TheoryData<string, int, bool> Pages()
    {
        var data = new TheoryData<string, int, bool>();
        foreach (var path in new[] { "/", "/disbursements", "/disbursements/{record}", "/ledger", "/ledger/blocks/1", "/ledger/entries/{entry}", "/verify", "/account/login" })
        {
            data.Add(path, 1366, false);
            data.Add(path, 390, false);
        }
        foreach (var path in new[] { "/", "/disbursements", "/disbursements/{record}" })
        {
            data.Add(path, 1366, true);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Public_pages_pass_the_automated_accessibility_check(string path, int width, bool dark)
    {
        var latest = (await Server.Client.GetFromJsonAsync<JsonElement>("/api/disbursements?limit=1")).GetProperty("items")[0];
        var url = path.Replace("{record}", latest.GetProperty("id").ToString(), StringComparison.Ordinal)
            .Replace("{entry}", latest.GetProperty("ledgerIndexes")[0].ToString(), StringComparison.Ordinal);
        await using var browser = await BrowserSession.StartAsync();
        var context = await browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = width, Height = 900 },
            ColorScheme = dark ? ColorScheme.Dark : ColorScheme.Light,
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(Server.BaseAddress, url).ToString(), new() { WaitUntil = WaitUntilState.NetworkIdle });
        await BrowserSession.PageScriptAsync(page);

        var violations = await Accessibility.ViolationsAsync(page);

        Assert.True(violations.Count == 0, $"{url} at {width}px{(dark ? ", dark" : "")}:\n" + string.Join("\n", violations));
    }
}
