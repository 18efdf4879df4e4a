using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Portal.Tests.Infrastructure;
using Portal.Tests.Web;

namespace Portal.Tests.EndToEnd;

/// <summary>
/// The whole journey of one request in the browser: an official files it, an approver from another department
/// approves it, the bank confirms the payment through the API, the official reports its usage, and the supervisor
/// sees the payment on the dashboard.
/// </summary>
public sealed class OfficialAndApproverTests(SeededPortal portal) : IClassFixture<SeededPortal>
{
    private PortalServer Server => portal.Server;

    [Fact]
    public async Task A_request_goes_from_filing_through_approval_and_payment_to_usage_and_the_dashboard()
    {
        await using var browser = await BrowserSession.StartAsync();
        var official = await browser.NewPageAsync();
        await official.GotoAsync(Url("/requests"));
        Assert.EndsWith("/account/login", new Uri(official.Url).AbsolutePath, StringComparison.Ordinal);
        await SignInAsync(official, "official");
        await official.WaitForURLAsync(new Regex("/requests$"));

        var file = official.GetByTestId("file-request");
        await Assertions.Expect(file).ToBeEnabledAsync();
        await file.ClickAsync();
        await Assertions.Expect(official.GetByText("Say what the money is for.")).ToBeVisibleAsync();

        await official.GetByTestId("program").ClickAsync();
        await official.Locator(".mud-popover-open").GetByText("Education", new() { Exact = true }).ClickAsync();
        await official.GetByTestId("region").ClickAsync();
        await official.Locator(".mud-popover-open").GetByText(new Regex("Nanming District")).ClickAsync();
        await official.GetByTestId("amount").FillAsync("0.001");
        await official.GetByTestId("purpose").FillAsync("Textbooks for Nanming primary schools");
        await file.ClickAsync();
        await Assertions.Expect(official.GetByText("CNY amounts have at most 2 decimal places.")).ToBeVisibleAsync();
        await official.GetByTestId("amount").FillAsync("45000.50");
        // As a person does: leave the field and see its complaint go before filing again, so the click is never
        // handled against the amount it replaced.
        await official.GetByTestId("amount").PressAsync("Tab");
        await Assertions.Expect(official.GetByText("CNY amounts have at most 2 decimal places.")).ToBeHiddenAsync();
        await file.ClickAsync();
        await Assertions.Expect(official.GetByText(new Regex("filed: ledger entry"))).ToBeVisibleAsync();
        var newest = official.GetByTestId("my-requests").Locator("tbody tr").First;
        await Assertions.Expect(newest).ToContainTextAsync("Textbooks for Nanming primary schools");
        var row = await newest.InnerTextAsync();
        var id = row.Trim().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0];
        Assert.Contains("Pending", row, StringComparison.Ordinal);
        // The form is blank again, and not complaining about it.
        await Assertions.Expect(official.GetByText("Say what the money is for.")).ToBeHiddenAsync();
        await BrowserSession.ScreenshotAsync(official, "official-filed");

        // The requester sees no approval page at all.
        await official.GotoAsync(Url("/approvals"));
        await Assertions.Expect(official.GetByText("Your role does not give access to this page.")).ToBeVisibleAsync();

        var approver = await (await browser.NewContextAsync()).NewPageAsync();
        await approver.GotoAsync(Url("/account/login?returnUrl=/approvals"));
        await SignInAsync(approver, "approver2");
        await approver.WaitForURLAsync(new Regex("/approvals$"));
        var approve = approver.GetByTestId($"approve-{id}");
        await Assertions.Expect(approve).ToBeEnabledAsync();
        // The queue says what the policy asks of this request, and that nobody has approved it yet.
        await Assertions.Expect(approver.GetByTestId($"policy-{id}")).ToContainTextAsync("0 of 1 approvals");
        await Assertions.Expect(approver.GetByTestId($"approved-by-{id}")).ToContainTextAsync("Nobody yet");
        await BrowserSession.ScreenshotAsync(approver, "approval-queue");
        await approve.ClickAsync();
        await Assertions.Expect(approver.GetByText(new Regex($"Request #{id} approved"))).ToBeVisibleAsync();
        await BrowserSession.ScreenshotAsync(approver, "approver-approved");

        await official.GotoAsync(Url("/requests"));
        await Assertions.Expect(official.GetByTestId("my-requests").Locator("tbody tr").First).ToContainTextAsync("Approved");

        using (var bank = PortalClient.Bank(Server))
        {
            var paid = await bank.PostAsync("/api/disbursements/confirm", new { requestId = long.Parse(id, CultureInfo.InvariantCulture), bankReference = $"E2E-{id}", amount = 45_000.50m, payee = "Nanming education bureau" });
            Assert.Equal(HttpStatusCode.Created, paid.StatusCode);
        }

        await official.ReloadAsync();
        var report = official.GetByTestId($"usage-{id}");
        await Assertions.Expect(report).ToBeEnabledAsync();
        await report.ClickAsync();
        await Assertions.Expect(official.GetByTestId("follow-up-amount")).ToHaveValueAsync(new Regex("45,?000.5"));
        await official.GetByTestId("follow-up-amount").FillAsync("50000");
        await official.GetByTestId("follow-up-category").FillAsync("textbooks");
        await official.GetByTestId("follow-up-submit").ClickAsync();
        await Assertions.Expect(official.GetByText(new Regex("At most CN¥45,000.50 is left"))).ToBeVisibleAsync();
        await official.GetByTestId("follow-up-amount").FillAsync("40000");
        await BrowserSession.ScreenshotAsync(official, "official-usage-dialog");
        await official.GetByTestId("follow-up-submit").ClickAsync();
        await Assertions.Expect(official.GetByText(new Regex($"Report usage on request #{id}: ledger entry"))).ToBeVisibleAsync();
        await Assertions.Expect(official.GetByTestId("my-requests").Locator("tbody tr").First).ToContainTextAsync("CN¥45,000.50 / CN¥40,000.00");

        var supervisor = await (await browser.NewContextAsync()).NewPageAsync();
        await supervisor.GotoAsync(Url("/account/login?returnUrl=/dashboard"));
        await SignInAsync(supervisor, "supervisor");
        await supervisor.WaitForURLAsync(new Regex("/dashboard$"));
        await Assertions.Expect(supervisor.GetByTestId("latest-payments").Locator("tbody tr").First).ToContainTextAsync("45,000.50");
        // A link clicked while the prerendered page hands over to its circuit can be dropped (seen once in CI, when
        // the dashboard had grown): wait for the circuit, which enables the page's buttons.
        await Assertions.Expect(supervisor.GetByTestId("read-payee")).ToBeEnabledAsync();
        await supervisor.GetByTestId("latest-payments").Locator("tbody tr").First.GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(supervisor.GetByText("Textbooks for Nanming primary schools").First).ToBeVisibleAsync();
        await BrowserSession.ScreenshotAsync(supervisor, "supervisor-sees-payment");
    }

    private async Task SignInAsync(IPage page, string user)
    {
        await page.FillAsync("#username", user);
        await page.FillAsync("#password", Server.DemoPassword(user));
        await page.ClickAsync("button[type=submit]");
    }

    private string Url(string path) => new Uri(Server.BaseAddress, path).ToString();
}
