using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Portal.Ledger.Funds;
using Portal.Tests.Infrastructure;
using Portal.Web.Components;
using Portal.Web.Components.Layout;
using Portal.Web.Components.Shared;
using Portal.Web.Localization;

namespace Portal.Tests.Web.Components;

/// <summary>Components speak the request's culture: Chinese text and ¥ amounts under zh-CN, English and CN¥ under en.</summary>
public sealed class LocalizedComponentsTests : PortalComponentContext
{
    private static readonly PortalTotals Totals = new("CNY", Budget: 3_000_000_000m, Requested: 76_572_000m, Approved: 60_976_000m,
        Disbursed: 58_532_000.50m, Used: 44_748_000m, Beneficiaries: 123_456, Funds: 1);

    [Fact]
    public void Fund_totals_are_in_Chinese_with_yuan_counted_in_ten_thousands_under_zh_CN()
    {
        using var _ = CultureScope.Use("zh-CN");
        var totals = Render<FundTotals>(p => p.Add(c => c.Totals, Totals));

        var text = totals.Find(".mud-grid").TextContent;
        Assert.Contains("预算", text, StringComparison.Ordinal);
        Assert.Contains("受益人数", text, StringComparison.Ordinal);
        Assert.Contains("¥30.00亿", text, StringComparison.Ordinal);
        Assert.Contains("¥5,853.2万", text, StringComparison.Ordinal);
        Assert.Contains("123,456", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Budget", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Fund_totals_are_in_English_with_CN_yuan_under_en()
    {
        using var _ = CultureScope.Use("en");
        var totals = Render<FundTotals>(p => p.Add(c => c.Totals, Totals));

        var text = totals.Find(".mud-grid").TextContent;
        Assert.Contains("Budget", text, StringComparison.Ordinal);
        Assert.Contains("CN¥3.00 billion", text, StringComparison.Ordinal);
        Assert.Contains("CN¥58.5 million", text, StringComparison.Ordinal);
        Assert.DoesNotContain("预算", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_language_switch_offers_Chinese_in_English_and_reloads_the_same_page_through_culture()
    {
        using var _ = CultureScope.Use("en");
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        var navigation = Services.GetRequiredService<BunitNavigationManager>();
        navigation.NavigateTo("/disbursements?region=52");
        var language = Render<LanguageSwitch>();

        var button = language.Find("[data-testid=language]");
        Assert.Equal("中文", button.TextContent.Trim());
        Assert.Equal("Switch the language to 中文", button.GetAttribute("aria-label"));
        button.Click();

        var reload = navigation.History.First();
        Assert.EndsWith("/culture?name=zh-CN&redirectUri=%2Fdisbursements%3Fregion%3D52", reload.Uri, StringComparison.Ordinal);
        Assert.True(reload.Options.ForceLoad);
    }

    [Fact]
    public void The_language_switch_offers_English_in_Chinese_and_is_a_plain_link_where_nothing_is_interactive()
    {
        using var _ = CultureScope.Use("zh-CN");
        SetRendererInfo(new RendererInfo("Static", isInteractive: false));
        var language = Render<LanguageSwitch>();

        var link = language.Find("a[data-testid=language]");
        Assert.Equal("English", link.TextContent.Trim());
        Assert.Equal("将界面语言切换为 English", link.GetAttribute("aria-label"));
        Assert.Equal("/culture?name=en&redirectUri=%2F", link.GetAttribute("href"));
    }
}
