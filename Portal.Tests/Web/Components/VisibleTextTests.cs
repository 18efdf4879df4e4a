using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Portal.Ledger.Chain;
using Portal.Ledger.Funds;
using Portal.Ledger.Storage;
using Portal.Tests.Infrastructure;
using Portal.Web.Components.Pages;
using Portal.Web.Components.Shared;
using Portal.Web.Localization;

namespace Portal.Tests.Web.Components;

/// <summary>
/// Hidden characters that old entries hold (recorded before the rules refused them) are shown as markers such as
/// ⟨U+202E⟩, never applied: the pages cannot display a text other than it is recorded.
/// </summary>
public sealed class VisibleTextTests : PortalComponentContext, IAsyncLifetime
{
    private const string Override = "\u202E";
    private const string OldPurpose = "Road repair " + Override + "sdnuf fo esusim";

    private FundScenario _scenario = null!;

    public async ValueTask InitializeAsync()
    {
        _scenario = await FundScenario.CreateAsync();
        Services.AddSingleton(new OpenDataService(_scenario.Ledger.Store));
        Services.AddSingleton(new FeedbackQueries(_scenario.Ledger.Store));
        Services.AddSingleton(_scenario.Ledger.Reader);
        Services.AddScoped<Portal.Web.Caching.PageCaching>();
        // As the prerendered page a citizen first receives.
        SetRendererInfo(new RendererInfo("Static", isInteractive: false));
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await _scenario.DisposeAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public void An_override_is_shown_as_a_marker_and_the_text_around_it_keeps_its_order()
    {
        using var _ = CultureScope.Use("en");
        var text = Render<VisibleText>(p => p.Add(c => c.Value, OldPurpose));

        Assert.DoesNotContain(Override, text.Markup, StringComparison.Ordinal);
        var marker = text.Find("span.hidden-char");
        Assert.Equal("⟨U+202E⟩", marker.TextContent);
        Assert.Equal("ltr", marker.GetAttribute("dir"));
        Assert.Equal("Hidden character U+202E RIGHT-TO-LEFT OVERRIDE, kept in the recorded text and shown here instead of applied", marker.GetAttribute("title"));
        Assert.Equal("Road repair ⟨U+202E⟩sdnuf fo esusim", string.Concat(text.Nodes.Select(n => n.TextContent)));
    }

    [Fact]
    public void Each_of_several_hidden_characters_gets_its_own_marker()
    {
        var text = Render<VisibleText>(p => p.Add(c => c.Value, "a\u200Bb\U000E0041c\u2066"));

        Assert.Equal(["⟨U+200B⟩", "⟨U+E0041⟩", "⟨U+2066⟩"], text.FindAll("span.hidden-char").Select(s => s.TextContent));
        Assert.Equal("a⟨U+200B⟩b⟨U+E0041⟩c⟨U+2066⟩", string.Concat(text.Nodes.Select(n => n.TextContent)));
    }

    [Fact]
    public void Clean_Chinese_and_English_text_is_rendered_as_it_is()
    {
        const string clean = "为花溪区合作社修建温室大棚，共120户受益。Greenhouses — “phase 2”.";
        var text = Render<VisibleText>(p => p.Add(c => c.Value, clean));

        Assert.Empty(text.FindAll("span"));
        Assert.Equal(clean, string.Concat(text.Nodes.Select(n => n.TextContent)));
    }

    [Fact]
    public void In_Chinese_the_marker_is_explained_in_Chinese()
    {
        using var _ = CultureScope.Use("zh-CN");
        var text = Render<VisibleText>(p => p.Add(c => c.Value, "a\u200Bb"));

        Assert.StartsWith("隐藏字符 U+200B ZERO WIDTH SPACE", text.Find("span.hidden-char").GetAttribute("title"), StringComparison.Ordinal);
    }

    [Fact]
    public void Where_markup_cannot_go_names_carry_the_same_marker_as_plain_text()
    {
        using var _ = CultureScope.Use("en");

        Assert.Equal("Road repair ⟨U+202E⟩sdnuf fo esusim", VisibleText.Plain(OldPurpose));
        Assert.Equal("Nanming⟨U+200B⟩ District", Names.Of("南明区", "Nanming\u200B District"));
        Assert.Equal("", VisibleText.Plain(null));
    }

    [Fact]
    public async Task An_old_request_whose_purpose_holds_an_override_shows_the_marker_on_its_record_page()
    {
        using var _ = CultureScope.Use("en");
        var disbursement = await OldPaidRequestAsync(OldPurpose);

        var page = Render<Portal.Web.Components.Pages.DisbursementRecord>(p => p.Add(c => c.Id, disbursement));

        page.WaitForAssertion(() => Assert.Equal("Road repair ⟨U+202E⟩sdnuf fo esusim", page.Find("[data-testid=purpose]").TextContent));
        Assert.Equal("⟨U+202E⟩", page.Find("[data-testid=purpose] span.hidden-char").TextContent);
        Assert.DoesNotContain(Override, page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_old_entry_page_shows_the_recorded_payload_without_applying_the_override()
    {
        using var _ = CultureScope.Use("en");
        var index = (await OldRequestAsync(OldPurpose)).Index;

        var page = Render<LedgerEntryPage>(p => p.Add(c => c.Index, index));

        page.WaitForAssertion(() => Assert.Contains("Road repair", page.Find("[data-testid=payload]").TextContent, StringComparison.Ordinal));
        var payload = page.Find("[data-testid=payload]").TextContent;
        Assert.DoesNotContain(Override, page.Markup, StringComparison.Ordinal);
        Assert.Contains("Road repair ⟨U+202E⟩sdnuf fo esusim", payload, StringComparison.Ordinal);
    }

    /// <summary>
    /// A request.filed entry as the rules wrote it before they refused hidden characters: appended as it stands, and
    /// projected into the read models like any other entry.
    /// </summary>
    private async Task<(long Index, long RequestId)> OldRequestAsync(string purpose)
    {
        long requestId;
        await using (var db = _scenario.Ledger.Store.CreateContext())
        {
            requestId = ((await db.Set<SequenceRecord>().FindAsync(FundSequences.Request))?.Value ?? 0) + 1;
        }
        var filed = new RequestFiled(requestId, _scenario.FundId, "industry", "520102", FundScenario.Official.Department!, 50_000m, purpose, 10, null);
        var receipt = await _scenario.Ledger.Writer.AppendAsync(new EntryDraft(FundEvents.RequestFiled, FundScenario.Official.Id, FundEvents.Serialize(filed)));
        return (receipt.Index, requestId);
    }

    private async Task<long> OldPaidRequestAsync(string purpose)
    {
        var (_, id) = await OldRequestAsync(purpose);
        await _scenario.Funds.ApproveAsync(FundScenario.ApproverFinance, id, "ok");
        return (await _scenario.Funds.ConfirmDisbursementAsync(FundScenario.Bank, new ConfirmDisbursement(id, "OLD-1", 50_000m, null))).DisbursementId;
    }
}
