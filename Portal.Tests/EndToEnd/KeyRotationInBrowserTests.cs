using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Portal.Ledger.Chain.Checkpoints;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.EndToEnd;

/// <summary>
/// A browser that pinned the ledger key before a rotation: it follows the rotation the ledger records, in the
/// browser, and pins the new key; a key changed without such a record stays a loud failure.
/// </summary>
public sealed class KeyRotationInBrowserTests
{
    [Fact]
    public async Task A_browser_that_pinned_the_old_key_follows_the_recorded_rotation_and_not_an_unexplained_change()
    {
        using var directory = new TempDirectory();
        var environment = await SeededTemplate.EnvironmentAsync(directory.Path);
        string oldKey, saved;
        await using (var before = await PortalServer.StartAsync(environment))
        {
            oldKey = (await before.Client.GetStringAsync("/api/ledger/public-key")).Trim();
            saved = await before.Client.GetStringAsync("/api/ledger/checkpoint");
            Assert.Equal("[]", await before.Client.GetStringAsync("/api/ledger/key-rotations"));
        }
        await RotateKeyAsync(environment);

        await using var server = await PortalServer.StartAsync(environment);
        var newKey = (await server.Client.GetStringAsync("/api/ledger/public-key")).Trim();
        var rotations = await server.Client.GetFromJsonAsync<JsonElement>("/api/ledger/key-rotations");
        Assert.Equal(1, rotations.GetArrayLength());
        Assert.True(SignedNote.Parse(rotations[0].GetProperty("checkpoint").GetString()!).IsSignedBy(Ed25519Note.ParseVerifierKey(oldKey)));
        await using var browser = await BrowserSession.StartAsync();
        var page = await OpenLatestRecordAsync(browser, server);

        // This browser trusted the old key since January.
        await PinAsync(page, oldKey);
        var rotated = await VerifyAsync(page);
        await BrowserSession.ScreenshotAsync(page, "record-verified-after-key-rotation");
        Assert.Contains("checks passed", rotated, StringComparison.Ordinal);
        Assert.Contains($"entry {rotations[0].GetProperty("index")}", rotated, StringComparison.Ordinal);
        Assert.Contains("now trusts the new key", rotated, StringComparison.Ordinal);
        var pinned = JsonDocument.Parse(await page.EvaluateAsync<string>("() => localStorage.getItem(`portal.ledger-key:${location.host}`)")).RootElement;
        Assert.Equal((newKey, oldKey), (pinned.GetProperty("key").GetString(), pinned.GetProperty("rotatedFrom").GetString()));
        Assert.Contains("Same key", await VerifyAsync(page), StringComparison.Ordinal);

        // A key the ledger never rotated from: the change is not explained, and says so.
        await PinAsync(page, new Ed25519NoteSigner("test.portal.example/ledger", Ed25519Note.GenerateSeed()).VerifierKey);
        var unexplained = await VerifyAsync(page);
        Assert.DoesNotContain("checks passed", unexplained, StringComparison.Ordinal);
        Assert.Contains("The published key changed since", unexplained, StringComparison.Ordinal);

        // An auditor's checkpoint saved under the old key still proves the ledger only grew, through the rotation.
        await page.GotoAsync(new Uri(server.BaseAddress, "/verify").ToString());
        await BrowserSession.PageScriptAsync(page);
        await page.GetByTestId("saved-checkpoint").FillAsync(saved);
        await page.GetByTestId("check-consistency").ClickAsync();
        await Assertions.Expect(page.GetByTestId("verify-result")).ToContainTextAsync("All");
        await Assertions.Expect(page.GetByText("signed by an earlier key")).ToBeVisibleAsync();
        await BrowserSession.ScreenshotAsync(page, "verify-saved-before-key-rotation");
    }

    [Fact]
    public async Task Of_two_rotations_from_one_key_the_browser_follows_the_later()
    {
        using var directory = new TempDirectory();
        var environment = await SeededTemplate.EnvironmentAsync(directory.Path);
        var keyFile = environment["Ledger__SigningKeyPath"];
        string oldKey;
        await using (var before = await PortalServer.StartAsync(environment))
        {
            oldKey = (await before.Client.GetStringAsync("/api/ledger/public-key")).Trim();
        }
        // A rotation that stopped after its entry was committed, its key published and the old key kept, but before
        // the new key took the old one's place...
        var originalKey = await File.ReadAllTextAsync(keyFile);
        await RotateKeyAsync(environment);
        await File.WriteAllTextAsync(keyFile, originalKey);
        // ...then run again, to the end.
        await RotateKeyAsync(environment);

        await using var server = await PortalServer.StartAsync(environment);
        Assert.Equal(2, (await server.Client.GetFromJsonAsync<JsonElement>("/api/ledger/key-rotations")).GetArrayLength());
        await using var browser = await BrowserSession.StartAsync();
        var page = await OpenLatestRecordAsync(browser, server);
        await PinAsync(page, oldKey);

        var rotated = await VerifyAsync(page);

        Assert.Contains("checks passed", rotated, StringComparison.Ordinal);
        Assert.Contains("now trusts the new key", rotated, StringComparison.Ordinal);
        Assert.True((await ChildProcess.RunAsync(SolutionPaths.WebDll, ["verify"], environment)).ExitCode == 0);
    }

    [Fact]
    public async Task A_live_page_open_across_a_rotation_follows_it_and_the_portal_signs_with_the_new_key_without_a_restart()
    {
        using var directory = new TempDirectory();
        var environment = await SeededTemplate.EnvironmentAsync(directory.Path);
        await using var server = await PortalServer.StartAsync(environment);
        var oldKey = (await server.Client.GetStringAsync("/api/ledger/public-key")).Trim();
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(server.BaseAddress, "/").ToString(), new() { WaitUntil = WaitUntilState.NetworkIdle });
        await Assertions.Expect(page.GetByTestId("live-feed")).ToHaveAttributeAsync("data-state", "live");

        await RotateKeyAsync(environment);
        using var official = await PortalClient.SignInAsync(server, "official");
        for (var i = 0; i < 2; i++)
        {
            var filed = await official.PostAsync("/api/requests", new { fundId = 1, program = "education", region = "520102", amount = 6_000m + i, purpose = "After the rotation", beneficiaries = 1 });
            Assert.Equal(System.Net.HttpStatusCode.Created, filed.StatusCode);
        }

        // The rotation's block and the two after it, each verified in the browser; the later two with the new key.
        await Assertions.Expect(page.GetByTestId("live-status")).ToContainTextAsync("3 new blocks verified in your browser", new() { Timeout = 20_000 });
        await Assertions.Expect(page.GetByTestId("live-failure")).ToHaveCountAsync(0);
        var newKey = Ed25519Note.ParseVerifierKey((await server.Client.GetStringAsync("/api/ledger/public-key")).Trim());
        Assert.NotEqual(oldKey, newKey.VerifierKey);
        Assert.True(SignedNote.Parse(await server.Client.GetStringAsync("/api/ledger/checkpoint")).IsSignedBy(newKey));
        Assert.True((await ChildProcess.RunAsync(SolutionPaths.WebDll, ["verify"], environment)).ExitCode == 0);
        await BrowserSession.ScreenshotAsync(page, "home-live-across-key-rotation");
    }

    private static async Task RotateKeyAsync(IReadOnlyDictionary<string, string> environment)
    {
        var rotation = await ChildProcess.RunAsync(SolutionPaths.WebDll, ["rotate-key"], environment);
        Assert.True(rotation.ExitCode == 0, rotation.Output + rotation.Error);
    }

    /// <summary>A page on the newest payment's record, where the browser check runs.</summary>
    private static async Task<IPage> OpenLatestRecordAsync(BrowserSession browser, PortalServer server)
    {
        var record = (await server.Client.GetFromJsonAsync<JsonElement>("/api/disbursements?limit=1")).GetProperty("items")[0].GetProperty("id");
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(server.BaseAddress, $"/disbursements/{record}").ToString());
        return page;
    }

    private static async Task PinAsync(IPage page, string key)
    {
        await page.EvaluateAsync("key => localStorage.setItem(`portal.ledger-key:${location.host}`, JSON.stringify({ key, since: '2026-01-15T08:00:00Z' }))", key);
    }

    /// <summary>Runs the record page's browser check, on a fresh page, and returns its summary and every check, as shown.</summary>
    private static async Task<string> VerifyAsync(IPage page)
    {
        // A fresh page has no result yet: the one waited for below is this run's, not the last one's.
        await page.ReloadAsync();
        return await RecordCheck.RunAsync(page);
    }
}
