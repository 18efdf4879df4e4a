using System.Net;
using System.Text.Json;
using System.Net.Http.Json;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Web;

/// <summary>The public pages answer anonymous visitors with their content already rendered on the server.</summary>
public sealed class PublicPagesTests(LedgerApiTests.SeededPortal portal) : IClassFixture<LedgerApiTests.SeededPortal>
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

        Assert.Contains("No block has height 99999999.", await Client.GetStringAsync("/ledger/blocks/99999999"), StringComparison.Ordinal);
        Assert.Contains("No disbursement has number 99999999.", await Client.GetStringAsync("/disbursements/99999999"), StringComparison.Ordinal);
    }
}
