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

    [Fact]
    public async Task The_supervisor_reviews_a_flag_on_the_dashboard_and_it_leaves_the_flags_to_review()
    {
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.NewPageAsync();
        await BrowserSession.SignInAsync(page, Server, "supervisor", "/dashboard");
        var anomalies = page.GetByTestId("anomalies");
        await Assertions.Expect(anomalies).ToContainTextAsync("Duplicate payment");

        // Only the flags still to review, riskiest first: the first one is reviewed in place.
        await Assertions.Expect(page.GetByTestId("anomaly-review-button").First).ToBeEnabledAsync();
        await page.GetByTestId("anomaly-reviewed").ClickAsync();
        await page.Locator(".mud-popover-open").GetByText("To review", new() { Exact = true }).ClickAsync();
        var panel = page.GetByTestId("anomaly-panel");
        await Assertions.Expect(panel).ToHaveAttributeAsync("data-loaded", "all/open");
        await page.GetByText("Riskiest first").ClickAsync();
        await Assertions.Expect(panel).ToHaveAttributeAsync("data-order", "score");
        await anomalies.Locator("tbody tr").First.GetByTestId("anomaly-review-button").ClickAsync();
        var form = page.GetByTestId("anomaly-review-form");
        await Assertions.Expect(form).ToBeVisibleAsync();
        // The flag under review is the row the form opened beneath.
        var what = await form.Locator("xpath=ancestor::tr[1]/preceding-sibling::tr[1]/td[3]").InnerTextAsync();
        await page.GetByTestId("anomaly-note").FillAsync("Checked with the county office: a real case, sent to the audit bureau.");
        await page.GetByTestId("anomaly-save-review").ClickAsync();
        await Assertions.Expect(form).ToHaveCountAsync(0);
        await Assertions.Expect(anomalies).Not.ToContainTextAsync(what);

        // Among the reviewed ones it shows, with its outcome and note.
        await page.GetByTestId("anomaly-reviewed").ClickAsync();
        await page.Locator(".mud-popover-open").GetByText("Reviewed", new() { Exact = true }).ClickAsync();
        await Assertions.Expect(panel).ToHaveAttributeAsync("data-loaded", "all/reviewed");
        await Assertions.Expect(anomalies).ToContainTextAsync(what);
        await Assertions.Expect(page.GetByTestId("anomaly-review").First).ToContainTextAsync("sent to the audit bureau");
        await BrowserSession.ScreenshotAsync(page, "dashboard-review");
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
