using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Portal.Tests.Infrastructure;
using Portal.Tests.Web;

namespace Portal.Tests.EndToEnd;

/// <summary>
/// The home page and the supervisor's dashboard update in place as blocks are appended, each block checked in
/// the browser by the real verifier (WebCrypto Ed25519 and SHA-256) before it is shown.
/// </summary>
public sealed class LiveDashboardTests(SeededPortal portal) : IClassFixture<SeededPortal>
{
    private PortalServer Server => portal.Server;

    [Fact]
    public async Task The_home_page_shows_new_blocks_verified_in_the_browser_without_a_reload()
    {
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(Server.BaseAddress, "/").ToString(), new() { WaitUntil = WaitUntilState.NetworkIdle });
        await BrowserSession.PageScriptAsync(page);
        // The page is following the ledger (not still showing its prerendered copy).
        await Assertions.Expect(page.GetByTestId("live-feed")).ToHaveAttributeAsync("data-state", "live");
        var before = await page.GetByTestId("latest-blocks").Locator("tbody tr").First.Locator("a").InnerTextAsync();

        using var official = await PortalClient.SignInAsync(Server, "official");
        for (var i = 0; i < 3; i++)
        {
            var filed = await official.PostAsync("/api/requests", new { fundId = 1, program = "education", region = "520102", amount = 5_000m + i, purpose = "Live home page", beneficiaries = 1 });
            Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        }

        await Assertions.Expect(page.GetByTestId("live-status")).ToContainTextAsync("3 new blocks verified in your browser", new() { Timeout = 15_000 });
        var newest = long.Parse(await page.GetByTestId("latest-blocks").Locator("tbody tr").First.Locator("a").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(long.Parse(before, System.Globalization.CultureInfo.InvariantCulture) + 3, newest);
        await Assertions.Expect(page.GetByTestId("live-failure")).ToHaveCountAsync(0);
        await BrowserSession.ScreenshotAsync(page, "home-live");
    }

    [Fact]
    public async Task The_dashboard_lists_a_payment_as_the_bank_confirms_it()
    {
        using var official = await PortalClient.SignInAsync(Server, "official");
        using var approver = await PortalClient.SignInAsync(Server, "approver2");
        var filed = await official.PostAsync("/api/requests", new { fundId = 1, program = "education", region = "520102", amount = 7_654.32m, purpose = "Live dashboard", beneficiaries = 1 });
        var id = (await filed.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await approver.PostAsync($"/api/requests/{id}/approve", new { comment = "ok" })).StatusCode);

        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.NewPageAsync();
        await BrowserSession.SignInAsync(page, Server, "supervisor", "/dashboard");
        await BrowserSession.InteractiveAsync(page);
        // The page is following the ledger (not still showing its prerendered copy).
        await Assertions.Expect(page.GetByTestId("live-feed")).ToHaveAttributeAsync("data-state", "live");
        await Assertions.Expect(page.GetByTestId("latest-payments")).Not.ToContainTextAsync("7,654.32");

        using var bank = PortalClient.Bank(Server);
        Assert.Equal(HttpStatusCode.Created, (await bank.PostAsync("/api/disbursements/confirm", new { requestId = id, bankReference = $"LIVE-{id}", amount = 7_654.32m })).StatusCode);

        await Assertions.Expect(page.GetByTestId("latest-payments").Locator("tbody tr").First).ToContainTextAsync("7,654.32", new() { Timeout = 15_000 });
        await Assertions.Expect(page.GetByTestId("live-status")).ToContainTextAsync("verified in your browser");
        // The page's freshness line follows the ledger too.
        await Assertions.Expect(page.GetByTestId("data-as-of")).ToContainTextAsync($"tree size {await Server.TreeSizeAsync():N0}, committed", new() { Timeout = 15_000 });
        await BrowserSession.ScreenshotAsync(page, "dashboard-live");
    }
}
