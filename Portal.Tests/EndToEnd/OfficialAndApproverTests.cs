using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Portal.Tests.Infrastructure;
using Portal.Tests.Web;

namespace Portal.Tests.EndToEnd;

/// <summary>An official files a request in the browser and an approver from another department approves it.</summary>
public sealed class OfficialAndApproverTests(LedgerApiTests.SeededPortal portal) : IClassFixture<LedgerApiTests.SeededPortal>
{
    private PortalServer Server => portal.Server;

    [Fact]
    public async Task An_official_files_a_request_and_another_department_approves_it()
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

        var approver = await (await browser.Browser.NewContextAsync()).NewPageAsync();
        await approver.GotoAsync(Url("/account/login?returnUrl=/approvals"));
        await SignInAsync(approver, "approver2");
        await approver.WaitForURLAsync(new Regex("/approvals$"));
        var approve = approver.GetByTestId($"approve-{id}");
        await Assertions.Expect(approve).ToBeEnabledAsync();
        await approve.ClickAsync();
        await Assertions.Expect(approver.GetByText(new Regex($"Request #{id} approved"))).ToBeVisibleAsync();
        await BrowserSession.ScreenshotAsync(approver, "approver-approved");

        await official.GotoAsync(Url("/requests"));
        await Assertions.Expect(official.GetByTestId("my-requests").Locator("tbody tr").First).ToContainTextAsync("Approved");
    }

    private async Task SignInAsync(IPage page, string user)
    {
        await page.FillAsync("#username", user);
        await page.FillAsync("#password", Server.DemoPassword(user));
        await page.ClickAsync("button[type=submit]");
    }

    private string Url(string path) => new Uri(Server.BaseAddress, path).ToString();
}
