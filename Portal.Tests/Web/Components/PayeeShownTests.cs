using Bunit;
using Portal.Ledger.Funds;
using Portal.Tests.Infrastructure;
using Portal.Web.Components.Shared;

namespace Portal.Tests.Web.Components;

/// <summary>
/// A record names an organisation it paid, never an individual: for an individual it shows what the ledger holds
/// instead (the salted commitment), and once the name is erased, when, why and the entry that says so.
/// </summary>
public sealed class PayeeShownTests : PortalComponentContext
{
    private const string Commitment = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    [Fact]
    public void An_organisation_is_named()
    {
        using var _ = CultureScope.Use("en");
        var shown = Render<PayeeShown>(p => p.Add(c => c.Payee, new PayeeView(PayeeTypes.Organization, "Nanming Road Works Co.", null, null)));

        Assert.Equal("Nanming Road Works Co.", shown.Markup.Trim());
    }

    [Fact]
    public void An_individual_is_withheld_and_the_commitment_is_shown_in_its_place()
    {
        using var _ = CultureScope.Use("en");
        var shown = Render<PayeeShown>(p => p.Add(c => c.Payee, new PayeeView(PayeeTypes.Individual, null, Commitment, null)));

        Assert.Contains("Individual (withheld)", shown.Markup, StringComparison.Ordinal);
        var hash = shown.Find("code.hash");
        Assert.Equal(Commitment, hash.GetAttribute("title"));
        Assert.Equal(Commitment[..16] + "…", hash.TextContent);
        Assert.Empty(shown.FindAll("[data-testid=payee-erased]"));
    }

    [Fact]
    public void An_erased_name_says_when_why_and_which_entry_recorded_it()
    {
        using var _ = CultureScope.Use("en");
        var erased = new PayeeErasure(new DateTimeOffset(2026, 11, 20, 9, 30, 0, TimeSpan.Zero), "Asked by the person <b>paid</b>", 4_321);
        var shown = Render<PayeeShown>(p => p.Add(c => c.Payee, new PayeeView(PayeeTypes.Individual, null, Commitment, erased)));

        var line = shown.Find("[data-testid=payee-erased]");
        Assert.Contains("Name erased on", line.TextContent, StringComparison.Ordinal);
        Assert.Contains("2026", line.TextContent, StringComparison.Ordinal);
        Assert.Contains("Asked by the person <b>paid</b>", line.TextContent, StringComparison.Ordinal);
        Assert.Empty(line.GetElementsByTagName("b"));
        Assert.Equal("/ledger/entries/4321", line.QuerySelector("a")!.GetAttribute("href"));
        Assert.Empty(shown.FindAll("code.hash"));
    }

    [Fact]
    public void The_withheld_payee_speaks_Chinese_under_zh_CN()
    {
        using var _ = CultureScope.Use("zh-CN");
        var shown = Render<PayeeShown>(p => p.Add(c => c.Payee, new PayeeView(PayeeTypes.Individual, null, Commitment, null)));

        Assert.Contains("个人（不公开）", shown.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("withheld", shown.Markup, StringComparison.Ordinal);
    }
}
