using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Web;

/// <summary>
/// Public pages as a browser, a reverse proxy or a CDN sees them: validators keyed by the ledger (and the language
/// and theme a page is in), 304 for a current copy, a year for what can never change, no-cache for the rest,
/// nothing shared of a signed-in visitor's pages; and the server's own output cache answering repeated reads.
/// </summary>
public sealed class PublicPageCachingTests(SeededPortal portal) : IClassFixture<SeededPortal>
{
    private HttpClient Client => portal.Server.Client;

    [Theory]
    [InlineData("/")]
    [InlineData("/disbursements?program=education")]
    [InlineData("/ledger")]
    [InlineData("/verify")]
    [InlineData("/fragments/home")]
    public async Task A_changing_page_is_no_cache_with_a_validator_a_current_copy_gets_304_and_a_new_block_makes_it_stale(string path)
    {
        using var first = await Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.True(first.Headers.CacheControl!.NoCache);
        Assert.False(first.Headers.CacheControl.Public);
        Assert.Contains("Cookie", first.Headers.Vary);
        Assert.Contains("Accept-Language", first.Headers.Vary);
        var etag = first.Headers.ETag!;

        using var current = await RevalidateAsync(path, etag);
        Assert.Equal(HttpStatusCode.NotModified, current.StatusCode);
        Assert.Equal(etag, current.Headers.ETag);

        await portal.Server.FileRequestAsync($"Stale {path}");
        await WaitForAsync(async () => (await RevalidateAsync(path, etag)).StatusCode == HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_same_page_in_another_language_or_theme_is_another_version()
    {
        using var english = await Client.GetAsync("/ledger");
        using var chinese = await SendAsync("/ledger", r => r.Headers.AcceptLanguage.ParseAdd("zh-CN"));
        using var dark = await SendAsync("/ledger", r => r.Headers.Add("Cookie", "portal-theme=dark"));

        Assert.Equal(3, new[] { english, chinese, dark }.Select(r => r.Headers.ETag!.Tag).Distinct().Count());
        Assert.Contains("lang=\"zh-CN\"", await chinese.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("data-theme=\"dark\"", await dark.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // And the English copy's validator does not pass for the Chinese page.
        using var mismatched = await SendAsync("/ledger", r =>
        {
            r.Headers.AcceptLanguage.ParseAdd("zh-CN");
            r.Headers.IfNoneMatch.Add(english.Headers.ETag!);
        });
        Assert.Equal(HttpStatusCode.OK, mismatched.StatusCode);
    }

    [Fact]
    public async Task Blocks_and_entries_are_cached_for_a_year_and_records_which_gather_feedback_are_revalidated()
    {
        foreach (var path in new[] { "/ledger/blocks/1", "/ledger/entries/3" })
        {
            using var response = await Client.GetAsync(path);
            Assert.Equal("public, max-age=31536000, immutable", response.Headers.CacheControl!.ToString());
        }
        using var missing = await Client.GetAsync("/ledger/blocks/99999999");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.True(missing.Headers.CacheControl!.NoCache);
        Assert.Null(missing.Headers.ETag);

        // A record shows the feedback citizens leave on it, which can come at any time, even on a closed request:
        // revalidated like every page whose content grows.
        var (closed, open) = await ClosedAndOpenRecordsAsync();
        foreach (var record in new[] { closed, open })
        {
            using var page = await Client.GetAsync($"/disbursements/{record}");
            Assert.True(page.Headers.CacheControl!.NoCache);
            Assert.False(page.Headers.CacheControl.Public);
        }
    }

    [Fact]
    public async Task A_signed_in_visitors_pages_are_private_and_never_come_from_the_shared_cache()
    {
        using var anonymous = await Client.GetAsync("/ledger");
        using var official = await PortalClient.SignInAsync(portal.Server, "official");

        using var page = await official.Http.GetAsync("/ledger");

        Assert.True(page.Headers.CacheControl is { Private: true, NoCache: true, Public: false });
        Assert.Null(page.Headers.ETag);
        Assert.Null(page.Headers.Age);
        Assert.Contains("Sign out", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/ledger?before=3")]
    [InlineData("/api/funds")]
    [InlineData("/api/disbursements?limit=3")]
    public async Task Repeated_anonymous_reads_are_answered_from_the_output_cache_until_the_ledger_grows(string path)
    {
        using var first = await Client.GetAsync(path);
        var body = await first.Content.ReadAsStringAsync();
        await WaitForAsync(async () =>
        {
            using var again = await Client.GetAsync(path);
            return again.Headers.Age is not null && await again.Content.ReadAsStringAsync() == body;
        });

        // A new block is a new version: the cached copy of the old one is not served for it.
        await portal.Server.FileRequestAsync($"Uncached {path}");
        await WaitForAsync(async () =>
        {
            using var fresh = await Client.GetAsync(path);
            return fresh.Headers.ETag != first.Headers.ETag;
        });
    }

    private async Task<(long Closed, long Open)> ClosedAndOpenRecordsAsync()
    {
        long? closed = null, open = null;
        string? cursor = null;
        while (closed is null || open is null)
        {
            var page = await Client.GetFromJsonAsync<JsonElement>($"/api/disbursements?limit=100{(cursor is null ? "" : "&cursor=" + cursor)}");
            foreach (var item in page.GetProperty("items").EnumerateArray())
            {
                var record = await Client.GetFromJsonAsync<JsonElement>($"/api/disbursements/{item.GetProperty("id")}");
                var (requested, paid, used, returned) = (record.GetProperty("requestedAmount").GetDecimal(), record.GetProperty("requestDisbursed").GetDecimal(),
                    record.GetProperty("requestUsed").GetDecimal(), record.GetProperty("requestReturned").GetDecimal());
                if (paid >= requested && used + returned >= paid)
                {
                    closed ??= record.GetProperty("id").GetInt64();
                }
                else
                {
                    open ??= record.GetProperty("id").GetInt64();
                }
                if (closed is not null && open is not null)
                {
                    break;
                }
            }
            cursor = page.GetProperty("nextCursor").GetString() ?? throw new InvalidOperationException("the demo has no closed or no open request");
        }
        return (closed.Value, open.Value);
    }

    private async Task<HttpResponseMessage> RevalidateAsync(string path, System.Net.Http.Headers.EntityTagHeaderValue etag) =>
        await SendAsync(path, r => r.Headers.IfNoneMatch.Add(etag));

    private async Task<HttpResponseMessage> SendAsync(string path, Action<HttpRequestMessage> setUp)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        setUp(request);
        return await Client.SendAsync(request);
    }

    // The portal follows its own commits within a poll of the ledger (250 ms).
    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within 10 s");
            await Task.Delay(100);
        }
    }
}
