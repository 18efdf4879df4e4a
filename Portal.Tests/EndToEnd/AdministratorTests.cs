using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Portal.Tests.Infrastructure;
using Portal.Tests.Web;

namespace Portal.Tests.EndToEnd;

/// <summary>
/// The administrator opens an account that is both official and approver, and that person still cannot approve
/// their own request; policies change by new versions on the ledger; a locked account cannot sign in.
/// </summary>
public sealed class AdministratorTests(SeededPortal portal) : IClassFixture<SeededPortal>
{
    private PortalServer Server => portal.Server;

    [Fact]
    public async Task An_account_with_both_roles_cannot_approve_its_own_request_in_the_page_or_the_api()
    {
        await using var browser = await BrowserSession.StartAsync();
        var admin = await SignedInAdminAsync(browser);

        await admin.GetByTestId("save-user").ClickAsync();
        await Assertions.Expect(admin.GetByText("Enter a user name.")).ToBeVisibleAsync();

        await admin.GetByTestId("new-username").FillAsync("clerk");
        await admin.GetByTestId("new-displayname").FillAsync("Wang Li, clerk and approver");
        await admin.GetByTestId("roles").ClickAsync();
        await admin.Locator(".mud-popover-open").GetByText("Official", new() { Exact = true }).ClickAsync();
        await admin.Locator(".mud-popover-open").GetByText("Approver", new() { Exact = true }).ClickAsync();
        await admin.Keyboard.PressAsync("Escape");
        await admin.GetByTestId("save-user").ClickAsync();
        // Officials and approvers act for a department: the directory refuses the account without one.
        await Assertions.Expect(admin.GetByTestId("user-error")).ToContainTextAsync("choose one");
        await admin.GetByTestId("department").ClickAsync();
        await admin.Locator(".mud-popover-open").GetByText(new Regex(@"\(5201-pao\)")).ClickAsync();
        await admin.GetByTestId("save-user").ClickAsync();
        var password = await admin.GetByTestId("password").InnerTextAsync();
        Assert.Equal(16, password.Length);
        await Assertions.Expect(admin.GetByTestId("users")).ToContainTextAsync("Wang Li, clerk and approver");
        await BrowserSession.ScreenshotAsync(admin, "admin-users");

        using var clerk = await PortalClient.SignInAsync(Server, "clerk", password);
        var filed = await clerk.PostAsync("/api/requests", new { fundId = 1, program = "education", region = "520102", amount = 12_000m, purpose = "Desks for a village school", beneficiaries = 40 });
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        var id = (await filed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        var page = await (await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1366, Height = 900 } })).NewPageAsync();
        await BrowserSession.SignInAsync(page, Server, "clerk", "/approvals", password);
        var row = page.GetByTestId("queue").Locator("tbody tr").Filter(new() { HasText = "Desks for a village school" });
        await Assertions.Expect(row).ToContainTextAsync("Your own request");
        await Assertions.Expect(page.GetByTestId($"approve-{id}")).ToHaveCountAsync(0);
        await BrowserSession.ScreenshotAsync(page, "own-request-not-offered");

        var size = await Server.TreeSizeAsync();
        var refused = await clerk.PostAsync($"/api/requests/{id}/approve", new { comment = "looks fine to me" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("own request", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(size, await Server.TreeSizeAsync());

        // Locked by the administrator: signed out within a minute, and refused at sign-in with the reason.
        await admin.GetByTestId("lock-clerk").ClickAsync();
        await Assertions.Expect(admin.GetByTestId("users").Locator("tbody tr").Filter(new() { HasText = "clerk" })).ToContainTextAsync("Locked");
        using var again = new HttpClient { BaseAddress = Server.BaseAddress };
        var login = await again.PostAsJsonAsync("/api/account/login", new { userName = "clerk", password });
        Assert.Equal(HttpStatusCode.Forbidden, login.StatusCode);
        Assert.Contains("locked by an administrator", await login.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The administrator cannot lock themself out.
        await admin.GetByTestId("lock-admin").ClickAsync();
        await Assertions.Expect(admin.GetByTestId("user-error")).ToContainTextAsync("You cannot lock your own account.");
    }

    [Fact]
    public async Task A_policy_change_is_a_new_version_on_the_ledger_and_a_broken_policy_is_refused()
    {
        await using var browser = await BrowserSession.StartAsync();
        var admin = await SignedInAdminAsync(browser);
        await admin.GetByText("Approval policies", new() { Exact = true }).ClickAsync();
        await Assertions.Expect(admin.GetByTestId("policy-version")).ToContainTextAsync("version 1");
        var size = await Server.TreeSizeAsync();

        // Limits must ascend: the second tier below the first is refused, and nothing is appended.
        await admin.GetByTestId("tier-2-upto").FillAsync("50000");
        await admin.GetByTestId("save-policy").ClickAsync();
        await Assertions.Expect(admin.GetByTestId("policy-error")).ToContainTextAsync("ascending");
        Assert.Equal(size, await Server.TreeSizeAsync());

        await admin.GetByTestId("tier-2-upto").FillAsync("500000");
        await admin.GetByTestId("tier-1-count").FillAsync("2");
        await admin.GetByTestId("save-policy").ClickAsync();
        await Assertions.Expect(admin.GetByTestId("policy-version")).ToContainTextAsync("version 2");
        await Assertions.Expect(admin.GetByTestId("policy-history").Locator("tbody tr").First).ToContainTextAsync("up to CN¥100,000.00: 2 × Approver; up to CN¥500,000.00");
        Assert.Equal(size + 1, await Server.TreeSizeAsync());
        await BrowserSession.ScreenshotAsync(admin, "admin-policy");

        var entry = await Server.Client.GetFromJsonAsync<JsonElement>($"/api/ledger/entries/{size}");
        Assert.Equal("fund.policy-set", entry.GetProperty("kind").GetString());
    }

    private async Task<IPage> SignedInAdminAsync(BrowserSession browser)
    {
        var page = await browser.NewPageAsync();
        await BrowserSession.SignInAsync(page, Server, "admin", "/admin");
        await Assertions.Expect(page.GetByTestId("users")).ToContainTextAsync("supervisor");
        // Interactive once the buttons are enabled; a tab clicked before that would not switch.
        await Assertions.Expect(page.GetByTestId("save-user")).ToBeEnabledAsync();
        return page;
    }

    private string Url(string path) => new Uri(Server.BaseAddress, path).ToString();
}
