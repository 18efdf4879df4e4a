using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Web.Api.Exports;

/// <summary>
/// The open-data community's oldest complaint is a download that disagrees with the API. Here the simulator writes
/// throughout: the API is paged from its first page's state, the ledger moves on, and every export asked for at
/// that state must hold exactly the records the pages held.
/// </summary>
public sealed class ExportConsistencyTests
{
    [Fact]
    public async Task Api_pages_and_every_export_hold_the_same_records_at_one_tree_size_while_the_ledger_grows()
    {
        using var directory = new TempDirectory();
        var environment = await SeededTemplate.EnvironmentAsync(directory.Path);
        environment["Demo__Simulate"] = "true";
        environment["Demo__SimulateIntervalMs"] = "200";
        // Payments at any hour: the test needs the ledger to move whenever it runs.
        environment["Demo__SimulateOfficeHours"] = "false";
        await using var server = await PortalServer.StartAsync(environment);
        var client = server.Client;

        var (size, items) = await PageThroughAsync(client);
        // Until a payment lands after the listing's state, an agreement would prove nothing.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await client.GetFromJsonAsync<JsonElement>("/api/disbursements.csv?manifest=true")).GetProperty("records").GetInt64() <= items.Count)
        {
            Assert.True(DateTime.UtcNow < deadline, "The simulator paid nothing in a minute.");
            await Task.Delay(200);
        }

        // CSV: the same rows, field for field.
        var csv = (await client.GetStringAsync($"/api/disbursements.csv?treeSize={size}")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(l => l.TrimEnd('\r').Split(',')).ToList();
        Assert.Equal(items.Select(i => i.GetProperty("id").GetInt64()), csv.Select(r => long.Parse(r[0], CultureInfo.InvariantCulture)));
        Assert.Equal(items.Select(i => string.Join(' ', i.GetProperty("ledgerIndexes").EnumerateArray().Select(x => x.GetInt64()))), csv.Select(r => r[8]));

        // The IATI disbursements and OCDS payments are exactly the records' payment entries.
        var iati = XDocument.Parse(await client.GetStringAsync($"/api/iati/activities.xml?treeSize={size}"))
            .Descendants("transaction").Where(t => t.Element("transaction-type")!.Attribute("code")!.Value == "3")
            .Select(t => (Index: long.Parse(t.Attribute("ref")!.Value, CultureInfo.InvariantCulture), Amount: decimal.Parse(t.Element("value")!.Value, CultureInfo.InvariantCulture)))
            .Where(t => t.Amount > 0).ToList();
        AssertSamePayments(items, iati);
        var ocds = JsonDocument.Parse(await client.GetStringAsync($"/api/ocds/releases.json?treeSize={size}")).RootElement.GetProperty("releases").EnumerateArray()
            .Where(r => r.GetProperty("tag")[0].GetString() == "implementation")
            .SelectMany(r => r.GetProperty("contracts")[0].GetProperty("implementation").GetProperty("transactions").EnumerateArray())
            .Select(t => (Index: long.Parse(t.GetProperty("id").GetString()!, CultureInfo.InvariantCulture), Amount: t.GetProperty("value").GetProperty("amount").GetDecimal()))
            .Where(t => t.Amount > 0).ToList();
        AssertSamePayments(items, ocds);

        // The feed is the first page.
        XNamespace atom = "http://www.w3.org/2005/Atom";
        var feed = XDocument.Parse(await client.GetStringAsync($"/api/disbursements.atom?treeSize={size}")).Root!.Elements(atom + "entry")
            .Select(e => long.Parse(e.Element(atom + "id")!.Value.Split('/')[^1], CultureInfo.InvariantCulture));
        Assert.Equal(items.Take(50).Select(i => i.GetProperty("id").GetInt64()), feed);
    }

    /// <summary>Pages through every record from the newest; every page names the first page's state.</summary>
    private static async Task<(long Size, List<JsonElement> Items)> PageThroughAsync(HttpClient client)
    {
        var items = new List<JsonElement>();
        long? size = null;
        string? cursor = null;
        do
        {
            using var response = await client.GetAsync($"/api/disbursements?limit=500{(cursor is null ? "" : "&cursor=" + cursor)}");
            response.EnsureSuccessStatusCode();
            var pageSize = long.Parse(response.Headers.GetValues("Ledger-Tree-Size").Single(), CultureInfo.InvariantCulture);
            Assert.Equal(size ?? pageSize, pageSize);
            size = pageSize;
            var page = await response.Content.ReadFromJsonAsync<JsonElement>();
            items.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);
        return (size!.Value, items);
    }

    /// <summary>
    /// A record lists its request's steps, every payment of the request among them, so records and payments are
    /// matched as sets: as many of each, the same amounts, and every payment among the entries of a record of its amount.
    /// </summary>
    private static void AssertSamePayments(List<JsonElement> items, List<(long Index, decimal Amount)> payments)
    {
        Assert.Equal(items.Count, payments.Count);
        Assert.Equal(items.Select(i => i.GetProperty("amount").GetDecimal()).Order(), payments.Select(p => p.Amount).Order());
        var byIndex = payments.ToDictionary(p => p.Index, p => p.Amount);
        var covered = new HashSet<long>();
        foreach (var item in items)
        {
            var own = item.GetProperty("ledgerIndexes").EnumerateArray().Select(x => x.GetInt64()).Where(byIndex.ContainsKey).ToList();
            Assert.Contains(own, index => byIndex[index] == item.GetProperty("amount").GetDecimal());
            covered.UnionWith(own);
        }
        Assert.Equal(byIndex.Keys.Order(), covered.Order());
    }
}
