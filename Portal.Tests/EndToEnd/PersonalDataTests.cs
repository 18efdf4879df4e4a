using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.EndToEnd;

/// <summary>
/// In the browser: a supervisor reads an individual payee's name on the dashboard (and sees the read listed), one
/// administrator asks to erase it and another approves; the record page then says so, and the browser verifier
/// still passes, holding the page's commitment to the signed entry.
/// </summary>
public sealed class PersonalDataTests(SeededPortal portal) : IClassFixture<SeededPortal>
{
    private const string Name = "Tian Ruolan-Browser-5520";

    private PortalServer Server => portal.Server;

    [Fact]
    public async Task A_supervisor_reads_a_name_and_two_administrators_erase_it_while_the_record_still_verifies()
    {
        var id = await PayIndividualAsync();
        await using var browser = await BrowserSession.StartAsync();

        var supervisor = await browser.NewPageAsync();
        await BrowserSession.SignInAsync(supervisor, Server, "supervisor", "/dashboard");
        // Interactive once the button is enabled: a number typed before that would be lost.
        await Assertions.Expect(supervisor.GetByTestId("read-payee")).ToBeEnabledAsync();
        await supervisor.GetByTestId("payee-record").FillAsync($"{id}");
        await supervisor.GetByTestId("read-payee").ClickAsync();
        await Assertions.Expect(supervisor.GetByTestId("payee-name")).ToHaveTextAsync(Name);
        await Assertions.Expect(supervisor.GetByTestId("payee-disclosed")).ToContainTextAsync("give the commitment in ledger entry");
        await Assertions.Expect(supervisor.GetByTestId("personal-data-reads").Locator("tbody tr").First).ToContainTextAsync($"#{id}");
        await BrowserSession.ScreenshotAsync(supervisor, "personal-data-read");

        var asking = await AdminPageAsync(browser, "admin");
        await asking.GetByTestId("erasure-record").FillAsync($"{id}");
        await asking.GetByTestId("erasure-reason").FillAsync("The payee asked for deletion (PIPL art. 47)");
        await asking.GetByTestId("request-erasure").ClickAsync();
        var row = asking.GetByTestId("erasure-requests").Locator("tbody tr").Filter(new() { HasText = $"#{id}" });
        await Assertions.Expect(row).ToContainTextAsync("Waiting for another administrator");

        var approving = await AdminPageAsync(browser, "admin2");
        var pending = approving.GetByTestId("erasure-requests").Locator("tbody tr").Filter(new() { HasText = $"#{id}" });
        await pending.GetByRole(AriaRole.Button, new() { Name = "Approve and erase" }).ClickAsync();
        await Assertions.Expect(pending).ToContainTextAsync("Erased: entry");
        await BrowserSession.ScreenshotAsync(approving, "personal-data-erased-admin");

        var citizen = await browser.NewPageAsync();
        await citizen.GotoAsync(new Uri(Server.BaseAddress, $"/disbursements/{id}").ToString());
        await Assertions.Expect(citizen.GetByTestId("payee")).ToContainTextAsync("Individual (withheld)");
        await Assertions.Expect(citizen.GetByTestId("payee-erased")).ToContainTextAsync("The payee asked for deletion (PIPL art. 47)");
        var verdict = await RecordCheck.RunAsync(citizen);
        await BrowserSession.ScreenshotAsync(citizen, "personal-data-erased-record");
        Assert.Contains("checks passed", verdict, StringComparison.Ordinal);
        Assert.Contains("values shown on this page equal what the signed entries record", verdict, StringComparison.Ordinal);
        Assert.DoesNotContain(Name, await citizen.ContentAsync(), StringComparison.Ordinal);
    }

    private async Task<IPage> AdminPageAsync(BrowserSession browser, string user)
    {
        var page = await browser.NewPageAsync();
        await BrowserSession.SignInAsync(page, Server, user, "/admin");
        // Interactive once the buttons are enabled; a tab clicked before that would not switch.
        await Assertions.Expect(page.GetByTestId("save-user")).ToBeEnabledAsync();
        await page.GetByText("Personal data", new() { Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("request-erasure")).ToBeEnabledAsync();
        return page;
    }

    private async Task<long> PayIndividualAsync()
    {
        using var official = await PortalClient.SignInAsync(Server, "official");
        using var approver = await PortalClient.SignInAsync(Server, "approver2");
        using var bank = PortalClient.Bank(Server);
        var filed = await official.PostAsync("/api/requests", new { fundId = 1, program = "education", region = "520102", amount = 2_100m, purpose = "Training stipend", beneficiaries = 1 });
        var request = (await filed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        (await approver.PostAsync($"/api/requests/{request}/approve", new { comment = "Eligible" })).EnsureSuccessStatusCode();
        var paid = await bank.PostAsync("/api/disbursements/confirm", new { requestId = request, bankReference = $"BRW-{request}", amount = 2_100m, payee = Name, payeeType = "individual" });
        paid.EnsureSuccessStatusCode();
        return (await paid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("disbursementId").GetInt64();
    }
}
