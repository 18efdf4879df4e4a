using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Xml.Linq;
using Portal.Tests.Infrastructure;
using Portal.Web.Api.Exports;

namespace Portal.Tests.Web.Api.Exports;

/// <summary>
/// The standards' exports of the demo over real HTTP, as an analyst downloads them: valid against the official
/// schemas, adding up to the fund totals, and each naming the ledger state it reflects.
/// </summary>
public sealed class OpenDataExportTests(SeededPortal portal) : IClassFixture<SeededPortal>
{
    private HttpClient Client => portal.Server.Client;

    [Fact]
    public async Task Iati_activities_of_the_demo_are_valid_and_name_their_ledger_state()
    {
        using var response = await Client.GetAsync("/api/iati/activities.xml");
        response.EnsureSuccessStatusCode();
        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        var (size, hash) = await StateAsync(response);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Empty(OpenDataSchemas.IatiErrors(new MemoryStream(bytes), IatiActivities.PortalNamespace));

        var xml = XDocument.Load(new MemoryStream(bytes));
        Assert.Equal("2.03", xml.Root!.Attribute("version")!.Value);
        XNamespace portalNs = IatiActivities.PortalNamespace;
        var state = xml.Root.Element(portalNs + "ledger-state")!;
        Assert.Equal(size.ToString(CultureInfo.InvariantCulture), state.Element(portalNs + "tree-size")!.Value);
        Assert.Equal(hash, state.Element(portalNs + "checkpoint-sha256")!.Value);
        Assert.Contains(hash, xml.Root.Nodes().OfType<XComment>().Single().Value, StringComparison.Ordinal);
        var activities = xml.Root.Elements("iati-activity").ToList();
        // One activity per request, as the OCDS package has one contracting process per request.
        Assert.Equal(await ContractingProcessesAsync(), activities.Count);
        Assert.All(activities, a => Assert.StartsWith("XI-IATI-PORTAL-DEMO-1-", a.Element("iati-identifier")!.Value, StringComparison.Ordinal));
        Assert.All(activities.SelectMany(a => a.Elements("transaction")), t => Assert.True(long.Parse(t.Attribute("ref")!.Value, CultureInfo.InvariantCulture) < size));
    }

    [Fact]
    public async Task Ocds_releases_of_the_demo_are_valid_and_name_their_ledger_state()
    {
        using var response = await Client.GetAsync("/api/ocds/releases.json?program=education");
        response.EnsureSuccessStatusCode();
        var (size, hash) = await StateAsync(response);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Empty(await OpenDataSchemas.OcdsErrorsAsync(text));
        var package = JsonDocument.Parse(text).RootElement;
        Assert.Equal("1.1", package.GetProperty("version").GetString());
        Assert.Equal("https://creativecommons.org/licenses/by/4.0/", package.GetProperty("license").GetString());
        Assert.EndsWith($"/api/ocds/releases.json?program=education&treeSize={size}", package.GetProperty("uri").GetString(), StringComparison.Ordinal);
        Assert.Equal(size, package.GetProperty("ledgerState").GetProperty("treeSize").GetInt64());
        Assert.Equal(hash, package.GetProperty("ledgerState").GetProperty("checkpointSha256").GetString());
        Assert.All(package.GetProperty("releases").EnumerateArray(), r => Assert.StartsWith("ocds-pdemo1-", r.GetProperty("ocid").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Each_format_adds_up_to_the_fund_totals()
    {
        using var fundsResponse = await Client.GetAsync("/api/funds");
        var size = long.Parse(fundsResponse.Headers.GetValues("Ledger-Tree-Size").Single(), CultureInfo.InvariantCulture);
        var fund = (await fundsResponse.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Single();
        decimal Total(string name) => fund.GetProperty(name).GetDecimal();

        var xml = XDocument.Parse(await Client.GetStringAsync($"/api/iati/activities.xml?fund=1&treeSize={size}"));
        var transactions = xml.Descendants("transaction")
            .Select(t => (Type: t.Element("transaction-type")!.Attribute("code")!.Value, Value: decimal.Parse(t.Element("value")!.Value, CultureInfo.InvariantCulture)))
            .ToList();
        var returned = -transactions.Where(t => t.Type == "3" && t.Value < 0).Sum(t => t.Value);
        Assert.Equal(Total("requested"), xml.Descendants("budget").Sum(b => decimal.Parse(b.Element("value")!.Value, CultureInfo.InvariantCulture)));
        Assert.Equal(Total("approved"), transactions.Where(t => t.Type == "2").Sum(t => t.Value) - returned);
        Assert.Equal(Total("paid"), transactions.Where(t => t.Type == "3" && t.Value > 0).Sum(t => t.Value));
        Assert.Equal(Total("used"), transactions.Where(t => t.Type == "4").Sum(t => t.Value));

        var releases = JsonDocument.Parse(await Client.GetStringAsync($"/api/ocds/releases.json?fund=1&treeSize={size}")).RootElement.GetProperty("releases").EnumerateArray().ToList();
        var implementation = releases.Where(r => r.GetProperty("tag")[0].GetString() == "implementation")
            .Select(r => r.GetProperty("contracts")[0].GetProperty("implementation")).ToList();
        var payments = implementation.SelectMany(i => i.GetProperty("transactions").EnumerateArray()).Select(t => t.GetProperty("value").GetProperty("amount").GetDecimal()).ToList();
        Assert.Equal(Total("requested"), releases.Where(r => r.TryGetProperty("planning", out _))
            .Sum(r => r.GetProperty("planning").GetProperty("budget").GetProperty("amount").GetProperty("amount").GetDecimal()));
        Assert.Equal(Total("paid"), payments.Where(p => p > 0).Sum());
        Assert.Equal(returned, -payments.Where(p => p < 0).Sum());
        Assert.Equal(Total("used"), implementation.SelectMany(i => i.GetProperty("usageReports").EnumerateArray()).Sum(u => u.GetProperty("value").GetProperty("amount").GetDecimal()));

        var csv = (await Client.GetStringAsync($"/api/disbursements.csv?fund=1&treeSize={size}")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1);
        Assert.Equal(Total("paid"), csv.Sum(line => decimal.Parse(line.Split(',')[5], CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task A_csv_manifest_describes_the_exact_download_it_pins()
    {
        var manifest = await Client.GetFromJsonAsync<JsonElement>("/api/disbursements.csv?region=5201&manifest=true");
        var size = manifest.GetProperty("treeSize").GetInt64();
        var download = manifest.GetProperty("download").GetString()!;
        Assert.Equal($"/api/disbursements.csv?region=5201&treeSize={size}", download);
        Assert.Equal($"/api/ledger/checkpoints/{size}", manifest.GetProperty("checkpoint").GetString());

        using var response = await Client.GetAsync(download);
        var (headerSize, hash) = await StateAsync(response);
        Assert.Equal(size, headerSize);
        Assert.Equal(hash, manifest.GetProperty("checkpointSha256").GetString());
        Assert.Contains($"disbursements-{size}.csv", response.Content.Headers.ContentDisposition?.ToString(), StringComparison.Ordinal);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(manifest.GetProperty("sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(bytes)));
        Assert.Equal(manifest.GetProperty("bytes").GetInt64(), bytes.LongLength);
        Assert.Equal(manifest.GetProperty("records").GetInt64(), bytes.Count(b => b == '\n') - 1);
    }

    [Fact]
    public async Task The_atom_feed_lists_the_newest_records_of_its_filter()
    {
        using var response = await Client.GetAsync("/api/disbursements.atom?region=5201");
        response.EnsureSuccessStatusCode();
        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType?.MediaType);
        var (size, _) = await StateAsync(response);
        XNamespace atom = "http://www.w3.org/2005/Atom";
        var feed = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!;
        Assert.EndsWith("/api/disbursements.atom?region=5201", feed.Element(atom + "id")!.Value, StringComparison.Ordinal);
        var page = await Client.GetFromJsonAsync<JsonElement>($"/api/disbursements?region=5201&limit={DisbursementsAtom.Entries}&treeSize={size}");
        var expected = page.GetProperty("items").EnumerateArray().Select(i => $"/disbursements/{i.GetProperty("id").GetInt64()}").ToList();
        var entries = feed.Elements(atom + "entry").ToList();
        Assert.Equal(expected.Count, entries.Count);
        Assert.All(entries.Zip(expected), pair => Assert.EndsWith(pair.Second, pair.First.Element(atom + "id")!.Value, StringComparison.Ordinal));
        Assert.All(entries, e => Assert.False(string.IsNullOrWhiteSpace(e.Element(atom + "title")!.Value)));
        Assert.EndsWith("/disbursements?region=5201", Alternate(feed), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_feed_links_the_explorer_page_only_when_the_page_can_say_its_dates()
    {
        XNamespace atom = "http://www.w3.org/2005/Atom";
        // The explorer's own feed links bound whole days in the funds' time zone: the page says the same days.
        var days = XDocument.Parse(await Client.GetStringAsync("/api/disbursements.atom?from=2018-01-01T00:00:00%2B08:00&to=2018-07-01T00:00:00%2B08:00")).Root!;
        Assert.EndsWith("/disbursements?from=2018-01-01&to=2018-06-30", Alternate(days), StringComparison.Ordinal);
        // A UTC day starts at 08:00 there: no page lists exactly that, so none is linked.
        var utc = XDocument.Parse(await Client.GetStringAsync("/api/disbursements.atom?from=2018-01-01")).Root!;
        Assert.Null(utc.Elements(atom + "link").FirstOrDefault(l => l.Attribute("rel")?.Value == "alternate"));
    }

    private static string Alternate(XElement feed) =>
        feed.Elements(XNamespace.Get("http://www.w3.org/2005/Atom") + "link").Single(l => l.Attribute("rel")?.Value == "alternate").Attribute("href")!.Value;

    [Fact]
    public async Task The_checkpoint_an_export_names_is_served_at_its_size_and_never_changes()
    {
        using var response = await Client.GetAsync("/api/disbursements?limit=1");
        var (size, _) = await StateAsync(response);
        using var checkpoint = await Client.GetAsync($"/api/ledger/checkpoints/{size}");
        Assert.Contains("immutable", checkpoint.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        Assert.Equal($"{size}", (await checkpoint.Content.ReadAsStringAsync()).Split('\n')[1]);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/api/ledger/checkpoints/{size + 1}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Client.GetAsync("/api/ledger/checkpoints/ten")).StatusCode);
    }

    [Theory]
    [InlineData("/api/iati/activities.xml?minAmount=5", HttpStatusCode.BadRequest, "minAmount")]
    [InlineData("/api/ocds/releases.json?treeSize=abc", HttpStatusCode.BadRequest, "treeSize")]
    [InlineData("/api/disbursements.csv?manifest=yes", HttpStatusCode.BadRequest, "manifest")]
    [InlineData("/api/disbursements.atom?cursor=x", HttpStatusCode.BadRequest, "cursor")]
    [InlineData("/api/iati/activities.xml?treeSize=999999999", HttpStatusCode.NotFound, "999999999")]
    [InlineData("/api/disbursements?treeSize=999999999", HttpStatusCode.NotFound, "999999999")]
    [InlineData("/api/iati/activities.xml?region=53", HttpStatusCode.NotFound, "No request matches")]
    public async Task Bad_arguments_and_unknown_states_are_problem_details(string url, HttpStatusCode status, string mentioned)
    {
        using var response = await Client.GetAsync(url);
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(mentioned, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cursor_keeps_its_listing_s_state_and_refuses_another()
    {
        using var first = await Client.GetAsync("/api/disbursements?limit=3");
        var (size, _) = await StateAsync(first);
        var cursor = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("nextCursor").GetString();
        using var next = await Client.GetAsync($"/api/disbursements?limit=3&cursor={cursor}");
        Assert.Equal(size, (await StateAsync(next)).Size);
        using var conflict = await Client.GetAsync($"/api/disbursements?limit=3&cursor={cursor}&treeSize={size - 1}");
        Assert.Equal(HttpStatusCode.BadRequest, conflict.StatusCode);
    }

    /// <summary>The state the headers name, checked against the checkpoint served at that size.</summary>
    private async Task<(long Size, string Hash)> StateAsync(HttpResponseMessage response)
    {
        var size = long.Parse(response.Headers.GetValues("Ledger-Tree-Size").Single(), CultureInfo.InvariantCulture);
        var hash = response.Headers.GetValues("Ledger-Checkpoint-Hash").Single();
        var note = await Client.GetByteArrayAsync($"/api/ledger/checkpoints/{size}");
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(note)), hash);
        return (size, hash);
    }

    private async Task<int> ContractingProcessesAsync()
    {
        var package = await Client.GetFromJsonAsync<JsonElement>("/api/ocds/releases.json");
        return package.GetProperty("releases").EnumerateArray().Select(r => r.GetProperty("ocid").GetString()).Distinct().Count();
    }
}
