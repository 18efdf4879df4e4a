using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.EndToEnd;

/// <summary>
/// The operator changes read models behind the portal's back: what a record page shows no longer matches the
/// ledger. The browser decodes every entry it checks from its signed leaf and names the value that differs, and holds
/// a request's steps to their unbroken chain, so a step left out of the page is caught too.
/// </summary>
public sealed class RecordBindingTests
{
    [Fact]
    public async Task Values_changed_in_the_read_models_are_named_by_the_browser()
    {
        using var directory = new TempDirectory();
        var environment = await SeededTemplate.EnvironmentAsync(directory.Path);
        // The read models are changed behind the portal's back: no cached page may hide it.
        environment["OutputCache__Enabled"] = "false";
        await using var server = await PortalServer.StartAsync(environment);
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.NewPageAsync();
        var ids = (await server.Client.GetFromJsonAsync<JsonElement>("/api/disbursements?limit=8")).GetProperty("items")
            .EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ToList();

        var intact = await VerifyAsync(page, server, ids[0]);
        Assert.Contains("checks passed", intact, StringComparison.Ordinal);
        Assert.Contains("values shown on this page equal what the signed entries record", intact, StringComparison.Ordinal);
        Assert.Contains("form an unbroken chain from its filing", intact, StringComparison.Ordinal);

        // Feedback shown on a record: its text must open the commitment its entry holds, its kind be the one recorded.
        var text = await SendFeedbackAsync(server, ids[6], "The school says the rice came late.");
        var withFeedback = await VerifyAsync(page, server, ids[6]);
        Assert.Contains("checks passed", withFeedback, StringComparison.Ordinal);
        await ExecuteAsync(environment, $"UPDATE \"PersonalValues\" SET \"Value\" = 'The school says the rice came on time.' WHERE \"Commitment\" = '{text}'");
        // A browser that has not seen the page: the ledger did not grow, so one that had might be told it is unchanged.
        var reworded = await VerifyAsync(await (await browser.NewContextAsync()).NewPageAsync(), server, ids[6]);
        Assert.Contains("A feedback's text is shown as \"The school says the rice came on time.\", but that text does not open the commitment", reworded, StringComparison.Ordinal);
        await SendFeedbackAsync(server, ids[7], "Was this paid twice?");
        await ExecuteAsync(environment, $"UPDATE \"Feedback\" SET \"Kind\" = 'confirmation' WHERE \"RecordId\" = {ids[7]}");
        Assert.Contains("A feedback's kind is shown as \"confirmation\", but entry", await VerifyAsync(page, server, ids[7]), StringComparison.Ordinal);

        await ExecuteAsync(environment, $"UPDATE \"Disbursements\" SET \"Amount\" = \"Amount\" + 1000 WHERE \"Id\" = {ids[1]}");
        var amount = await VerifyAsync(page, server, ids[1]);
        await BrowserSession.ScreenshotAsync(page, "record-read-model-changed");
        Assert.DoesNotContain("checks passed", amount, StringComparison.Ordinal);
        Assert.Contains("The amount paid is shown as", amount, StringComparison.Ordinal);

        await ExecuteAsync(environment, $"UPDATE \"Disbursements\" SET \"RegionCode\" = '520102' WHERE \"Id\" = {ids[2]} AND \"RegionCode\" <> '520102'");
        await ExecuteAsync(environment, $"UPDATE \"Disbursements\" SET \"RegionCode\" = '520103' WHERE \"Id\" = {ids[2]} AND \"RegionCode\" = '520102'");
        Assert.Contains("The region is shown as", await VerifyAsync(page, server, ids[2]), StringComparison.Ordinal);

        await ExecuteAsync(environment, $"UPDATE \"Disbursements\" SET \"PaidAtMs\" = \"PaidAtMs\" - 86400000 WHERE \"Id\" = {ids[3]}");
        Assert.Contains("The payment time is shown as", await VerifyAsync(page, server, ids[3]), StringComparison.Ordinal);

        // A step left out of the request's index list (its approval, say): the chain names the gap.
        var request = await RequestOfAsync(server, ids[4]);
        var indexes = await IndexesAsync(environment, request);
        Assert.True(indexes.Count >= 3, $"request {request} has {indexes.Count} steps");
        await SetIndexesAsync(environment, request, [indexes[0], .. indexes.Skip(2)]);
        var gap = await VerifyAsync(page, server, ids[4]);
        Assert.Contains("a step is missing", gap, StringComparison.Ordinal);

        // An emptied index list: only the payment is left, which is not the request's filing.
        var emptied = await RequestOfAsync(server, ids[5]);
        await SetIndexesAsync(environment, emptied, []);
        Assert.Contains($"is not the filing of request {emptied}", await VerifyAsync(page, server, ids[5]), StringComparison.Ordinal);

        // A name beside a code, changed in its read model: held to the entry that defined it.
        await ExecuteAsync(environment, $"UPDATE \"Programs\" SET \"NameEn\" = 'Road building' WHERE \"Code\" = (SELECT \"ProgramCode\" FROM \"Disbursements\" WHERE \"Id\" = {ids[0]})");
        // A fresh browser: the one that saw this record may keep its page for a year when its request is closed.
        var fresh = await (await browser.NewContextAsync()).NewPageAsync();
        var renamed = await VerifyAsync(fresh, server, ids[0]);
        Assert.Contains("The program's English name is shown as \"Road building\"", renamed, StringComparison.Ordinal);

        // And a page that names no entry at all proves nothing.
        var none = await page.EvaluateAsync<JsonElement>("async () => (await import('/js/verify.js')).verifyRecord([], null)");
        Assert.False(none.GetProperty("ok").GetBoolean());
        Assert.Equal("nothing-checked", none.GetProperty("checks")[0].GetProperty("detail").GetString());
    }

    /// <summary>Sends a question on the record as an anonymous citizen; returns the commitment to its text.</summary>
    private static async Task<string> SendFeedbackAsync(PortalServer server, long disbursement, string text)
    {
        using var anonymous = PortalClient.Anonymous(server);
        using var sent = await anonymous.PostAsync($"/api/disbursements/{disbursement}/feedback", new { kind = "question", text }, withAntiforgery: false);
        Assert.Equal(System.Net.HttpStatusCode.Created, sent.StatusCode);
        return (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("textCommitment").GetString()!;
    }

    private static async Task<long> RequestOfAsync(PortalServer server, long disbursement) =>
        (await server.Client.GetFromJsonAsync<JsonElement>($"/api/disbursements/{disbursement}")).GetProperty("requestId").GetInt64();

    private static async Task<List<long>> IndexesAsync(Dictionary<string, string> environment, long request)
    {
        await using var connection = new SqliteConnection(environment["ConnectionStrings__Portal"]);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT \"LedgerIndex\" FROM \"RequestSteps\" WHERE \"RequestId\" = {request} ORDER BY \"LedgerIndex\"";
        var indexes = new List<long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            indexes.Add(reader.GetInt64(0));
        }
        return indexes;
    }

    private static async Task SetIndexesAsync(Dictionary<string, string> environment, long request, IEnumerable<long> indexes)
    {
        await ExecuteAsync(environment, $"DELETE FROM \"RequestSteps\" WHERE \"RequestId\" = {request}");
        foreach (var index in indexes)
        {
            await ExecuteAsync(environment, $"INSERT INTO \"RequestSteps\" (\"RequestId\", \"LedgerIndex\") VALUES ({request}, {index})");
        }
    }

    /// <summary>Writes the portal's database behind its back, as the operator can.</summary>
    private static async Task ExecuteAsync(Dictionary<string, string> environment, string sql) =>
        Assert.True(await StoredLedger.WriteBehindAsync(environment, sql) >= 0);

    /// <summary>Opens a record, runs its browser check and returns the page's text.</summary>
    private static async Task<string> VerifyAsync(IPage page, PortalServer server, long id)
    {
        await page.GotoAsync(new Uri(server.BaseAddress, $"/disbursements/{id}").ToString());
        return await RecordCheck.RunAsync(page);
    }
}
