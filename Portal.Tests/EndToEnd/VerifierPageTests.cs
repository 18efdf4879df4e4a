using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.EndToEnd;

/// <summary>
/// The standalone verifier (/verifier.html) served by one portal checks another portal's ledger, across origins,
/// as a copy saved anywhere would: a record (and a read model the operator changed), a saved checkpoint, and the
/// live feed, every result written into the page by the verifier itself. A changed script is refused, not run.
/// </summary>
public sealed class VerifierPageTests(VerifierPageTests.TwoPortals portals) : IClassFixture<VerifierPageTests.TwoPortals>
{
    [Fact]
    public async Task A_record_of_another_portal_is_checked_and_a_changed_read_model_is_named()
    {
        var page = await OpenAsync();
        var id = (await portals.Checked.Client.GetFromJsonAsync<JsonElement>("/api/disbursements?limit=2")).GetProperty("items")[1].GetProperty("id").GetInt64();

        var intact = await CheckRecordAsync(page, id);
        Assert.Matches(@"All \d+ checks passed in this browser\.", intact);
        Assert.Contains("values shown on this page equal what the signed entries record", intact, StringComparison.Ordinal);
        Assert.Contains("form an unbroken chain from its filing", intact, StringComparison.Ordinal);
        await Assertions.Expect(page.GetByTestId("verifier-record")).ToContainTextAsync("The amount paid");
        await BrowserSession.ScreenshotAsync(page, "verifier-record");

        await ExecuteAsync($"UPDATE \"Disbursements\" SET \"Amount\" = \"Amount\" + 1000 WHERE \"Id\" = {id}");
        var changed = await CheckRecordAsync(page, id);
        Assert.Contains("Verification FAILED", changed, StringComparison.Ordinal);
        Assert.Contains("The amount paid is shown as", changed, StringComparison.Ordinal);
        await ExecuteAsync($"UPDATE \"Disbursements\" SET \"Amount\" = \"Amount\" - 1000 WHERE \"Id\" = {id}");

        Assert.Contains($"has no disbursement record 99999999", await CheckRecordAsync(page, 99_999_999), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_saved_checkpoint_is_held_to_the_other_portals_ledger_today()
    {
        var page = await OpenAsync();
        var saved = await portals.Checked.Client.GetStringAsync("/api/ledger/checkpoint");
        await FileRequestAsync(3_100m);

        await page.GetByTestId("verifier-checkpoint").FillAsync(saved);
        await page.GetByTestId("verifier-check-checkpoint").ClickAsync();
        var verdict = page.GetByTestId("verify-result");
        await Assertions.Expect(verdict).ToContainTextAsync("checks passed", new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByTestId("verify-checks")).ToContainTextAsync("are unchanged at the start of today's");

        await page.GetByTestId("verifier-checkpoint").FillAsync(saved.Replace("\n\n", "\nx\n\n", StringComparison.Ordinal));
        await page.GetByTestId("verifier-check-checkpoint").ClickAsync();
        await Assertions.Expect(verdict).ToContainTextAsync("Verification FAILED");
    }

    [Fact]
    public async Task A_feedback_receipt_from_another_portal_is_checked_and_its_feedback_held_to_the_record()
    {
        var page = await OpenAsync();
        var id = (await portals.Checked.Client.GetFromJsonAsync<JsonElement>("/api/disbursements?limit=3")).GetProperty("items")[2].GetProperty("id").GetInt64();
        using var citizen = PortalClient.Anonymous(portals.Checked);
        using var sent = await citizen.PostAsync($"/api/disbursements/{id}/feedback",
            new { kind = "confirmation", text = "Received in full, thank you. 已收到。" }, withAntiforgery: false);
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        var receipt = await sent.Content.ReadAsStringAsync();
        await FileRequestAsync(2_200m);

        await page.GetByTestId("verifier-receipt").FillAsync(receipt);
        await page.GetByTestId("verifier-check-receipt").ClickAsync();
        var verdict = page.GetByTestId("verify-result");
        await Assertions.Expect(verdict).ToContainTextAsync("checks passed", new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByTestId("verify-checks")).ToContainTextAsync("this is the text that was sent");
        await Assertions.Expect(page.GetByTestId("verify-checks")).ToContainTextAsync("are unchanged at the start of today's");

        await page.GetByTestId("verifier-receipt").FillAsync(receipt.Replace("Received in full", "Received in part", StringComparison.Ordinal));
        await page.GetByTestId("verifier-check-receipt").ClickAsync();
        await Assertions.Expect(verdict).ToContainTextAsync("Verification FAILED");
        await Assertions.Expect(page.GetByTestId("verify-checks")).ToContainTextAsync("the text was changed");

        // The record, with the feedback it shows, each part held to its entry.
        var record = await CheckRecordAsync(page, id);
        Assert.Matches(@"All \d+ checks passed in this browser\.", record);
        await Assertions.Expect(page.GetByTestId("verifier-record")).ToContainTextAsync("Received in full, thank you. 已收到。");
    }

    [Fact]
    public async Task The_live_feed_of_another_portal_is_followed_and_each_new_block_checked()
    {
        var page = await OpenAsync();
        await page.GetByTestId("verifier-follow").ClickAsync();
        var verdict = page.GetByTestId("verify-result");
        await Assertions.Expect(verdict).ToContainTextAsync("blocks verified", new() { Timeout = 30_000 });

        var filed = await FileRequestAsync(4_321.5m);
        var block = page.GetByTestId("verifier-blocks").Locator($"li:has-text('#{filed}')");
        await Assertions.Expect(block).ToContainTextAsync("request.filed 4321.5", new() { Timeout = 30_000 });
        await Assertions.Expect(verdict).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("failed"));
        await BrowserSession.ScreenshotAsync(page, "verifier-live");
    }

    [Fact]
    public async Task A_script_that_is_not_the_published_one_is_refused_not_run()
    {
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) => errors.Add(message.Text);
        // The operator (or anyone between) serves another verify.js than the one whose hash the page pins.
        await page.RouteAsync("**/js/verify.js", async route =>
        {
            var response = await route.FetchAsync();
            var body = await response.TextAsync();
            await route.FulfillAsync(new() { Response = response, Body = body.Replace("fail('nothing-checked')", "void 0", StringComparison.Ordinal) });
        });
        await page.GotoAsync(new Uri(portals.Serving.BaseAddress, "/verifier.html").ToString());
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await Assertions.Expect(page.Locator("#ready")).ToBeHiddenAsync();
        Assert.Contains(errors, e => e.Contains("integrity", StringComparison.OrdinalIgnoreCase));
    }

    private async Task<IPage> OpenAsync()
    {
        var page = await portals.Browser.NewPageAsync();
        // The page's own errors, to name in a failure: the verifier reports into the page, not to the test.
        page.Console += (_, message) => Console.Error.WriteLine($"verifier.html console: {message.Text}");
        page.PageError += (_, error) => Console.Error.WriteLine($"verifier.html error: {error}");
        await page.GotoAsync(new Uri(portals.Serving.BaseAddress, "/verifier.html").ToString());
        await Assertions.Expect(page.Locator("#ready")).ToBeVisibleAsync();
        Assert.Equal(portals.Serving.BaseAddress.GetLeftPart(UriPartial.Authority), await page.GetByTestId("verifier-portal").InputValueAsync());
        // Another origin: the portal's public API and live feed must answer a page that is not its own.
        await page.GetByTestId("verifier-portal").FillAsync(portals.Checked.BaseAddress.ToString());
        return page;
    }

    private static async Task<string> CheckRecordAsync(IPage page, long id)
    {
        await page.GetByTestId("verifier-results").EvaluateAsync("e => e.replaceChildren()");
        await page.GetByTestId("verifier-record-id").FillAsync(id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByTestId("verifier-check-record").ClickAsync();
        var verdict = page.GetByTestId("verify-result");
        await Assertions.Expect(verdict).Not.ToHaveTextAsync("Checking…", new() { Timeout = 30_000 });
        return await page.GetByTestId("verifier-results").InnerTextAsync();
    }

    private async Task<long> FileRequestAsync(decimal amount)
    {
        using var official = await PortalClient.SignInAsync(portals.Checked, "official");
        var filed = await official.PostAsync("/api/requests", new { fundId = 1, program = "education", region = "520102", amount, purpose = "Standalone verifier", beneficiaries = 1 });
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        var id = (await filed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        // The entry's index, as the live feed names it.
        var request = await portals.Checked.Client.GetFromJsonAsync<JsonElement>($"/api/ledger/entries/{await LastIndexAsync()}");
        Assert.Equal(id, request.GetProperty("payload").GetProperty("requestId").GetInt64());
        return request.GetProperty("index").GetInt64();
    }

    private async Task<long> LastIndexAsync()
    {
        var note = await portals.Checked.Client.GetStringAsync("/api/ledger/checkpoint");
        return long.Parse(note.Split('\n')[1], System.Globalization.CultureInfo.InvariantCulture) - 1;
    }

    /// <summary>Writes the checked portal's database behind its back, as its operator can.</summary>
    private async Task ExecuteAsync(string sql) =>
        Assert.Equal(1, await StoredLedger.WriteBehindAsync(portals.CheckedEnvironment, sql));

    /// <summary>A portal that serves the verifier page, and another, on another origin, whose ledger it checks.</summary>
    public sealed class TwoPortals : IAsyncLifetime
    {
        private readonly TempDirectory _serving = new();
        private readonly TempDirectory _checked = new();

        public PortalServer Serving { get; private set; } = null!;

        public PortalServer Checked { get; private set; } = null!;

        public Dictionary<string, string> CheckedEnvironment { get; private set; } = null!;

        public BrowserSession Browser { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            CheckedEnvironment = await SeededTemplate.EnvironmentAsync(_checked.Path);
            // Its read models are changed behind its back: no cached answer may hide it.
            CheckedEnvironment["OutputCache__Enabled"] = "false";
            var serving = PortalServer.StartAsync(PortalServer.SqliteEnvironment(_serving.Path, seedDemo: false));
            Checked = await PortalServer.StartAsync(CheckedEnvironment);
            Serving = await serving;
            Browser = await BrowserSession.StartAsync();
        }

        public async ValueTask DisposeAsync()
        {
            await Browser.DisposeAsync();
            await Serving.DisposeAsync();
            await Checked.DisposeAsync();
            _serving.Dispose();
            _checked.Dispose();
        }
    }
}
