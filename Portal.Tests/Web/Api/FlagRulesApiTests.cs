using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Web.Api;

/// <summary>
/// The red-flag rules over real HTTP: anyone reads every version; only an administrator sets the next one, and a
/// parameter out of range, an unknown field or another role is refused with problem details, appending nothing.
/// </summary>
public sealed class FlagRulesApiTests(SeededPortal portal) : IClassFixture<SeededPortal>
{
    private PortalServer Server => portal.Server;

    [Fact]
    public async Task Anyone_reads_the_versions_and_only_an_administrator_sets_the_next()
    {
        using var anonymous = PortalClient.Anonymous(Server);
        var before = await anonymous.Http.GetFromJsonAsync<JsonElement>("/api/flag-rules", TestContext.Current.CancellationToken);
        var versions = before.GetProperty("items").GetArrayLength();

        using var admin = await PortalClient.SignInAsync(Server, "admin");
        // The rules in force again: refused, there is nothing new to set.
        var inForce = before.GetProperty("items")[0].GetProperty("rules");
        using var unchanged = await admin.PostAsync("/api/flag-rules", inForce);
        Assert.Equal(HttpStatusCode.Conflict, unchanged.StatusCode);
        // One parameter changed, the sample cost-outlier needs: the small demo has no program with 30 filings, so its flags do not change.
        var sample = inForce.GetProperty("costOutlierMinimumSample").GetInt32() + 1;
        using var set = await admin.PostAsync("/api/flag-rules", new { splittingWindowDays = 30, costOutlierMinimumSample = sample });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var receipt = await set.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        var version = receipt.GetProperty("id").GetInt32();

        var after = (await anonymous.Http.GetFromJsonAsync<JsonElement>("/api/flag-rules", TestContext.Current.CancellationToken)).GetProperty("items");
        Assert.Equal(versions + 1, after.GetArrayLength());
        var newest = after[0];
        Assert.Equal(version, newest.GetProperty("version").GetInt32());
        Assert.Equal(receipt.GetProperty("ledgerIndex").GetInt64(), newest.GetProperty("ledgerIndex").GetInt64());
        Assert.Equal(30, newest.GetProperty("rules").GetProperty("splittingWindowDays").GetInt32());
        Assert.Equal(sample, newest.GetProperty("rules").GetProperty("costOutlierMinimumSample").GetInt32());
        Assert.Equal("Asia/Shanghai", newest.GetProperty("rules").GetProperty("timeZone").GetString());
        var entry = await anonymous.Http.GetFromJsonAsync<JsonElement>($"/api/ledger/entries/{newest.GetProperty("ledgerIndex").GetInt64()}", TestContext.Current.CancellationToken);
        Assert.Equal("flag-rules.set", entry.GetProperty("kind").GetString());
    }

    [Theory]
    [InlineData("""{"splittingWindowDays":0}""", HttpStatusCode.BadRequest, "splittingWindowDays")]
    [InlineData("""{"workdayStart":"18:00","workdayEnd":"08:30"}""", HttpStatusCode.BadRequest, "workdayEnd")]
    [InlineData("""{"timeZone":"Mars/Olympus"}""", HttpStatusCode.BadRequest, "timeZone")]
    [InlineData("""{"costOutlierCutoff":"high"}""", HttpStatusCode.BadRequest, "costOutlierCutoff")]
    [InlineData("""{"splittingWindow":10}""", HttpStatusCode.BadRequest, "splittingWindow")]
    public async Task Bad_parameters_are_refused_and_nothing_is_appended(string json, HttpStatusCode status, string named)
    {
        using var admin = await PortalClient.SignInAsync(Server, "admin");
        var size = await Server.TreeSizeAsync();
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/flag-rules") { Content = content, Headers = { { "X-CSRF-TOKEN", admin.AntiforgeryToken } } };
        using var refused = await admin.Http.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(status, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains(named, await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(size, await Server.TreeSizeAsync());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("supervisor")]
    [InlineData("official")]
    public async Task Others_cannot_set_the_rules(string? user)
    {
        using var client = user is null ? PortalClient.Anonymous(Server) : await PortalClient.SignInAsync(Server, user);
        var size = await Server.TreeSizeAsync();
        using var refused = await client.PostAsync("/api/flag-rules", new { splittingWindowDays = 1 }, withAntiforgery: user is not null);
        Assert.Equal(user is null ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(size, await Server.TreeSizeAsync());
    }
}
