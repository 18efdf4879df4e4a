using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Portal.Tests.Infrastructure;
using Portal.Tests.Web;

namespace Portal.Tests.EndToEnd;

public sealed class SupervisorTests(SeededPortal portal) : IClassFixture<SeededPortal>
{
    private PortalServer Server => portal.Server;

    [Fact]
    public async Task The_supervisor_sees_the_dashboard_with_anomalies_and_verifies_the_whole_ledger()
    {
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.NewPageAsync();
        await BrowserSession.SignInAsync(page, Server, "supervisor", "/dashboard");
        await Assertions.Expect(page.GetByTestId("anomalies")).ToContainTextAsync("Duplicate payment");
        // Amounts with their currency, grouped, and each anomaly about a request linked to it.
        var anomalies = page.GetByTestId("anomalies");
        await Assertions.Expect(anomalies).ToContainTextAsync(new Regex(@"received CN¥[\d,]+\.\d\d again"));
        Assert.DoesNotMatch(new Regex(@"Request \d+: \d+ (paid|approved)"), await anomalies.InnerTextAsync());
        Assert.True(await page.GetByTestId("anomaly-record").CountAsync() > 0);
        var verify = page.GetByTestId("verify-ledger");
        await Assertions.Expect(verify).ToBeEnabledAsync();
        await verify.ClickAsync();
        await Assertions.Expect(page.GetByTestId("ledger-health")).ToContainTextAsync("Ledger intact");
        await BrowserSession.ScreenshotAsync(page, "dashboard");
    }

    [Theory]
    [InlineData("/requests")]
    [InlineData("/approvals")]
    [InlineData("/dashboard")]
    [InlineData("/admin")]
    public async Task Staff_pages_send_anonymous_visitors_to_sign_in(string path)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Server.BaseAddress };
        var response = await http.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("official", "/dashboard", false)]
    [InlineData("official", "/approvals", false)]
    [InlineData("official", "/requests", true)]
    [InlineData("approver", "/approvals", true)]
    [InlineData("approver", "/requests", false)]
    [InlineData("supervisor", "/dashboard", true)]
    [InlineData("supervisor", "/approvals", true)]
    [InlineData("admin", "/dashboard", false)]
    [InlineData("admin", "/admin", true)]
    [InlineData("supervisor", "/admin", false)]
    [InlineData("official", "/admin", false)]
    public async Task Staff_pages_are_open_to_their_roles_only(string user, string path, bool allowed)
    {
        using var client = await PortalClient.SignInAsync(Server, user);
        var response = await client.Http.GetAsync(path);
        if (allowed)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        else
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/account/denied", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }
    }
}
