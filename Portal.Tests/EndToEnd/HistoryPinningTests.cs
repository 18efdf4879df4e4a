using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using Portal.Ledger.Chain;
using Portal.Ledger.Chain.Checkpoints;
using Portal.Ledger.Chain.Writing;
using Portal.Ledger.Funds;
using Portal.Ledger.Storage;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.EndToEnd;

/// <summary>
/// A browser remembers the newest checkpoint it verified: an operator who later serves another history, validly
/// signed with the same key, is caught by that browser's next check, and the browser keeps both checkpoints as evidence.
/// </summary>
public sealed class HistoryPinningTests
{
    [Fact]
    public async Task A_fork_signed_with_the_genuine_key_is_caught_by_a_browser_that_saw_the_original()
    {
        using var directory = new TempDirectory();
        var environment = await SeededTemplate.EnvironmentAsync(directory.Path);
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.NewPageAsync();
        string seen;
        Uri address;
        await using (var original = await PortalServer.StartAsync(environment))
        {
            address = original.BaseAddress;
            await page.GotoAsync(new Uri(address, "/disbursements/1").ToString());
            var first = await VerifyAsync(page);
            Assert.Contains("checks passed", first, StringComparison.Ordinal);
            seen = await original.Client.GetStringAsync("/api/ledger/checkpoint");
            Assert.Equal(seen, await PinnedNoteAsync(page));
            Assert.Contains("is the one this browser verified on", await VerifyAsync(page), StringComparison.Ordinal);
        }

        // The operator, who holds the key, rolls the last blocks back and signs other entries in their place, and
        // serves that at the same address.
        await ForkAsync(environment, blocksBack: 3);
        await using var forked = await PortalServer.StartAsync(environment, address);
        Assert.NotEqual(seen, await forked.Client.GetStringAsync("/api/ledger/checkpoint"));

        var caught = await VerifyAsync(page);

        await BrowserSession.ScreenshotAsync(page, "record-history-rewritten");
        Assert.DoesNotContain("checks passed", caught, StringComparison.Ordinal);
        Assert.Contains("This ledger rewrote history that this browser saw on", caught, StringComparison.Ordinal);
        var evidence = page.GetByTestId("history-evidence");
        await Assertions.Expect(evidence).ToBeVisibleAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => evidence.GetByRole(AriaRole.Link).First.ClickAsync());
        Assert.Equal(seen, await File.ReadAllTextAsync((await download.PathAsync())!));
        // The fork does not replace what the browser saw.
        Assert.Equal(seen, await PinnedNoteAsync(page));
        Assert.Contains("checks passed", await VerifyAsync(page, clearHistory: true), StringComparison.Ordinal);
    }

    /// <summary>Rolls the ledger back by some blocks and appends other entries, signed with the portal's own key.</summary>
    private static async Task ForkAsync(Dictionary<string, string> environment, int blocksBack)
    {
        var store = new LedgerStore(new StorageOptions(DatabaseProvider.Sqlite, environment["ConnectionStrings__Portal"]));
        var options = new LedgerOptions { Origin = environment["Ledger__Origin"], SigningKeyPath = environment["Ledger__SigningKeyPath"] };
        var head = (await new LedgerReader(store).GetHeadAsync())!;
        var from = (await new LedgerReader(store).GetBlockAsync(head.Height - blocksBack + 1))!;
        await StoredLedger.RollBackAsync(store, from.Height, from.FirstIndex);
        var key = SigningKeyFile.LoadOrCreate(options.SigningKeyPath, options.Origin);
        await using (var writer = new LedgerWriter(store, key, options, projectors: [new FundProjector()]))
        {
            for (var n = 0; n < blocksBack + 1; n++)
            {
                await writer.AppendAsync(new EntryDraft("test.entry", "operator:mallory", $$"""{"n":{{n}}}"""));
            }
        }
        SqliteConnection.ClearAllPools();
    }

    private static Task<string> PinnedNoteAsync(IPage page) =>
        page.EvaluateAsync<string>("() => JSON.parse(localStorage.getItem(`portal.ledger-checkpoint:${location.host}`)).note");

    /// <summary>Runs the record page's browser check on a freshly loaded page and returns the page's text.</summary>
    private static async Task<string> VerifyAsync(IPage page, bool clearHistory = false)
    {
        await page.ReloadAsync();
        if (clearHistory)
        {
            await page.EvaluateAsync("() => localStorage.removeItem(`portal.ledger-checkpoint:${location.host}`)");
        }
        return await RecordCheck.RunAsync(page);
    }
}
