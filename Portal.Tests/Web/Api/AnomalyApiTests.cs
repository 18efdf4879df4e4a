using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Web.Api;

/// <summary>
/// The red flags over real HTTP, on the seeded demo: pages that walk the whole list once, filters that select what
/// they name, each flag's ledger entries holding the facts it states, and bad arguments refused by name.
/// </summary>
public sealed class AnomalyApiTests(SeededPortal portal) : IClassFixture<SeededPortal>
{
    private PortalServer Server => portal.Server;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Pages_walk_every_flag_once_newest_first_in_the_contract_shape()
    {
        using var supervisor = await PortalClient.SignInAsync(Server, "supervisor");
        var whole = await WalkAsync(supervisor, "limit=200");
        var paged = await WalkAsync(supervisor, "limit=7");
        Assert.True(paged.Count > 7);
        Assert.Equal(whole.Select(Key), paged.Select(Key));
        Assert.Equal(paged.Count, paged.Select(Key).Distinct().Count());
        var times = paged.Select(i => i.GetProperty("detectedAt").GetDateTimeOffset()).ToList();
        Assert.Equal(times.OrderDescending(), times);
        foreach (var item in paged)
        {
            Assert.Equal(
                ["kind", "fundId", "requestIds", "disbursementIds", "detectedAt", "detail", "ruleVersion", "ledgerIndexes", "score", "id", "review"],
                item.EnumerateObject().Select(p => p.Name));
            Assert.NotEmpty(item.GetProperty("ledgerIndexes").EnumerateArray());
            Assert.InRange(item.GetProperty("score").GetInt32(), 1, 100);
        }
        // Stored and computed flags alike: the small demo plants duplicate payments, and time finds the rest.
        var kinds = paged.Select(i => i.GetProperty("kind").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "duplicate-payment", "usage-missing", "funds-idle", "complaint-unanswered" }, kinds);
    }

    [Fact]
    public async Task Filters_select_what_they_name()
    {
        using var supervisor = await PortalClient.SignInAsync(Server, "supervisor");
        var all = await WalkAsync(supervisor, "limit=200");

        var duplicates = await WalkAsync(supervisor, "kind=duplicate-payment");
        Assert.NotEmpty(duplicates);
        Assert.Equal(all.Where(i => i.GetProperty("kind").GetString() == "duplicate-payment").Select(Key), duplicates.Select(Key));
        Assert.All(duplicates, s => Assert.Equal(2, s.GetProperty("requestIds").GetArrayLength()));

        var idle = await WalkAsync(supervisor, "kind=funds-idle&limit=3");
        Assert.Equal(all.Where(i => i.GetProperty("kind").GetString() == "funds-idle").Select(Key), idle.Select(Key));

        // Every flag names a region under Guizhou (52); none is under Beijing (11).
        Assert.Equal(all.Count(i => i.GetProperty("kind").GetString() != "approval-concentration"), (await WalkAsync(supervisor, "region=52")).Count);
        Assert.Empty(await WalkAsync(supervisor, "region=11&fund=1"));
        Assert.Empty(await WalkAsync(supervisor, "fund=99"));

        // A region's flags are exactly those whose requests were filed for it, whatever their source.
        var unused = (await WalkAsync(supervisor, "kind=usage-missing&limit=1", pages: 1))[0];
        var region = (await FiledRegionAsync(supervisor, unused))!;
        var inRegion = await WalkAsync(supervisor, $"region={region}");
        Assert.Contains(Key(unused), inRegion.Select(Key));
        Assert.Subset(all.Select(Key).ToHashSet(), inRegion.Select(Key).ToHashSet());
        foreach (var item in inRegion)
        {
            var filed = await FiledRegionAsync(supervisor, item);
            Assert.True(filed is null || filed == region, $"{Key(item)} is filed for {filed}, not {region}");
        }

        // A time window keeps the flags detected in it.
        var middle = all[all.Count / 2].GetProperty("detectedAt").GetDateTimeOffset();
        var from = middle.AddDays(-200);
        var window = await WalkAsync(supervisor, $"from={Iso(from)}&to={Iso(middle)}");
        Assert.Equal(
            all.Where(i => i.GetProperty("detectedAt").GetDateTimeOffset() is var t && t >= from && t < middle).Select(Key),
            window.Select(Key));
    }

    [Fact]
    public async Task A_flag_s_ledger_entries_are_the_facts_it_states()
    {
        using var supervisor = await PortalClient.SignInAsync(Server, "supervisor");
        var duplicate = (await WalkAsync(supervisor, "kind=duplicate-payment"))[0];
        var payments = duplicate.GetProperty("disbursementIds").EnumerateArray().Select(d => d.GetInt64()).ToList();
        Assert.Equal(2, payments.Count);
        var entries = new List<JsonElement>();
        foreach (var index in duplicate.GetProperty("ledgerIndexes").EnumerateArray())
        {
            entries.Add(await supervisor.Http.GetFromJsonAsync<JsonElement>($"/api/ledger/entries/{index.GetInt64()}", Ct));
        }
        Assert.All(entries, e => Assert.Equal("disbursement.confirmed", e.GetProperty("kind").GetString()));
        Assert.Equal(payments, entries.Select(e => e.GetProperty("payload").GetProperty("disbursementId").GetInt64()));
        Assert.Equal(duplicate.GetProperty("requestIds").EnumerateArray().Select(r => r.GetInt64()).Order(),
            entries.Select(e => e.GetProperty("payload").GetProperty("requestId").GetInt64()).Order());
        var amounts = entries.Select(e => e.GetProperty("payload").GetProperty("amount").GetDecimal()).Distinct();
        Assert.Single(amounts);

        var usage = (await WalkAsync(supervisor, "kind=usage-missing&limit=1", pages: 1))[0];
        var filing = await supervisor.Http.GetFromJsonAsync<JsonElement>($"/api/ledger/entries/{usage.GetProperty("ledgerIndexes")[0].GetInt64()}", Ct);
        Assert.Equal("request.filed", filing.GetProperty("kind").GetString());
        Assert.Equal(usage.GetProperty("requestIds")[0].GetInt64(), filing.GetProperty("payload").GetProperty("requestId").GetInt64());
    }

    [Fact]
    public async Task A_supervisor_reviews_a_flag_on_the_ledger_and_the_list_shows_what_is_settled()
    {
        using var supervisor = await PortalClient.SignInAsync(Server, "supervisor");
        var duplicate = (await WalkAsync(supervisor, "kind=duplicate-payment&reviewed=false"))[0];
        var id = duplicate.GetProperty("id").GetString()!;
        Assert.Equal($"duplicate-payment:{duplicate.GetProperty("ledgerIndexes")[1].GetInt64()}", id);
        var before = await Server.TreeSizeAsync();

        // Refused, appending nothing: another role, an unknown flag, a wrong outcome, no note.
        using var official = await PortalClient.SignInAsync(Server, "official");
        using (var forbidden = await official.PostAsync("/api/anomalies/reviews", new { flag = id, outcome = "dismissed", note = "Mine" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        }
        foreach (var (body, status) in new (object, HttpStatusCode)[]
        {
            (new { flag = "duplicate-payment:999999999", outcome = "dismissed", note = "No such flag" }, HttpStatusCode.NotFound),
            (new { flag = "usage-missing:999999999", outcome = "dismissed", note = "No such request" }, HttpStatusCode.NotFound),
            (new { flag = "no-such-kind:1", outcome = "dismissed", note = "No such kind" }, HttpStatusCode.NotFound),
            (new { flag = id, outcome = "maybe", note = "Unsure" }, HttpStatusCode.BadRequest),
            (new { flag = id, outcome = "explained", note = "  " }, HttpStatusCode.BadRequest),
        })
        {
            using var refused = await supervisor.PostAsync("/api/anomalies/reviews", body);
            Assert.Equal(status, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }
        Assert.Equal(before, await Server.TreeSizeAsync());

        using var reviewed = await supervisor.PostAsync("/api/anomalies/reviews",
            new { flag = id, outcome = "explained", note = "Two grants to one cooperative, each approved on its own merits." });
        Assert.Equal(HttpStatusCode.Created, reviewed.StatusCode);
        var receipt = await reviewed.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var entry = await supervisor.Http.GetFromJsonAsync<JsonElement>($"/api/ledger/entries/{receipt.GetProperty("ledgerIndex").GetInt64()}", Ct);
        Assert.Equal("anomaly.reviewed", entry.GetProperty("kind").GetString());
        Assert.Equal(id, entry.GetProperty("payload").GetProperty("flag").GetString());

        var settled = await WalkAsync(supervisor, "kind=duplicate-payment&reviewed=true");
        var shown = Assert.Single(settled, i => i.GetProperty("id").GetString() == id);
        var review = shown.GetProperty("review");
        Assert.Equal("explained", review.GetProperty("outcome").GetString());
        Assert.Equal(receipt.GetProperty("ledgerIndex").GetInt64(), review.GetProperty("ledgerIndex").GetInt64());
        Assert.DoesNotContain(await WalkAsync(supervisor, "kind=duplicate-payment&reviewed=false"), i => i.GetProperty("id").GetString() == id);

        // A flag that time raised is reviewed the same way; a second review supersedes the first.
        var unused = (await WalkAsync(supervisor, "kind=usage-missing&reviewed=false&limit=1", pages: 1))[0];
        var unusedId = unused.GetProperty("id").GetString()!;
        Assert.Equal($"usage-missing:{unused.GetProperty("requestIds")[0].GetInt64()}", unusedId);
        foreach (var outcome in new[] { "referred", "dismissed" })
        {
            using var again = await supervisor.PostAsync("/api/anomalies/reviews", new { flag = unusedId, outcome, note = $"Checked: {outcome}." });
            Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        }
        var latest = Assert.Single(await WalkAsync(supervisor, "kind=usage-missing&reviewed=true"), i => i.GetProperty("id").GetString() == unusedId);
        Assert.Equal("dismissed", latest.GetProperty("review").GetProperty("outcome").GetString());
    }

    [Theory]
    [InlineData("kind=bogus", "'kind'")]
    [InlineData("limit=0", "'limit'")]
    [InlineData("limit=201", "'limit'")]
    [InlineData("cursor=not-a-cursor", "'cursor'")]
    [InlineData("from=2026-02-01&to=2026-01-01", "'from'")]
    [InlineData("region=5", "'region'")]
    [InlineData("department=Bad%20Code", "'department'")]
    [InlineData("fund=0", "'fund'")]
    [InlineData("sort=score", "'sort'")]
    [InlineData("reviewed=yes", "'reviewed'")]
    public async Task Bad_arguments_are_refused_by_name(string query, string named)
    {
        using var supervisor = await PortalClient.SignInAsync(Server, "supervisor");
        using var response = await supervisor.Http.GetAsync($"/api/anomalies?{query}", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Contains(named, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static async Task<List<JsonElement>> WalkAsync(PortalClient client, string query, int pages = 1000)
    {
        var items = new List<JsonElement>();
        string? cursor = null;
        for (var page = 0; page < pages; page++)
        {
            var url = $"/api/anomalies?{query}" + (cursor is null ? "" : $"&cursor={cursor}");
            var body = await client.Http.GetFromJsonAsync<JsonElement>(url, Ct);
            items.AddRange(body.GetProperty("items").EnumerateArray());
            if (body.GetProperty("nextCursor").ValueKind == JsonValueKind.Null)
            {
                break;
            }
            cursor = body.GetProperty("nextCursor").GetString();
        }
        return items;
    }

    /// <summary>The region of the first filing among the entries a flag rests on, if it rests on one.</summary>
    private static async Task<string?> FiledRegionAsync(PortalClient client, JsonElement item)
    {
        foreach (var index in item.GetProperty("ledgerIndexes").EnumerateArray())
        {
            var entry = await client.Http.GetFromJsonAsync<JsonElement>($"/api/ledger/entries/{index.GetInt64()}", Ct);
            if (entry.GetProperty("kind").GetString() == "request.filed")
            {
                return entry.GetProperty("payload").GetProperty("region").GetString();
            }
        }
        return null;
    }

    private static string Key(JsonElement item) =>
        $"{item.GetProperty("kind").GetString()}/{item.GetProperty("detectedAt").GetString()}/{string.Join(',', item.GetProperty("requestIds").EnumerateArray().Select(r => r.GetInt64()))}/{item.GetProperty("fundId").GetInt64()}";

    private static string Iso(DateTimeOffset time) => Uri.EscapeDataString(time.ToString("yyyy-MM-ddTHH:mm:ssK", System.Globalization.CultureInfo.InvariantCulture));
}
