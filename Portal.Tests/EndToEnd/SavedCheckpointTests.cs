using Microsoft.Playwright;
using Portal.Tests.Infrastructure;
using Portal.Tests.Web;

namespace Portal.Tests.EndToEnd;

/// <summary>An auditor who saved a checkpoint comes back later and proves, in the browser, that nothing was rewritten.</summary>
public sealed class SavedCheckpointTests(SeededPortal portal) : IClassFixture<SeededPortal>
{
    private PortalServer Server => portal.Server;

    [Fact]
    public async Task A_saved_checkpoint_is_proven_consistent_and_a_forged_one_fails()
    {
        var saved = await Server.Client.GetStringAsync("/api/ledger/checkpoint");
        using (var official = await PortalClient.SignInAsync(Server, "official"))
        {
            var filed = await official.PostAsync("/api/requests", new { fundId = 1, program = "education", region = "520102", amount = 1_000m, purpose = "Chalk", beneficiaries = 10 });
            filed.EnsureSuccessStatusCode();
        }
        Assert.NotEqual(saved, await Server.Client.GetStringAsync("/api/ledger/checkpoint"));

        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(Server.BaseAddress, "/verify").ToString());
        await CheckAsync(page, saved);
        await Assertions.Expect(page.GetByTestId("verify-result")).ToContainTextAsync("All");
        await Assertions.Expect(page.GetByText("Append-only")).ToBeVisibleAsync();
        await BrowserSession.ScreenshotAsync(page, "verify-consistent");

        var lines = saved.Split('\n');
        lines[1] = (long.Parse(lines[1], System.Globalization.CultureInfo.InvariantCulture) - 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await CheckAsync(page, string.Join('\n', lines));
        await Assertions.Expect(page.GetByTestId("verify-result")).ToContainTextAsync("FAILED");
        await BrowserSession.ScreenshotAsync(page, "verify-forged");
    }

    private static async Task CheckAsync(IPage page, string note)
    {
        // The page script enables the check once there is a checkpoint to check.
        await BrowserSession.PageScriptAsync(page);
        await page.GetByTestId("saved-checkpoint").FillAsync(note);
        var check = page.GetByTestId("check-consistency");
        await Assertions.Expect(check).ToBeEnabledAsync();
        await check.ClickAsync();
        await Assertions.Expect(page.GetByTestId("verify-result")).ToBeVisibleAsync();
    }
}
