using System.Net;
using Microsoft.Playwright;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Web;

/// <summary>
/// No page or endpoint answers 500 to a malformed address, as web scanners send them: odd characters, a Chinese
/// query, percent-encodings that are not UTF-8, numbers that are not numbers. Each gets a page or a 4xx.
/// </summary>
public sealed class MalformedAddressTests(SeededPortal portal) : IClassFixture<SeededPortal>
{
    public static TheoryData<string> Addresses =>
    [
        "/culture?name=en&redirectUri=/ledger%C2%BF",
        "/culture?name=%FF&redirectUri=/%FF%FE",
        "/culture?name=zh-CN&redirectUri=/disbursements?region=%E8%B4%B5%E9%98%B3",
        "/ledger%C2%BF",
        "/disbursements?region=%E8%B4%B5%E9%98%B3&program=%00&page=-1",
        "/disbursements?page=99999999999999999999&size=%FF",
        "/disbursements?minAmount=%FF&fund=99999999999999999999999&cursor=%C2%BF&from=2024-13-45",
        "/ledger?before=abc",
        "/ledger?before=-5",
        "/ledger/blocks/1?page=99999999999",
        "/disbursements/%E8%B4%B5",
        "/disbursements/99999999999999999999",
        "/ledger/blocks/-1",
        "/ledger/blocks/%C2%BF",
        "/ledger/entries/1e9",
        "/ledger/entries/%00",
        "/verify?checkpoint=%FF%FE",
        "/api/disbursements?region=%FF&limit=abc&cursor=%C2%BF",
        "/api/disbursements/%E8%B4%B5",
        "/api/ledger/entries/%C2%BF",
        "/api/ledger/proofs/inclusion?index=%FF&treeSize=1",
        "/api/ledger/proofs/consistency?from=2&to=1",
        "/api/ledger/tile/0/%C2%BF",
        "/api/ledger/tile/entries/x001/x002/003.p/0",
        "/api/funds?%FF=%FE",
        "/%E8%B4%B5%E9%98%B3",
    ];

    [Theory]
    [MemberData(nameof(Addresses))]
    public async Task A_malformed_address_never_gets_a_server_error(string address)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = portal.Server.BaseAddress };
        using var response = await http.GetAsync(address);
        Assert.True((int)response.StatusCode < 500, $"{address} answered {(int)response.StatusCode}");
        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            Assert.True(response.Headers.Location!.OriginalString.All(c => c is > ' ' and < '\x7f'), response.Headers.Location.OriginalString);
        }
    }

    [Fact]
    public async Task Signing_in_returns_to_an_address_with_characters_a_header_cannot_carry()
    {
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.NewPageAsync();
        var responses = new List<int>();
        page.Response += (_, r) => responses.Add(r.Status);
        await page.GotoAsync(new Uri(portal.Server.BaseAddress, "/account/login?returnUrl=" + Uri.EscapeDataString("/disbursements?purpose=贵阳")).ToString());
        await page.FillAsync("#username", "supervisor");
        await page.FillAsync("#password", portal.Server.DemoPassword("supervisor"));
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(url => url.EndsWith("/disbursements?purpose=%E8%B4%B5%E9%98%B3", StringComparison.Ordinal));
        Assert.DoesNotContain(responses, status => status >= 500);
    }
}
