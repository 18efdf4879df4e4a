using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Portal.Tests.Infrastructure;
using Portal.Tests.Web;

namespace Portal.Tests.EndToEnd;

/// <summary>A citizen in a real browser against the real portal: find a payment, then check it without trusting the page.</summary>
public sealed class CitizenTests(SeededPortal portal) : IClassFixture<SeededPortal>
{
    [Fact]
    public async Task A_citizen_finds_a_record_and_verifies_it_in_the_browser()
    {
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);

        await page.GotoAsync(new Uri(portal.Server.BaseAddress, "/disbursements?region=52").ToString());
        // The filters are a plain form: its address carries what was chosen, and nothing left blank.
        await BrowserSession.PageScriptAsync(page);
        await page.SelectOptionAsync("#filter-program", "education");
        await page.GetByTestId("apply-filters").ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex(@"/disbursements\?region=52&program=education$"));
        Assert.Equal("education", await page.Locator("#filter-program").InputValueAsync());
        var firstRecord = page.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Record #") }).First;
        await firstRecord.WaitForAsync();
        await BrowserSession.ScreenshotAsync(page, "explorer");
        // Departments by their names, as a citizen reads them; the codes (5227-pao) only on hover.
        var grid = await page.Locator(".mud-table-body").InnerTextAsync();
        Assert.Contains("Poverty Alleviation Office", grid, StringComparison.Ordinal);
        Assert.DoesNotMatch(new System.Text.RegularExpressions.Regex(@"\b\d{4}-pao\b"), grid);
        await firstRecord.ClickAsync();

        await page.GetByText("From request to usage").WaitForAsync();
        await BrowserSession.PageScriptAsync(page);
        await page.GetByTestId("verify").ClickAsync();
        var result = page.GetByTestId("verify-result");
        await result.WaitForAsync();
        var text = await result.InnerTextAsync();
        await BrowserSession.ScreenshotAsync(page, "record-verified");
        Assert.Contains("checks passed", text, StringComparison.Ordinal);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_verifier_that_cannot_run_says_so_rather_than_leaving_the_page_silent()
    {
        var latest = await portal.Server.Client.GetFromJsonAsync<JsonElement>("/api/disbursements?limit=1");
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.NewPageAsync();
        // The verifier's module does not arrive (a filtering proxy, a flaky network).
        await page.RouteAsync("**/js/verify-view.js", route => route.AbortAsync());
        await page.GotoAsync(new Uri(portal.Server.BaseAddress, $"/disbursements/{latest.GetProperty("items")[0].GetProperty("id")}").ToString());
        await BrowserSession.PageScriptAsync(page);

        await page.GetByTestId("verify").ClickAsync();

        await Assertions.Expect(page.GetByTestId("verify-could-not-run")).ToContainTextAsync("Verification could not run: ");
        await Assertions.Expect(page.GetByTestId("verify")).ToBeEnabledAsync();
        Assert.Equal(0, await page.GetByTestId("verify-result").CountAsync());
    }

    [Fact]
    public async Task The_browser_verifier_is_strict()
    {
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(portal.Server.BaseAddress, "/").ToString());
        var outcome = await page.EvaluateAsync<JsonElement>(@"async () => {
            const { internals } = await import('/js/verify.js');
            const results = {};
            const attempt = async (name, f) => { try { results[name] = String(await f()); } catch (e) { results[name] = 'rejected: ' + e.message; } };
            const leaf = new Uint8Array(32), short = new Uint8Array(31);
            await attempt('shortLeafProof', () => internals.rootFromInclusionProof(0, 2, leaf, [short]));
            await attempt('longProof', () => internals.rootFromInclusionProof(0, 2, leaf, [leaf, leaf]));
            await attempt('shortProof', () => internals.rootFromInclusionProof(0, 4, leaf, [leaf]));
            await attempt('emptyConsistency', () => internals.verifyConsistency(3, 5, leaf, leaf, []));
            await attempt('shortConsistencyHash', () => internals.verifyConsistency(3, 5, leaf, leaf, [short, leaf]));
            await attempt('backwardsConsistency', () => internals.verifyConsistency(5, 3, leaf, leaf, [leaf]));
            const key = await internals.parseVerifierKey(await (await fetch('/api/ledger/public-key')).text());
            const note = await (await fetch('/api/ledger/checkpoint')).text();
            const checkpoint = internals.parseCheckpoint(note);
            await attempt('genuine', () => internals.verifySignature(checkpoint, key));
            const pair = await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']);
            const other = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
            await attempt('otherKey', () => internals.verifySignature(checkpoint, { ...key, publicKey: other }));
            await attempt('otherName', () => internals.verifySignature(checkpoint, { ...key, name: 'someone.else/log' }));
            const altered = internals.parseCheckpoint(note.replace(/\n(\d+)\n/, (m, n) => '\n' + (Number(n) + 1) + '\n'));
            await attempt('alteredText', () => internals.verifySignature(altered, key));
            // A block as the live feed streams it: its hash recomputed from its fields, and a moved timestamp.
            const stored = await (await fetch('/api/ledger/blocks/2')).json();
            const streamed = { ...stored, entries: new Array(stored.entryCount).fill({}) };
            const hexOf = bytes => [...bytes].map(b => b.toString(16).padStart(2, '0')).join('');
            await attempt('blockHash', async () => hexOf(await internals.blockHash(streamed)) === stored.hash);
            const moved = { ...streamed, timestamp: new Date(Date.parse(stored.timestamp) + 1).toISOString() };
            await attempt('movedBlock', async () => hexOf(await internals.blockHash(moved)) === stored.hash);
            // An honest consistency proof from m = 2^32 + 2^31 to m + 1 (m is no power of two, though its low
            // 32 bits are): [B, L, A] for the trees (A, B) and (A, (B, L)).
            const node = async (l, r) => new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array([1, ...l, ...r])));
            const A = new Uint8Array(32).fill(0xa), B = new Uint8Array(32).fill(0xb), L = new Uint8Array(32).fill(0xc);
            const m = 2 ** 32 + 2 ** 31;
            await attempt('bigConsistency', async () => internals.verifyConsistency(m, m + 1, await node(A, B), await node(A, await node(B, L)), [B, L, A]));
            await attempt('beyond2to53', () => internals.parseCheckpoint(note.replace(/\n(\d+)\n/, '\n9007199254740993\n')));
            await attempt('unpaddedRoot', () => internals.parseCheckpoint(note.replace(/\n([A-Za-z0-9+/]+)=\n/, '\n$1\n')));
            await attempt('savedWithBlankLines', () => internals.verifySignature(internals.parseCheckpoint(note + '\n\n'), key));
            const parts = key.text.split('+');
            await attempt('uppercaseKeyId', async () => (await internals.parseVerifierKey(`${parts[0]}+${parts[1].toUpperCase()}+${parts.slice(2).join('+')}`)).text === key.text);
            // A signature is 4 + 64 bytes: its base64 ends in one '=', which a lenient decoder would not miss.
            await attempt('unpaddedSignature', () => internals.parseCheckpoint(note.replace(/=\n$/, '\n')));
            // A note for another log under this key (its first line names another origin) is refused for its origin.
            const otherLog = internals.parseCheckpoint(note.replace(/^[^\n]*/, 'other.example/log'));
            await attempt('otherOrigin', () => internals.verifySignature(otherLog, key));
            return results;
        }");
        Assert.StartsWith("rejected", outcome.GetProperty("shortLeafProof").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("rejected", outcome.GetProperty("longProof").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("rejected", outcome.GetProperty("shortProof").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("rejected", outcome.GetProperty("emptyConsistency").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("rejected", outcome.GetProperty("shortConsistencyHash").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("rejected", outcome.GetProperty("backwardsConsistency").GetString(), StringComparison.Ordinal);
        Assert.Equal("true", outcome.GetProperty("genuine").GetString());
        Assert.Equal("false", outcome.GetProperty("otherKey").GetString());
        Assert.StartsWith("rejected", outcome.GetProperty("otherName").GetString(), StringComparison.Ordinal);
        Assert.Equal("false", outcome.GetProperty("alteredText").GetString());
        Assert.Equal("true", outcome.GetProperty("blockHash").GetString());
        Assert.Equal("false", outcome.GetProperty("movedBlock").GetString());
        Assert.Equal("true", outcome.GetProperty("bigConsistency").GetString());
        Assert.Equal("rejected: size-too-large", outcome.GetProperty("beyond2to53").GetString());
        Assert.Equal("rejected: not-base64", outcome.GetProperty("unpaddedRoot").GetString());
        Assert.Equal("true", outcome.GetProperty("savedWithBlankLines").GetString());
        Assert.Equal("true", outcome.GetProperty("uppercaseKeyId").GetString());
        Assert.Equal("rejected: not-base64", outcome.GetProperty("unpaddedSignature").GetString());
        Assert.Equal("rejected: origin-not-key-name", outcome.GetProperty("otherOrigin").GetString());
    }
}
