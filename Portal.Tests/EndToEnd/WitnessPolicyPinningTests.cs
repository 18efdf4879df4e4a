using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Portal.Ledger.Witnessing;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.EndToEnd;

/// <summary>
/// The browser pins the witness policy as it pins the key: a portal records every policy it serves in the ledger,
/// a browser follows a change the ledger records, and a policy served to one reader that the ledger does not hold
/// (other witnesses, the operator's own, for a split view) fails the check.
/// </summary>
public sealed class WitnessPolicyPinningTests
{
    [Fact]
    public async Task A_changed_policy_is_trusted_only_when_the_ledger_records_it()
    {
        using var directory = new TempDirectory();
        var environment = await SeededTemplate.EnvironmentAsync(directory.Path);
        var policyPath = Path.Combine(directory.Path, "witness-policy.txt");
        environment["Ledger__WitnessPolicyPath"] = policyPath;
        // Witnesses nobody runs here: what is tested is which policy the browser trusts, not the cosignatures.
        var w1 = new CosignerKey("w1.example", Portal.Ledger.Chain.Checkpoints.Ed25519Note.GenerateSeed()).VerifierKey;
        var w2 = new CosignerKey("w2.example", Portal.Ledger.Chain.Checkpoints.Ed25519Note.GenerateSeed()).VerifierKey;
        var first = $"witness w1 {w1} http://127.0.0.1:9/\nquorum w1\n";
        var second = $"witness w1 {w1} http://127.0.0.1:9/\nwitness w2 {w2} http://127.0.0.1:9/\ngroup both all w1 w2\nquorum both\n";
        await File.WriteAllTextAsync(policyPath, first);
        Uri address;
        await using (var before = await PortalServer.StartAsync(environment))
        {
            address = before.BaseAddress;
        }
        await File.WriteAllTextAsync(policyPath, second);
        await using var server = await PortalServer.StartAsync(environment, address);
        var recorded = await server.Client.GetFromJsonAsync<JsonElement>("/api/ledger/witness-policies");
        Assert.Equal([WitnessPolicyLog.Hash(first), WitnessPolicyLog.Hash(second)], recorded.EnumerateArray().Select(p => p.GetProperty("sha256").GetString()));
        var changeIndex = recorded[1].GetProperty("index").GetInt64();

        await using var browser = await BrowserSession.StartAsync();
        var record = (await server.Client.GetFromJsonAsync<JsonElement>("/api/disbursements?limit=1")).GetProperty("items")[0].GetProperty("id");
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(server.BaseAddress, $"/disbursements/{record}").ToString());

        // First visit: the policy served is the last one recorded, and is pinned.
        var firstVisit = await VerifyAsync(page);
        Assert.Contains("checks passed", firstVisit, StringComparison.Ordinal);
        Assert.Contains($"Witness policy seen for the first time; it is the last one the ledger records (entry {changeIndex})", firstVisit, StringComparison.Ordinal);
        Assert.Contains("Witnessed by 0 of 2 witnesses: fewer than the policy's quorum", firstVisit, StringComparison.Ordinal);
        Assert.Contains("Same witness policy this browser has known since", await VerifyAsync(page), StringComparison.Ordinal);

        // A browser that knew the first policy follows the change the ledger records, and pins the new one.
        await PinAsync(page, WitnessPolicyLog.Hash(first));
        var followed = await VerifyAsync(page);
        await BrowserSession.ScreenshotAsync(page, "record-verified-after-policy-change");
        Assert.Contains("checks passed", followed, StringComparison.Ordinal);
        Assert.Contains($"the ledger records the change (entry {changeIndex}) after the policy this browser knew", followed, StringComparison.Ordinal);
        Assert.Equal(WitnessPolicyLog.Hash(second), await PinnedAsync(page));

        // A policy this browser knew that the ledger never recorded: the change is not explained.
        await PinAsync(page, WitnessPolicyLog.Hash("witness w9 unknown http://127.0.0.1:9/\nquorum w9\n"));
        var unexplained = await VerifyAsync(page);
        Assert.DoesNotContain("checks passed", unexplained, StringComparison.Ordinal);
        Assert.Contains("The witness policy changed since Jan 15, 2026, and the ledger records no change from the policy this browser knew", unexplained, StringComparison.Ordinal);

        // The operator shows this reader the earlier policy (fewer witnesses to fool): it is not the last recorded.
        await PinAsync(page, WitnessPolicyLog.Hash(second));
        await page.RouteAsync("**/api/ledger/witness-policy", route => route.FulfillAsync(new() { Status = 200, ContentType = "text/plain", Body = first }));
        var split = await VerifyAsync(page);
        Assert.DoesNotContain("checks passed", split, StringComparison.Ordinal);
        Assert.Contains("The portal serves a witness policy that is not the last one its ledger records", split, StringComparison.Ordinal);
        Assert.Equal(WitnessPolicyLog.Hash(second), await PinnedAsync(page));
    }

    private static async Task PinAsync(IPage page, string sha256) =>
        await page.EvaluateAsync("sha256 => localStorage.setItem(`portal.witness-policy:${location.host}`, JSON.stringify({ sha256, since: '2026-01-15T08:00:00Z' }))", sha256);

    private static async Task<string?> PinnedAsync(IPage page) =>
        JsonDocument.Parse(await page.EvaluateAsync<string>("() => localStorage.getItem(`portal.witness-policy:${location.host}`)")).RootElement.GetProperty("sha256").GetString();

    private static async Task<string> VerifyAsync(IPage page)
    {
        await page.ReloadAsync();
        return await RecordCheck.RunAsync(page);
    }
}
