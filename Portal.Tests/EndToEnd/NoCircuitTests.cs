using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Portal.Tests.Infrastructure;
using Portal.Tests.Web;

namespace Portal.Tests.EndToEnd;

/// <summary>
/// An anonymous visitor of the public pages holds no Blazor circuit on the server: no /_blazor connection, on a
/// first load or after enhanced navigation; the live home page holds exactly one connection, to the public feed,
/// and lets go of it when the visitor moves on. Staff pages still open their circuit (so the watch itself works).
/// </summary>
public sealed class NoCircuitTests(SeededPortal portal) : IClassFixture<SeededPortal>
{
    private PortalServer Server => portal.Server;

    [Fact]
    public async Task Public_pages_open_no_circuit_and_the_live_home_page_one_feed_connection()
    {
        var latest = (await Server.Client.GetFromJsonAsync<JsonElement>("/api/disbursements?limit=1")).GetProperty("items")[0];
        var pages = new[]
        {
            "/disbursements", $"/disbursements/{latest.GetProperty("id")}", "/ledger", "/ledger/blocks/1",
            $"/ledger/entries/{latest.GetProperty("ledgerIndexes")[0]}", "/verify", "/verifier.html",
        };
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.NewPageAsync();
        var watch = Watch(page);

        await page.GotoAsync(Url("/"));
        await Assertions.Expect(page.GetByTestId("live-feed")).ToHaveAttributeAsync("data-state", "live");
        await page.WaitForTimeoutAsync(1_000);
        var feed = Assert.Single(watch.Sockets);
        Assert.EndsWith("/hubs/ledger", feed.Url, StringComparison.Ordinal);
        Assert.Empty(watch.Circuits);

        // Enhanced navigation to another public page: still no circuit, and the feed is let go.
        await page.GetByRole(AriaRole.Link, new() { Name = "Ledger", Exact = true }).First.ClickAsync();
        await Assertions.Expect(page.Locator(".page-title")).ToHaveTextAsync("The ledger");
        await page.WaitForTimeoutAsync(1_000);
        Assert.True(feed.IsClosed, "the home page's feed connection outlived the page");
        Assert.Empty(watch.Circuits);

        foreach (var path in pages)
        {
            await page.GotoAsync(Url(path), new() { WaitUntil = WaitUntilState.NetworkIdle });
            await page.WaitForTimeoutAsync(500);
            Assert.True(watch.Circuits.Count == 0, $"{path} opened {string.Join(", ", watch.Circuits)}");
        }
        Assert.Single(watch.Sockets);
    }

    [Fact]
    public async Task A_staff_page_opens_its_circuit()
    {
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.NewPageAsync();
        var watch = Watch(page);
        await BrowserSession.SignInAsync(page, Server, "official", "/requests");
        await BrowserSession.InteractiveAsync(page);

        Assert.NotEmpty(watch.Circuits);
    }

    private string Url(string path) => new Uri(Server.BaseAddress, path).ToString();

    private sealed record Watched(List<IWebSocket> Sockets, List<string> Circuits);

    // Every WebSocket the page opens, and every request to Blazor's circuit endpoint (negotiation or connection).
    private static Watched Watch(IPage page)
    {
        var watched = new Watched([], []);
        page.WebSocket += (_, socket) =>
        {
            lock (watched)
            {
                watched.Sockets.Add(socket);
                if (socket.Url.Contains("/_blazor", StringComparison.Ordinal))
                {
                    watched.Circuits.Add(socket.Url);
                }
            }
        };
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/_blazor", StringComparison.Ordinal))
            {
                lock (watched)
                {
                    watched.Circuits.Add(request.Url);
                }
            }
        };
        return watched;
    }
}
