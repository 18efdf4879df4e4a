using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Ledger.Feed;
using Portal.Tests.Infrastructure;
using Portal.Web.Components;
using Portal.Web.Components.Shared;
using Portal.Web.Live;
using Portal.Web.Localization;

namespace Portal.Tests.Web.Components;

/// <summary>
/// The live part of the home page and dashboard against a real ledger followed by a real tail: each new block is
/// checked in the browser (verify.js, stood in for here) and only then handed to the page; a failed check stops
/// the stream loudly.
/// </summary>
public sealed class LiveFeedComponentTests : PortalComponentContext, IAsyncLifetime
{
    private FundScenario _scenario = null!;
    private LedgerTail _tail = null!;
    private readonly List<FeedBlock> _taken = [];

    public async ValueTask InitializeAsync()
    {
        _scenario = await FundScenario.CreateAsync();
        _tail = new LedgerTail(new BlockFeed(_scenario.Ledger.Store, _scenario.Ledger.Reader), Options.Create(new LiveFeedOptions { PollMilliseconds = 50 }), NullLogger<LedgerTail>.Instance);
        await _tail.StartAsync(CancellationToken.None);
        Services.AddSingleton(_tail);
        Services.AddSingleton(new BlockFeed(_scenario.Ledger.Store, _scenario.Ledger.Reader));
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        while (_tail.Height < 0)
        {
            await Task.Delay(20);
        }
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await _tail.StopAsync(CancellationToken.None);
        _tail.Dispose();
        await _scenario.DisposeAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task Each_new_block_is_verified_then_handed_to_the_page_in_order_with_the_entries_the_browser_decoded()
    {
        using var _ = CultureScope.Use("en");
        var module = JSInterop.SetupModule(BrowserCheck.ModulePath);
        // The browser's reading of the leaves, not the server's summary, is what the page gets.
        var decoded = new BrowserBlockCheck.StreamEntry(7, "request.filed", "official", DateTimeOffset.UnixEpoch, "AQ==", Amount: 12_345m);
        module.Setup<BrowserBlockCheck.StreamStep>("streamStepInto", _ => true).SetResult(new BrowserBlockCheck.StreamStep(true, "note", [decoded]));
        var feed = RenderFeed();

        await _scenario.FileAsync(10_000m);
        await _scenario.FileAsync(20_000m);

        // The page gets the block before the status re-renders: wait for both.
        feed.WaitForAssertion(() =>
        {
            Assert.Equal(2, _taken.Count);
            Assert.Contains("2 new blocks verified in your browser", feed.Find("[data-testid=live-status]").TextContent, StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(10));
        Assert.True(_taken[0].Height < _taken[1].Height);
        Assert.Equal((7, 12_345m, "AQ=="), (_taken[1].Entries.Single().Index, _taken[1].Entries.Single().Amount, _taken[1].Entries.Single().LeafData));
        var calls = module.Invocations.Where(i => i.Identifier == "streamStepInto").ToList();
        Assert.IsType<ElementReference>(calls[0].Arguments[0]);
        Assert.Equal("checkpoint-at-render", calls[0].Arguments[1]);
        Assert.Equal("note", calls[1].Arguments[1]);
    }

    [Fact]
    public async Task Blocks_committed_before_the_page_subscribed_are_read_back_not_skipped()
    {
        using var _ = CultureScope.Use("en");
        var module = JSInterop.SetupModule(BrowserCheck.ModulePath);
        module.Setup<BrowserBlockCheck.StreamStep>("streamStepInto", _ => true).SetResult(new BrowserBlockCheck.StreamStep(true, "note"));
        var renderedAt = _tail.Height;
        await _scenario.FileAsync(10_000m);
        await _scenario.FileAsync(20_000m);
        while (_tail.Height < renderedAt + 2)
        {
            await Task.Delay(20);
        }

        var feed = Render<LiveFeed>(p => p
            .Add(c => c.Checkpoint, "checkpoint-at-render")
            .Add(c => c.AfterHeight, renderedAt)
            .Add(c => c.OnBlock, EventCallback.Factory.Create<FeedBlock>(this, block => _taken.Add(block))));

        feed.WaitForAssertion(() => Assert.Equal([renderedAt + 1, renderedAt + 2], _taken.Select(b => b.Height)), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_block_that_fails_verification_is_not_handed_over_and_the_stream_stops()
    {
        using var _ = CultureScope.Use("en");
        var module = JSInterop.SetupModule(BrowserCheck.ModulePath);
        // The verifier writes the failed checks into the page itself; the component only learns that it failed.
        module.Setup<BrowserBlockCheck.StreamStep>("streamStepInto", _ => true).SetResult(new BrowserBlockCheck.StreamStep(false, "note"));
        var feed = RenderFeed();

        await _scenario.FileAsync(10_000m);
        await _scenario.FileAsync(20_000m);

        feed.WaitForAssertion(() => Assert.Contains("mud-chip-color-error", feed.Find("[data-testid=live-status]").ClassName ?? "", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10));
        // The failure halted the stream before it was shown: no later block is checked or handed over, so no wait
        // for "nothing more arrives" is needed.
        Assert.Empty(_taken);
        var call = Assert.Single(module.Invocations, i => i.Identifier == "streamStepInto");
        Assert.Contains("FAILED verification at block", Assert.IsType<BrowserCheck.Texts>(call.Arguments[4]).Failure, StringComparison.Ordinal);
    }

    private IRenderedComponent<LiveFeed> RenderFeed() => Render<LiveFeed>(p => p
        .Add(c => c.Checkpoint, "checkpoint-at-render")
        .Add(c => c.AfterHeight, _tail.Height)
        .Add(c => c.OnBlock, EventCallback.Factory.Create<FeedBlock>(this, block => _taken.Add(block))));
}
