using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Portal.Ledger.Chain.Tiles;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Web.Privacy;

/// <summary>
/// The bank pays individuals with distinctive names over the real API; no public answer (entries, tiles, the API,
/// the downloads, the pages, the live feed) holds them, while a supervisor and the bank can read them and each read
/// is listed for supervisors.
/// </summary>
public sealed class PersonalDataPublicTests(SeededPortal portal) : IClassFixture<SeededPortal>
{
    private static readonly string[] Names = ["Zhuang Lingxi-Distinct-4417", "Mo Qiuyue-Distinct-9052"];

    private PortalServer Server => portal.Server;

    [Fact]
    public async Task No_public_answer_holds_an_individual_payees_name_and_readers_are_recorded()
    {
        await using var feed = await FeedClient.ConnectAsync(Server);
        await feed.SubscribeAsync();
        var paid = new List<(long Id, long Index)>();
        foreach (var name in Names)
        {
            paid.Add(await PayIndividualAsync(name));
        }
        var size = await Server.TreeSizeAsync();
        var blocks = await feed.UntilHeightAsync(await HeightOfAsync(paid[^1].Index));

        var answers = new Dictionary<string, string> { ["the live feed"] = string.Join('\n', blocks.Select(b => b.GetRawText())) };
        var urls = new List<string>
        {
            "/", "/disbursements", "/ledger", "/verify", "/api/funds", "/api/disbursements", "/api/disbursements.csv",
            "/api/iati/activities.xml", "/api/ocds/releases.json", "/api/disbursements.atom", "/api/ledger/checkpoint",
        };
        foreach (var (id, index) in paid)
        {
            urls.AddRange([$"/disbursements/{id}", $"/api/disbursements/{id}", $"/api/ledger/entries/{index}", $"/ledger/entries/{index}",
                $"/api/disbursements.csv?manifest=true", $"/api/ocds/releases.json?treeSize={size}"]);
        }
        foreach (var url in urls.Distinct())
        {
            using var response = await Server.Client.GetAsync(url);
            Assert.True(response.IsSuccessStatusCode, $"{url}: {response.StatusCode}");
            answers[url] = await response.Content.ReadAsStringAsync();
        }
        foreach (var bundle in paid.Select(p => p.Index / TilePath.FullWidth).Distinct())
        {
            answers[$"entry bundle {bundle}"] = await EntryBundleAsync(bundle, size);
        }
        foreach (var (where, text) in answers)
        {
            foreach (var name in Names)
            {
                Assert.False(text.Contains(name, StringComparison.Ordinal), $"{where} shows the name {name}");
            }
        }
        // What the record shows instead, and the entry's commitment that the verifier holds it to.
        Assert.Contains("Individual (withheld)", answers[$"/disbursements/{paid[0].Id}"], StringComparison.Ordinal);
        var record = JsonDocument.Parse(answers[$"/api/disbursements/{paid[0].Id}"]).RootElement.GetProperty("payee");
        Assert.Equal("individual", record.GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.Null, record.GetProperty("name").ValueKind);
        var entry = JsonDocument.Parse(answers[$"/api/ledger/entries/{paid[0].Index}"]).RootElement;
        Assert.Contains(record.GetProperty("commitment").GetString()!, entry.GetRawText(), StringComparison.Ordinal);

        await ReadersAreRecordedAsync(paid[0].Id);
    }

    [Fact]
    public async Task Erasure_by_the_operators_command_keeps_verify_the_rebuild_and_the_monitor_green()
    {
        var (id, _) = await PayIndividualAsync("Bai Yunfei-Erased-3108");
        using var state = new TempDirectory();
        var watched = await MonitorRun.RunAsync(Server, state.Path);
        Assert.True(watched.ExitCode == 0, watched.Output + watched.Error);

        var usage = await ChildProcess.RunAsync(SolutionPaths.WebDll, ["erase-personal-data", "--record", $"{id}"], Server.Environment);
        Assert.Equal(2, usage.ExitCode);
        var erased = await ChildProcess.RunAsync(SolutionPaths.WebDll, ["erase-personal-data", "--record", $"{id}", "--reason", "Asked by the payee (PIPL art. 47)"], Server.Environment);
        Assert.True(erased.ExitCode == 0, erased.Output + erased.Error);
        Assert.StartsWith("OK:", erased.Output, StringComparison.Ordinal);
        var again = await ChildProcess.RunAsync(SolutionPaths.WebDll, ["erase-personal-data", "--record", $"{id}", "--reason", "again"], Server.Environment);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("was erased on", again.Error, StringComparison.Ordinal);

        foreach (var command in new[] { new[] { "verify" }, ["rebuild-projections", "--check"] })
        {
            var run = await ChildProcess.RunAsync(SolutionPaths.WebDll, command, Server.Environment);
            Assert.True(run.ExitCode == 0, $"{string.Join(' ', command)}: {run.Output}{run.Error}");
        }
        var monitored = await MonitorRun.RunAsync(Server, state.Path);
        Assert.True(monitored.ExitCode == 0, monitored.Output + monitored.Error);

        var record = await Server.Client.GetFromJsonAsync<JsonElement>($"/api/disbursements/{id}");
        var erasure = record.GetProperty("payee").GetProperty("erased");
        Assert.Equal("Asked by the payee (PIPL art. 47)", erasure.GetProperty("reason").GetString());
        var page = await Server.Client.GetStringAsync($"/disbursements/{id}");
        Assert.Contains("Name erased on", page, StringComparison.Ordinal);
        Assert.Contains("Asked by the payee (PIPL art. 47)", page, StringComparison.Ordinal);
        using var supervisor = await PortalClient.SignInAsync(Server, "supervisor");
        Assert.Equal(HttpStatusCode.Conflict, (await supervisor.Http.GetAsync($"/api/disbursements/{id}/payee")).StatusCode);
    }

    private async Task ReadersAreRecordedAsync(long disbursementId)
    {
        var url = $"/api/disbursements/{disbursementId}/payee";
        Assert.Equal(HttpStatusCode.Unauthorized, (await Server.Client.GetAsync(url)).StatusCode);
        using var official = await PortalClient.SignInAsync(Server, "official");
        Assert.Equal(HttpStatusCode.Forbidden, (await official.Http.GetAsync(url)).StatusCode);

        using var supervisor = await PortalClient.SignInAsync(Server, "supervisor");
        using var read = await supervisor.Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("no-store", read.Headers.CacheControl?.ToString());
        var disclosed = await read.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(Names[0], disclosed.GetProperty("value").GetString());
        using var bank = PortalClient.Bank(Server);
        var byBank = await bank.Http.GetFromJsonAsync<JsonElement>(url);
        Assert.Equal(Names[0], byBank.GetProperty("value").GetString());

        var reads = await supervisor.Http.GetFromJsonAsync<JsonElement>($"/api/personal-data/reads?disbursement={disbursementId}");
        var items = reads.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        Assert.Equal(disclosed.GetProperty("readLedgerIndex").GetInt64(), items[1].GetProperty("ledgerIndex").GetInt64());
        Assert.All(items, i => Assert.Equal(disbursementId, i.GetProperty("recordId").GetInt64()));
        Assert.Equal(HttpStatusCode.Forbidden, (await official.Http.GetAsync("/api/personal-data/reads")).StatusCode);
        // The read's own entry is public, and names who read which record, never the name.
        var readEntry = await Server.Client.GetStringAsync($"/api/ledger/entries/{disclosed.GetProperty("readLedgerIndex").GetInt64()}");
        Assert.Contains("personal-data.read", readEntry, StringComparison.Ordinal);
        Assert.DoesNotContain(Names[0], readEntry, StringComparison.Ordinal);
    }

    private async Task<(long Id, long Index)> PayIndividualAsync(string name)
    {
        using var official = await PortalClient.SignInAsync(Server, "official");
        using var approver = await PortalClient.SignInAsync(Server, "approver2");
        using var bank = PortalClient.Bank(Server);
        var filed = await official.PostAsync("/api/requests", new { fundId = 1, program = "education", region = "520102", amount = 1_800m, purpose = "Boarding stipend for a student", beneficiaries = 1 });
        var id = (await filed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await approver.PostAsync($"/api/requests/{id}/approve", new { comment = "Eligible" })).StatusCode);
        var paid = await bank.PostAsync("/api/disbursements/confirm", new { requestId = id, bankReference = $"IND-{id}", amount = 1_800m, payee = name, payeeType = "individual" });
        Assert.Equal(HttpStatusCode.Created, paid.StatusCode);
        var receipt = await paid.Content.ReadFromJsonAsync<JsonElement>();
        return (receipt.GetProperty("disbursementId").GetInt64(), receipt.GetProperty("ledgerIndex").GetInt64());
    }

    private async Task<long> HeightOfAsync(long index)
    {
        var entry = await Server.Client.GetFromJsonAsync<JsonElement>($"/api/ledger/entries/{index}");
        return entry.GetProperty("blockHeight").GetInt64();
    }

    /// <summary>An entry bundle's leaf inputs as text: the whole bundle, or the partial one at the tree's edge.</summary>
    private async Task<string> EntryBundleAsync(long bundle, long size)
    {
        var width = Math.Min(TilePath.FullWidth, size - bundle * TilePath.FullWidth);
        var path = $"/api/ledger/tile/entries/{TilePath.FormatIndex(bundle)}" + (width < TilePath.FullWidth ? $".p/{width}" : "");
        using var http = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = Server.BaseAddress };
        using var response = await http.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {response.StatusCode}");
        await using var gzip = new GZipStream(await response.Content.ReadAsStreamAsync(), CompressionMode.Decompress);
        using var text = new StreamReader(gzip, Encoding.UTF8);
        var bundleText = await text.ReadToEndAsync();
        Assert.Contains("disbursement.confirmed", bundleText, StringComparison.Ordinal);
        return bundleText;
    }
}
