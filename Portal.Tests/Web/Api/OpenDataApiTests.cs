using System.Globalization;
using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using Portal.Ledger.Chain;
using Portal.Ledger.Chain.Checkpoints;
using Portal.Ledger.Chain.Merkle;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Web.Api;

/// <summary>The open-data API over real HTTP against the demo data, as a journalist's script would use it.</summary>
public sealed class OpenDataApiTests(SeededPortal portal) : IClassFixture<SeededPortal>
{
    private HttpClient Client => portal.Server.Client;

    [Fact]
    public async Task Fund_totals_name_the_ledger_size_they_reflect_to_any_site()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/funds");
        request.Headers.Add("Origin", "https://auditor.example");
        using var response = await Client.SendAsync(request);
        Assert.Equal((await portal.Server.TreeSizeAsync()).ToString(CultureInfo.InvariantCulture), Assert.Single(response.Headers.GetValues("Ledger-Tree-Size")));
        // Readable by a verifier page on another site, as the totals are.
        Assert.Contains("Ledger-Tree-Size", response.Headers.GetValues("Access-Control-Expose-Headers").Single(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Funds_report_budget_and_flows()
    {
        var funds = await Client.GetFromJsonAsync<JsonElement>("/api/funds");
        var fund = Assert.Single(funds.EnumerateArray());
        foreach (var field in new[] { "id", "name", "currency", "budget", "requested", "approved", "paid", "used" })
        {
            Assert.True(fund.TryGetProperty(field, out _), field);
        }
        Assert.Equal("CNY", fund.GetProperty("currency").GetString());
        var paid = fund.GetProperty("paid").GetDecimal();
        Assert.True(paid > 0);
        Assert.True(fund.GetProperty("used").GetDecimal() <= paid);
        Assert.True(fund.GetProperty("approved").GetDecimal() <= fund.GetProperty("budget").GetDecimal());

        // The fund's paid total is the sum of its disbursement records.
        var rows = await CsvRowsAsync("/api/disbursements.csv?fund=1");
        Assert.Equal(paid, rows.Sum(r => decimal.Parse(r[5], CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task Paging_with_the_cursor_returns_every_record_once_newest_first()
    {
        var seen = new List<(long Id, DateTimeOffset PaidAt)>();
        string? cursor = null;
        do
        {
            var page = await Client.GetFromJsonAsync<JsonElement>($"/api/disbursements?limit=17{(cursor is null ? "" : "&cursor=" + cursor)}");
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => (i.GetProperty("id").GetInt64(), i.GetProperty("paidAt").GetDateTimeOffset())));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);
        Assert.Equal(seen.Count, seen.Select(s => s.Id).Distinct().Count());
        Assert.Equal(seen.OrderByDescending(s => s.PaidAt).ThenByDescending(s => s.Id), seen);
        Assert.Equal((await CsvRowsAsync("/api/disbursements.csv")).Count, seen.Count);
    }

    [Fact]
    public async Task Filters_narrow_the_records()
    {
        var all = await CsvRowsAsync("/api/disbursements.csv");
        var guiyang = await CsvRowsAsync("/api/disbursements.csv?region=5201");
        Assert.NotEmpty(guiyang);
        Assert.All(guiyang, r => Assert.StartsWith("5201", r[2], StringComparison.Ordinal));
        Assert.Equal(all.Count(r => r[2].StartsWith("5201", StringComparison.Ordinal)), guiyang.Count);

        var education = await CsvRowsAsync("/api/disbursements.csv?program=education&minAmount=100000&maxAmount=500000");
        Assert.All(education, r =>
        {
            Assert.Equal("education", r[3]);
            Assert.InRange(decimal.Parse(r[5], CultureInfo.InvariantCulture), 100_000m, 500_000m);
        });

        var june = await Client.GetFromJsonAsync<JsonElement>("/api/disbursements?from=2017-06-01&to=2017-06-30&limit=1000");
        Assert.All(june.GetProperty("items").EnumerateArray(), i =>
            Assert.InRange(i.GetProperty("paidAt").GetDateTimeOffset(), new DateTimeOffset(2017, 6, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2017, 7, 1, 0, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public async Task A_record_s_ledger_indexes_are_proven_in_the_signed_checkpoint_and_its_timeline_comes_from_them()
    {
        var page = await Client.GetFromJsonAsync<JsonElement>("/api/disbursements?limit=1");
        var item = page.GetProperty("items")[0];
        var detail = await Client.GetFromJsonAsync<JsonElement>($"/api/disbursements/{item.GetProperty("id").GetInt64()}");
        var timeline = detail.GetProperty("timeline").EnumerateArray().ToList();
        Assert.Equal("request.filed", timeline[0].GetProperty("kind").GetString());
        Assert.Contains(timeline, s => s.GetProperty("kind").GetString() == "request.approved");
        Assert.Contains(timeline, s => s.GetProperty("kind").GetString() == "disbursement.confirmed" && s.GetProperty("actorRole").GetString() == "Bank");

        var note = await Client.GetStringAsync("/api/ledger/checkpoint");
        var key = Ed25519Note.ParseVerifierKey(await Client.GetStringAsync("/api/ledger/public-key"));
        Assert.True(SignedNote.Parse(note).IsSignedBy(key));
        var checkpoint = Checkpoint.Parse(SignedNote.Parse(note).Text);
        foreach (var index in item.GetProperty("ledgerIndexes").EnumerateArray().Select(i => i.GetInt64()))
        {
            var entry = await Client.GetFromJsonAsync<JsonElement>($"/api/ledger/entries/{index}");
            var step = timeline.FirstOrDefault(s => s.GetProperty("ledgerIndex").GetInt64() == index);
            Assert.Equal(entry.GetProperty("blockHeight").GetInt64(), step.GetProperty("blockHeight").GetInt64());
            var proof = await Client.GetFromJsonAsync<JsonElement>($"/api/ledger/proofs/inclusion?index={index}&treeSize={checkpoint.TreeSize}");
            var path = proof.GetProperty("path").EnumerateArray().Select(h => Convert.FromHexString(h.GetString()!)).ToList();
            ProofVerifier.VerifyInclusion(index, checkpoint.TreeSize, Convert.FromHexString(entry.GetProperty("leafHash").GetString()!), path, checkpoint.RootHash);
        }
    }

    [Theory]
    [InlineData("limit=-1")]
    [InlineData("limit=0")]
    [InlineData("limit=1001")]
    [InlineData("limit=ten")]
    [InlineData("fund=abc")]
    [InlineData("fund=0")]
    [InlineData("fund=-3")]
    [InlineData("region=52x")]
    [InlineData("region=5")]
    [InlineData("program=Industry")]
    [InlineData("department=%27%3B%20DROP%20TABLE%20Disbursements%3B--")]
    [InlineData("from=2017-13-01")]
    [InlineData("from=2017-02-30")]
    [InlineData("from=yesterday")]
    [InlineData("from=2017-07-01&to=2017-06-01")]
    [InlineData("minAmount=-1")]
    [InlineData("minAmount=abc")]
    [InlineData("minAmount=1e5")]
    [InlineData("minAmount=500&maxAmount=100")]
    [InlineData("maxAmount=99999999999999999999999")]
    [InlineData("cursor=not-a-cursor")]
    [InlineData("cursor=MTIzNDU")]
    [InlineData("sort=amount")]
    [InlineData("fund=1&fund=2")]
    public async Task Bad_filters_are_400_problem_details(string query)
    {
        foreach (var path in new[] { "/api/disbursements", "/api/disbursements.csv" })
        {
            if (path.EndsWith(".csv", StringComparison.Ordinal) && query.StartsWith("limit", StringComparison.Ordinal) || path.EndsWith(".csv", StringComparison.Ordinal) && query.StartsWith("cursor", StringComparison.Ordinal))
            {
                continue;
            }
            var response = await Client.GetAsync($"{path}?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        }
    }

    [Fact]
    public async Task Unknown_record_is_404_and_a_non_number_is_400()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/api/disbursements/99999999")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Client.GetAsync("/api/disbursements/abc")).StatusCode);
    }

    [Fact]
    public async Task Api_reference_page_and_document_are_served()
    {
        var document = await Client.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/disbursements", document, StringComparison.Ordinal);
        var page = await Client.GetAsync("/api/reference/v1");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    private async Task<List<string[]>> CsvRowsAsync(string url)
    {
        var response = await Client.GetAsync(url);
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("id,fundId,region,program,department,amount,currency,paidAt,ledgerIndexes", lines[0].TrimEnd('\r'));
        return lines.Skip(1).Select(l => l.TrimEnd('\r').Split(',')).ToList();
    }
}
