using System.Text.Json;
using Bunit;
using Microsoft.AspNetCore.Components;
using Portal.Tests.Infrastructure;
using Portal.Web.Components;
using Portal.Web.Components.Shared;
using Portal.Web.Localization;

namespace Portal.Tests.Web.Components;

/// <summary>
/// The record page's "Verify in my browser", rendered without a circuit: what it hands the browser-side verifier
/// (the entries, what the page shows, its summaries in the page's language), and that it renders no verdict
/// itself. The page script runs the verifier with it; that, and a verifier that cannot run, are tested in Chromium.
/// </summary>
public sealed class VerifyPanelTests : PortalComponentContext
{
    private static readonly long[] Indexes = [12, 40, 41];

    private static readonly ShownValues.Claims Shown = new(7, [new("amount-paid", 41, "amount", "5000.00", "money")], []);

    public VerifyPanelTests()
    {
        JSInterop.Mode = JSRuntimeMode.Strict;
        SetRendererInfo(new RendererInfo("Static", isInteractive: false));
    }

    [Theory]
    [InlineData("en", "All {0} checks passed in your browser: these entries are in the signed ledger, unaltered.")]
    [InlineData("zh-CN", "全部 {0} 项检查均已在您的浏览器中通过：这些条目确在已签名的账本中，且未被篡改。")]
    public void The_panel_carries_the_entries_what_the_page_shows_and_the_page_summaries_and_no_verdict(string culture, string success)
    {
        using var _ = CultureScope.Use(culture);
        var panel = Render<VerifyPanel>(p => p.Add(c => c.Indexes, Indexes).Add(c => c.Shown, Shown));

        var check = panel.Find("[data-check=record]");
        Assert.Equal(Indexes, JsonSerializer.Deserialize<long[]>(check.GetAttribute("data-indexes")!));
        var shown = JsonSerializer.Deserialize<ShownValues.Claims>(check.GetAttribute("data-shown")!, JsonSerializerOptions.Web)!;
        Assert.Equal((Shown.RequestId, Shown.Values.Single()), (shown.RequestId, shown.Values.Single()));
        var texts = JsonSerializer.Deserialize<BrowserCheck.Texts>(check.GetAttribute("data-texts")!, JsonSerializerOptions.Web)!;
        Assert.Equal((success, culture), (texts.Success, texts.Lang));
        // The button works without a circuit: the page script runs the check.
        Assert.False(panel.Find("[data-testid=verify]").HasAttribute("disabled"));
        Assert.NotNull(panel.Find("[data-testid=verify] [data-check-run], [data-testid=verify][data-check-run]"));
        // The server writes no verdict: the element stays the browser's.
        Assert.Empty(panel.Find("[data-testid=verify-results]").Children);
        Assert.Empty(panel.FindAll("[data-testid=verify-result]"));
    }
}
