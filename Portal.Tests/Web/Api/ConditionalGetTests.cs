using System.Net;
using System.Net.Http.Headers;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Web.Api;

/// <summary>
/// Open-data answers and exports carry validators a cache can use (the ledger size as ETag, the head block's commit
/// time as Last-Modified, no-cache); a client whose copy is current gets 304; a new block makes it stale. Every page
/// says how fresh its data is.
/// </summary>
public sealed class ConditionalGetTests(SeededPortal portal) : IClassFixture<SeededPortal>
{
    private HttpClient Client => portal.Server.Client;

    [Theory]
    [InlineData("/api/funds")]
    [InlineData("/api/disbursements?region=52&limit=5")]
    [InlineData("/api/disbursements.csv?program=education")]
    public async Task An_answer_is_validated_by_the_ledger_size_and_a_current_copy_gets_304(string path)
    {
        using var first = await Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var size = await portal.Server.TreeSizeAsync();
        Assert.Equal($"\"ledger-{size}\"", first.Headers.ETag!.Tag);
        Assert.True(first.Headers.CacheControl!.NoCache);
        var modified = first.Content.Headers.LastModified!.Value;

        using var again = new HttpRequestMessage(HttpMethod.Get, path);
        again.Headers.IfNoneMatch.Add(first.Headers.ETag);
        using var revalidated = await Client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        Assert.Empty(await revalidated.Content.ReadAsByteArrayAsync());
        Assert.Equal(first.Headers.ETag, revalidated.Headers.ETag);

        using var byDate = new HttpRequestMessage(HttpMethod.Get, path);
        byDate.Headers.IfModifiedSince = modified;
        Assert.Equal(HttpStatusCode.NotModified, (await Client.SendAsync(byDate)).StatusCode);
    }

    [Fact]
    public async Task A_new_block_makes_a_copy_stale_and_a_refusal_carries_no_validator()
    {
        using var first = await Client.GetAsync("/api/funds");
        await portal.Server.FileRequestAsync("Revalidated");
        using var again = new HttpRequestMessage(HttpMethod.Get, "/api/funds");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var fresh = await Client.SendAsync(again);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.NotEqual(first.Headers.ETag, fresh.Headers.ETag);
        Assert.Equal($"\"ledger-{await portal.Server.TreeSizeAsync()}\"", fresh.Headers.ETag!.Tag);

        using var refused = await Client.GetAsync("/api/disbursements?limit=abc");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Null(refused.Headers.ETag);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/disbursements")]
    [InlineData("/ledger")]
    [InlineData("/verify")]
    public async Task Every_public_page_says_how_fresh_its_data_is(string path)
    {
        var size = await portal.Server.TreeSizeAsync();
        var page = await Client.GetStringAsync(path);
        Assert.Matches($"Data as of block [\\d,]+, tree size {size:N0}, committed", page);
        Assert.Contains("Beijing time", page, StringComparison.Ordinal);
    }
}
