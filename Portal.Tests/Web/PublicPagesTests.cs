using System.Net;
using System.Text.Json;
using System.Net.Http.Json;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Web;

/// <summary>The public pages answer anonymous visitors with their content already rendered on the server.</summary>
public sealed class PublicPagesTests(SeededPortal portal) : IClassFixture<SeededPortal>
{
    private HttpClient Client => portal.Server.Client;

    [Theory]
    [InlineData("/", "Every movement of public money")]
    [InlineData("/disbursements", "Disbursements")]
    [InlineData("/ledger", "The ledger")]
    [InlineData("/verify", "Has history been rewritten?")]
    [InlineData("/account/login", "Sign in")]
    public async Task Public_pages_render_for_anonymous_visitors(string path, string text)
    {
        var response = await Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(text, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_ledger_pages_through_its_blocks_with_links_each_page_its_own_address()
    {
        var newest = await Client.GetStringAsync("/ledger");
        var older = Link(newest, "page-next")!;
        var before = long.Parse(System.Text.RegularExpressions.Regex.Match(older, @"^/ledger\?before=(\d+)$").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"href=\"/ledger/blocks/{before}\"", newest, StringComparison.Ordinal);
        Assert.Null(Link(newest, "page-previous", required: false));

        var second = await Client.GetStringAsync(older);
        Assert.Contains($"href=\"/ledger/blocks/{before - 1}\"", second, StringComparison.Ordinal);
        Assert.DoesNotContain($"href=\"/ledger/blocks/{before}\"", second, StringComparison.Ordinal);
        // Back to the newest blocks: a link, not a history step.
        Assert.Equal("/ledger", Link(second, "page-previous"));
    }

    [Fact]
    public async Task A_large_block_pages_through_its_entries_with_links()
    {
        var block = await Client.GetFromJsonAsync<JsonElement>("/api/ledger/blocks/1");
        var (first, count) = (block.GetProperty("firstIndex").GetInt64(), block.GetProperty("entryCount").GetInt64());
        Assert.True(count > 50, "the demo's second block holds the regions, more than a page of them");

        var page = await Client.GetStringAsync("/ledger/blocks/1");
        Assert.Contains($"href=\"/ledger/entries/{first + 49}\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain($"href=\"/ledger/entries/{first + 50}\"", page, StringComparison.Ordinal);
        Assert.Equal("/ledger/blocks/1?page=2", Link(page, "page-next"));

        var second = await Client.GetStringAsync("/ledger/blocks/1?page=2");
        Assert.Contains($"href=\"/ledger/entries/{first + 50}\"", second, StringComparison.Ordinal);
        Assert.Contains($"51–{Math.Min(100, count)} of {count:N0}", System.Net.WebUtility.HtmlDecode(second), StringComparison.Ordinal);
        Assert.Equal("/ledger/blocks/1", Link(second, "page-previous"));
    }

    [Fact]
    public async Task The_explorer_pages_by_links_that_keep_the_filter_newer_and_older()
    {
        var first = await Client.GetStringAsync("/disbursements?program=education");
        var older = Link(first, "page-next")!;
        Assert.Matches(@"^/disbursements\?program=education&cursor=[A-Za-z0-9_-]+$", older);
        Assert.Null(Link(first, "page-previous", required: false));

        var second = await Client.GetStringAsync(older);
        Assert.Empty(RecordIds(first).Intersect(RecordIds(second)));
        Assert.Equal(25, RecordIds(first).Count);
        Assert.InRange(RecordIds(second).Count, 1, 25);
        Assert.Equal("/disbursements?program=education", Link(second, "page-previous"));
        if (Link(second, "page-next", required: false) is { } third)
        {
            // From the third page, "newer" is the second page again, by its own address.
            Assert.Equal(older, Link(await Client.GetStringAsync(third), "page-previous"));
        }
    }

    private static List<string> RecordIds(string page) =>
        [.. System.Text.RegularExpressions.Regex.Matches(page, "href=\"/disbursements/(\\d+)\"").Select(m => m.Groups[1].Value)];

    // The address of a paging link, or null when the page has none (a disabled button).
    private static string? Link(string page, string testId, bool required = true)
    {
        var match = System.Text.RegularExpressions.Regex.Match(page, $"<a [^>]*href=\"([^\"]+)\"[^>]*data-testid=\"{testId}\"|<a [^>]*data-testid=\"{testId}\"[^>]*href=\"([^\"]+)\"");
        Assert.True(match.Success || !required, $"no {testId} link");
        return match.Success ? System.Net.WebUtility.HtmlDecode(match.Groups[1].Success ? match.Groups[1].Value : match.Groups[2].Value) : null;
    }

    [Fact]
    public async Task The_demo_history_runs_from_the_funds_founding_to_today()
    {
        var size = await portal.Server.TreeSizeAsync();
        var first = await Client.GetFromJsonAsync<JsonElement>("/api/ledger/blocks/1");
        var last = await Client.GetFromJsonAsync<JsonElement>($"/api/ledger/entries/{size - 1}");
        Assert.Equal(new DateTimeOffset(2017, 5, 17, 1, 0, 0, TimeSpan.Zero), first.GetProperty("timestamp").GetDateTimeOffset());
        // This morning's request (09:00 in Guiyang): the live portal goes on from there, on the same clock.
        var latest = last.GetProperty("timestamp").GetDateTimeOffset();
        Assert.InRange(latest, DateTimeOffset.UtcNow.AddDays(-2), DateTimeOffset.UtcNow);
        Assert.Equal("request.filed", last.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Times_are_shown_in_China_Standard_Time_with_the_UTC_instant_on_hover()
    {
        var entry = await Client.GetFromJsonAsync<JsonElement>("/api/ledger/entries/3");
        var recorded = DateTimeOffset.Parse(entry.GetProperty("timestamp").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var china = TimeZoneInfo.ConvertTime(recorded, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));
        var page = await Client.GetStringAsync("/ledger/entries/3");
        Assert.Contains($"title=\"{recorded.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC\"", page, StringComparison.Ordinal);
        // The page encodes the narrow space English puts before AM and PM.
        Assert.Contains($"{china.DateTime.ToString("G", System.Globalization.CultureInfo.GetCultureInfo("en")).Replace("\u202f", "&#x202F;", StringComparison.Ordinal)} Beijing time", page, StringComparison.Ordinal);

        using var chinese = new HttpRequestMessage(HttpMethod.Get, "/ledger/entries/3");
        chinese.Headers.Add("Accept-Language", "zh-CN");
        var zh = await (await Client.SendAsync(chinese)).Content.ReadAsStringAsync();
        Assert.Contains($"北京时间 {china.DateTime.ToString("G", System.Globalization.CultureInfo.GetCultureInfo("zh-CN"))}", zh, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Block_and_entry_pages_show_what_the_api_serves()
    {
        var block = await Client.GetFromJsonAsync<JsonElement>("/api/ledger/blocks/2");
        var page = await Client.GetStringAsync("/ledger/blocks/2");
        Assert.Contains(block.GetProperty("hash").GetString()!, page, StringComparison.Ordinal);
        Assert.Contains(block.GetProperty("treeRoot").GetString()!, page, StringComparison.Ordinal);

        var entry = await Client.GetFromJsonAsync<JsonElement>("/api/ledger/entries/3");
        var entryPage = await Client.GetStringAsync("/ledger/entries/3");
        Assert.Contains(entry.GetProperty("leafHash").GetString()!, entryPage, StringComparison.Ordinal);
        Assert.Contains(entry.GetProperty("kind").GetString()!, entryPage, StringComparison.Ordinal);

        // What does not exist answers 404, as the API does, with the page's own explanation.
        foreach (var (path, text) in new[]
        {
            ("/ledger/blocks/99999999", "No block has height 99999999."),
            ("/ledger/entries/99999999", "No entry has index 99999999."),
            ("/disbursements/99999999", "No disbursement has number 99999999."),
        })
        {
            using var response = await Client.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Contains(text, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }
}
