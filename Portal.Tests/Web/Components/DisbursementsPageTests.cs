using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Portal.Ledger.Funds;
using Portal.Tests.Infrastructure;
using Portal.Web.Components.Pages;
using Portal.Web.Localization;

namespace Portal.Tests.Web.Components;

/// <summary>The explorer page reads its filter from the URL and queries a real ledger with it.</summary>
public sealed class DisbursementsPageTests : PortalComponentContext, IAsyncLifetime
{
    private FundScenario _scenario = null!;
    private long _huaxi;

    public async ValueTask InitializeAsync()
    {
        _scenario = await FundScenario.CreateAsync();
        for (var i = 0; i < 3; i++)
        {
            var nanming = await _scenario.ApprovedRequestAsync(10_000m + i);
            await _scenario.Funds.ConfirmDisbursementAsync(FundScenario.Bank, new ConfirmDisbursement(nanming, $"N-{i}", 10_000m + i, null));
        }
        var huaxi = await _scenario.FileAsync(20_000m, region: "520111");
        await _scenario.Funds.ApproveAsync(FundScenario.ApproverFinance, huaxi.Id, null);
        _huaxi = (await _scenario.Funds.ConfirmDisbursementAsync(FundScenario.Bank, new ConfirmDisbursement(huaxi.Id, "H-1", 20_000m, null))).DisbursementId;

        Services.AddSingleton(new OpenDataService(_scenario.Ledger.Store));
        Services.AddSingleton(new FeedbackQueries(_scenario.Ledger.Store));
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await _scenario.DisposeAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public void Without_a_filter_every_record_is_listed_newest_first()
    {
        using var _ = CultureScope.Use("en");
        var page = RenderAt("/disbursements");

        page.WaitForAssertion(() => Assert.Equal(4, page.FindAll("[data-testid=record-link]").Count));
        Assert.Equal($"/disbursements/{_huaxi}", page.FindAll("[data-testid=record-link]")[0].GetAttribute("href"));
        Assert.Contains("4 records", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void A_shared_url_shows_the_same_records_and_the_csv_link_carries_the_filter()
    {
        using var _ = CultureScope.Use("en");
        var page = RenderAt("/disbursements?region=520111&minAmount=15000&from=2017-01-01");

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=record-link]")));
        Assert.Equal($"/disbursements/{_huaxi}", page.Find("[data-testid=record-link]").GetAttribute("href"));
        var csv = page.FindAll("a").Single(a => a.GetAttribute("href")?.Contains("disbursements.csv", StringComparison.Ordinal) == true).GetAttribute("href")!;
        Assert.Contains("region=520111", csv, StringComparison.Ordinal);
        Assert.Contains("minAmount=15000", csv, StringComparison.Ordinal);
        Assert.Contains("from=2017-01-01", csv, StringComparison.Ordinal);
        Assert.Contains("minAmount=15000", page.Find("[data-testid=download-atom]").GetAttribute("href"), StringComparison.Ordinal);
        // The standards' files cannot take amount bounds: offered disabled, with the reason, never without the filter.
        Assert.Null(page.Find("[data-testid=download-iati]").GetAttribute("href"));
        Assert.Null(page.Find("[data-testid=download-ocds]").GetAttribute("href"));
        Assert.Contains("clear the amounts", page.Find("[data-testid=downloads-note]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_download_carries_the_page_s_filter()
    {
        using var _ = CultureScope.Use("en");
        var page = RenderAt("/disbursements?region=520111&program=industry&from=2017-01-01");

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=record-link]")));
        foreach (var (id, path) in new[] { ("csv", "/api/disbursements.csv"), ("iati", "/api/iati/activities.xml"), ("ocds", "/api/ocds/releases.json"), ("atom", "/api/disbursements.atom") })
        {
            var href = page.Find($"[data-testid=download-{id}]").GetAttribute("href")!;
            Assert.Contains(path + "?", href, StringComparison.Ordinal);
            Assert.Contains("region=520111", href, StringComparison.Ordinal);
            Assert.Contains("program=industry", href, StringComparison.Ordinal);
            Assert.Contains("from=2017-01-01", href, StringComparison.Ordinal);
        }
        Assert.Empty(page.FindAll("[data-testid=downloads-note]"));
    }

    [Fact]
    public void A_filter_nothing_matches_says_so()
    {
        using var _ = CultureScope.Use("en");
        var page = RenderAt("/disbursements?region=520111&maxAmount=100");

        page.WaitForAssertion(() => Assert.Contains("No disbursement matches these filters.", page.Markup, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=record-link]"));
    }

    [Theory]
    [InlineData("/disbursements?minAmount=abc", "Amounts are numbers")]
    [InlineData("/disbursements?maxAmount=1e3", "Amounts are numbers")]
    [InlineData("/disbursements?from=31.12.2024", "Days are written as year-month-day")]
    [InlineData("/disbursements?minAmount=500&maxAmount=100", "The minimum amount must not exceed the maximum.")]
    [InlineData("/disbursements?from=2024-02-01&to=2024-01-01", "The first day must not be after the last.")]
    [InlineData("/disbursements?cursor=%C2%BF", "This page of records does not exist")]
    public void A_filter_that_is_not_one_is_explained_and_lists_nothing_as_if_filtered(string url, string message)
    {
        using var _ = CultureScope.Use("en");
        var page = RenderAt(url);

        page.WaitForAssertion(() => Assert.Contains(message, page.Find("[data-testid=filter-error]").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=record-link]"));
    }

    [Fact]
    public void The_form_shows_the_filter_of_the_address()
    {
        using var _ = CultureScope.Use("en");
        var page = RenderAt("/disbursements?region=520111&minAmount=15000&from=2017-01-01");

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=record-link]")));
        Assert.Equal("520111", page.Find("#filter-region option[selected]").GetAttribute("value"));
        Assert.Equal("15000", page.Find("#filter-min").GetAttribute("value"));
        Assert.Equal("2017-01-01", page.Find("#filter-from").GetAttribute("value"));
        Assert.Equal("get", page.Find("form[data-testid=filters]").GetAttribute("method"));
    }

    private IRenderedComponent<Disbursements> RenderAt(string url)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo(url);
        return Render<Disbursements>();
    }
}
