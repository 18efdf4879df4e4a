using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.EndToEnd;

/// <summary>
/// In the browser: a citizen complains on a record page without signing in, is told what is missing, sends, and
/// downloads a receipt whose text and salt open the commitment the entry holds; the department's answer then shows
/// on the record, and the record still verifies.
/// </summary>
public sealed class FeedbackTests(SeededPortal portal) : IClassFixture<SeededPortal>
{
    private PortalServer Server => portal.Server;

    [Fact]
    public async Task A_citizen_complains_on_a_record_keeps_the_receipt_and_sees_the_departments_answer()
    {
        var id = await OwnPaymentAsync();
        await using var browser = await BrowserSession.StartAsync();
        var citizen = await browser.NewPageAsync();
        await citizen.GotoAsync(new Uri(Server.BaseAddress, $"/disbursements/{id}").ToString());
        await Assertions.Expect(citizen.GetByTestId("no-feedback")).ToBeVisibleAsync();

        await citizen.Locator("#feedback-kind").SelectOptionAsync("complaint");
        await citizen.Locator("#feedback-text").FillAsync("The canteen in Huaxi got no rice this month.");
        await citizen.GetByTestId("feedback-submit").ClickAsync();
        await Assertions.Expect(citizen.GetByTestId("feedback-error")).ToHaveTextAsync("Choose what the complaint is about.");

        await citizen.Locator("#feedback-category").SelectOptionAsync("money-not-received");
        await citizen.Locator("#feedback-contact").FillAsync("Village committee, Huaxi 5521");
        // As a phone sends it: EXIF with where it was taken, which the portal removes before storing it.
        var clean = TestImages.Jpeg((ushort)Random.Shared.Next(2, ushort.MaxValue));
        await citizen.Locator("#feedback-photos").SetInputFilesAsync(new FilePayload
        {
            Name = "empty-shelf.jpg", MimeType = "image/jpeg",
            Buffer = [.. clean[..20], .. TestImages.Segment(0xE1, TestImages.Exif(orientation: 6)), .. clean[20..]],
        });
        await citizen.GetByTestId("feedback-submit").ClickAsync();
        await Assertions.Expect(citizen.GetByTestId("feedback-receipt")).ToBeVisibleAsync();
        await Assertions.Expect(citizen.GetByTestId("feedback-receipt")).ToContainTextAsync("Received and recorded on the ledger as feedback");
        var download = await citizen.RunAndWaitForDownloadAsync(() => citizen.GetByTestId("feedback-receipt-download").ClickAsync());
        Assert.StartsWith("portal-feedback-", download.SuggestedFilename, StringComparison.Ordinal);
        var receipt = JsonDocument.Parse(await File.ReadAllTextAsync(await download.PathAsync())).RootElement;
        Assert.Equal("The canteen in Huaxi got no rice this month.", receipt.GetProperty("text").GetString());
        var salt = Convert.FromHexString(receipt.GetProperty("textSalt").GetString()!);
        Assert.Equal(receipt.GetProperty("textCommitment").GetString(), Portal.Ledger.Privacy.PersonalCommitment.Of("The canteen in Huaxi got no rice this month.", salt));
        await BrowserSession.ScreenshotAsync(citizen, "feedback-sent");

        using var official = await PortalClient.SignInAsync(Server, "official");
        using var answered = await official.PostAsync($"/api/feedback/{receipt.GetProperty("feedbackId").GetInt64()}/answer",
            new { text = "The rice was delivered on Monday; the delivery note is attached to the usage report." });
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);

        await citizen.ReloadAsync();
        var item = citizen.GetByTestId("feedback-item");
        await Assertions.Expect(item).ToContainTextAsync("The canteen in Huaxi got no rice this month.");
        await Assertions.Expect(item.GetByTestId("feedback-answer")).ToContainTextAsync("The rice was delivered on Monday");
        await Assertions.Expect(item.GetByTestId("feedback-status")).ToHaveTextAsync("Answered");
        // Rotated by its kept orientation: 16 x 12 as encoded, shown 12 wide.
        await Assertions.Expect(item.GetByTestId("feedback-photo")).ToHaveJSPropertyAsync("naturalWidth", 12);
        var photo = await citizen.APIRequest.GetAsync(new Uri(new Uri(citizen.Url), await item.GetByTestId("feedback-photo").GetAttributeAsync("src")).ToString());
        Assert.DoesNotContain("GPS-Secret-Marker", System.Text.Encoding.Latin1.GetString(await photo.BodyAsync()), StringComparison.Ordinal);
        Assert.DoesNotContain("Huaxi 5521", await citizen.ContentAsync(), StringComparison.Ordinal);
        var verdict = await RecordCheck.RunAsync(citizen);
        await BrowserSession.ScreenshotAsync(citizen, "feedback-answered");
        Assert.Contains("checks passed", verdict, StringComparison.Ordinal);
        // The feedback and its answer are among the entries checked, the text held to the commitment it opens.
        var index = receipt.GetProperty("ledgerIndex").GetInt64();
        Assert.Contains($"Entry {index}: in the signed ledger", verdict, StringComparison.Ordinal);
        Assert.Contains($"Entry {index + 1}: in the signed ledger", verdict, StringComparison.Ordinal);

        // The receipt, checked in the browser on the verify page, as the citizen would months later.
        await citizen.GotoAsync(new Uri(Server.BaseAddress, "/verify#receipt").ToString());
        await BrowserSession.PageScriptAsync(citizen);
        await citizen.GetByTestId("receipt-file").SetInputFilesAsync(await download.PathAsync());
        await citizen.GetByTestId("check-receipt").ClickAsync();
        var results = citizen.GetByTestId("receipt-results");
        await Assertions.Expect(results.GetByTestId("verify-result")).ToContainTextAsync("checks passed: your feedback is in the ledger as you sent it");
        await Assertions.Expect(results).ToContainTextAsync("this is the text that was sent");
        await Assertions.Expect(results).ToContainTextAsync($"Entry {index} records feedback {receipt.GetProperty("feedbackId").GetInt64()}");
        await BrowserSession.ScreenshotAsync(citizen, "feedback-receipt-checked");

        // A receipt whose text was changed proves nothing.
        var forged = receipt.GetRawText().Replace("got no rice", "got no beans", StringComparison.Ordinal);
        await citizen.GetByTestId("feedback-receipt-input").FillAsync(forged);
        await citizen.GetByTestId("check-receipt").ClickAsync();
        await Assertions.Expect(results.GetByTestId("verify-result")).ToContainTextAsync("FAILED");
        await Assertions.Expect(results).ToContainTextAsync("the text was changed");

        // Hidden by a supervisor since, the text deleted from the portal: the receipt still proves what was sent.
        using (var supervisor = await PortalClient.SignInAsync(Server, "supervisor"))
        {
            Assert.Equal(HttpStatusCode.OK, (await supervisor.PostAsync($"/api/feedback/{receipt.GetProperty("feedbackId").GetInt64()}/hide",
                new { reason = "Names a private person" })).StatusCode);
        }
        await citizen.GetByTestId("feedback-receipt-input").FillAsync(receipt.GetRawText());
        await citizen.GetByTestId("check-receipt").ClickAsync();
        await Assertions.Expect(results.GetByTestId("verify-result")).ToContainTextAsync("checks passed: your feedback is in the ledger as you sent it");
    }

    [Fact]
    public async Task The_department_answers_on_its_desk_and_a_supervisor_reads_the_contact_and_closes_it()
    {
        var id = await OwnPaymentAsync();
        using var citizen = PortalClient.Anonymous(Server);
        using var sent = await citizen.PostAsync($"/api/disbursements/{id}/feedback",
            new { kind = "complaint", category = "work-not-done", text = "The canteen roof still leaks.", contact = "Desk-Contact-8812" }, withAntiforgery: false);
        var feedbackId = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("feedbackId").GetInt64();
        await using var browser = await BrowserSession.StartAsync();

        var official = await browser.NewPageAsync();
        await BrowserSession.SignInAsync(official, Server, "official", "/requests");
        var mine = official.Locator($"[data-testid=desk-item][data-feedback-id=\"{feedbackId}\"]");
        await Assertions.Expect(mine.GetByTestId("desk-answer")).ToBeEnabledAsync();
        await mine.GetByTestId("desk-text").FillAsync("The roofer comes on Thursday.");
        await mine.GetByTestId("desk-answer").ClickAsync();
        await Assertions.Expect(official.Locator($"[data-testid=desk-item][data-feedback-id=\"{feedbackId}\"]").GetByTestId("feedback-status")).ToHaveTextAsync("Answered");

        var supervisor = await browser.NewPageAsync();
        await BrowserSession.SignInAsync(supervisor, Server, "supervisor", "/dashboard");
        // By name as the ledger defines it, the code beside it.
        await Assertions.Expect(supervisor.GetByTestId("complaints-by-department")).ToContainTextAsync("Guiyang Poverty Alleviation Office");
        await Assertions.Expect(supervisor.GetByTestId("complaints-by-region")).ToContainTextAsync("Nanming District 520102");
        var item = supervisor.Locator($"[data-testid=desk-item][data-feedback-id=\"{feedbackId}\"]");
        await Assertions.Expect(item.GetByTestId("desk-close")).ToBeEnabledAsync();
        await item.GetByTestId("desk-read-contact").ClickAsync();
        await Assertions.Expect(item.GetByTestId("desk-contact")).ToContainTextAsync("Desk-Contact-8812");
        await item.GetByTestId("desk-text").FillAsync("Roof repaired, photo in the usage report");
        await item.GetByTestId("desk-close").ClickAsync();
        await Assertions.Expect(item).ToHaveCountAsync(0);
        await BrowserSession.ScreenshotAsync(supervisor, "feedback-desk");

        var listed = await Server.Client.GetFromJsonAsync<JsonElement>($"/api/feedback?disbursement={id}");
        var closed = listed.GetProperty("items")[0];
        Assert.Equal("closed", closed.GetProperty("status").GetString());
        Assert.Equal("resolved", closed.GetProperty("closed").GetProperty("outcome").GetString());
        Assert.Equal("The roofer comes on Thursday.", closed.GetProperty("answers")[0].GetProperty("text").GetString());
    }

    private async Task<long> OwnPaymentAsync()
    {
        using var official = await PortalClient.SignInAsync(Server, "official");
        using var approver = await PortalClient.SignInAsync(Server, "approver2");
        using var bank = PortalClient.Bank(Server);
        var filed = await official.PostAsync("/api/requests", new { fundId = 1, program = "education", region = "520102", amount = 3_600m, purpose = "School canteen rice", beneficiaries = 120 });
        var requestId = (await filed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await approver.PostAsync($"/api/requests/{requestId}/approve", new { comment = "Eligible" })).StatusCode);
        var paid = await bank.PostAsync("/api/disbursements/confirm", new { requestId, bankReference = $"E2E-FB-{requestId}", amount = 3_600m, payee = "Huaxi Grain Co." });
        Assert.Equal(HttpStatusCode.Created, paid.StatusCode);
        return (await paid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("disbursementId").GetInt64();
    }
}
