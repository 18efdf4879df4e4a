using System.Net.Http.Json;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.EndToEnd;

/// <summary>
/// The live feed's entries are bound to the signed tree: blocks come from the real feed (SignalR over real HTTP) and
/// are checked by the real browser verifier in Chromium. It derives what it shows from each entry's leaf data and
/// proves the entries are exactly the leaves the block added, so an entry the operator rewrote in the database, a
/// summary that says something else than the leaf, an entry left out or a forged compact range is named.
/// </summary>
public sealed class StreamBindingTests
{
    private const string VerifyBlocks = """
        async ([json, note]) => {
          const { verifyStreamStep } = await import('/js/verify.js');
          const blocks = JSON.parse(json);
          const steps = [];
          let previous = null;
          for (const block of blocks) {
            const step = await verifyStreamStep(note, block, previous);
            steps.push(step);
            if (!step.ok) break;
            note = step.note;
            previous = { height: block.height, hash: block.hash, treeSize: block.treeSize, treeRoot: block.treeRoot };
          }
          return steps;
        }
        """;

    [Fact]
    public async Task Streamed_entries_are_decoded_from_their_leaves_and_proven_to_fill_the_signed_tree()
    {
        using var directory = new TempDirectory();
        var environment = await SeededTemplate.EnvironmentAsync(directory.Path);
        await using var server = await PortalServer.StartAsync(environment);
        await using var browser = await BrowserSession.StartAsync();

        using var official = await PortalClient.SignInAsync(server, "official");
        using var approver = await PortalClient.SignInAsync(server, "approver2");
        var filed = await official.PostAsync("/api/requests", new { fundId = 1, program = "education", region = "520102", amount = 5_001.25m, purpose = "Streamed", beneficiaries = 2 });
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        var request = (await filed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await approver.PostAsync($"/api/requests/{request}/approve", new { comment = "ok" })).StatusCode);

        await using var feed = await FeedClient.ConnectAsync(server);
        var head = await feed.Connection.InvokeAsync<long>("Head");
        var (note, blocks) = await ReplayAsync(feed, head - 1);
        Assert.Equal(2, blocks.Count);

        // Intact: every step passes, and what the page gets is what the leaves record.
        var steps = await VerifyAsync(browser, server, blocks, note);
        Assert.All(steps, s => Assert.True(s.GetProperty("ok").GetBoolean(), s.ToString()));
        var filing = steps[0].GetProperty("entries")[0];
        Assert.Equal(("request.filed", 5_001.25m, "520102", request), (filing.GetProperty("kind").GetString(), filing.GetProperty("amount").GetDecimal(),
            filing.GetProperty("region").GetString(), filing.GetProperty("requestId").GetInt64()));
        Assert.Contains(Details(steps[0]), d => d == "entries-fill-tree");
        // An approval does not record the amount: the server's summary has one (from the request), the leaf does not.
        Assert.Equal(5_001.25m, blocks[1]["entries"]![0]!["amount"]!.GetValue<decimal>());
        var approval = steps[1].GetProperty("entries")[0];
        Assert.Equal("request.approved", approval.GetProperty("kind").GetString());
        Assert.True(!approval.TryGetProperty("amount", out var none) || none.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined, approval.ToString());

        // A summary that says something else than the leaf.
        var summary = Copy(blocks);
        summary[0]["entries"]![0]!["amount"] = 9_999m;
        Assert.Equal("streamed-entry-differs", FailedDetail(await VerifyAsync(browser, server, summary, note)));

        // The previous tree's compact range forged.
        var range = Copy(blocks);
        range[0]["previousRange"]![0] = new string('0', 64);
        Assert.Equal("range-not-previous-root", FailedDetail(await VerifyAsync(browser, server, range, note)));

        // An entry's leaf data from another entry: the block no longer adds the leaves its tree added.
        var swapped = Copy(blocks);
        swapped[0]["entries"]![0]!["leafData"] = blocks[1]["entries"]![0]!["leafData"]!.GetValue<string>();
        Assert.Equal("entry-not-next", FailedDetail(await VerifyAsync(browser, server, swapped, note)));

        // The block's first entry passed off as part of the previous tree (its compact range one leaf longer): every
        // hash still leads to the signed root, but the block no longer starts where the verified tree ends.
        var hidden = Copy(blocks);
        var entries = hidden[0]["entries"]!.AsArray();
        hidden[0]["previousRange"] = new JsonArray([.. RangeAfter(hidden[0], entries[0]!).Select(h => JsonValue.Create(h))]);
        entries.RemoveAt(0);
        hidden[0]["hash"] = HeaderHash(hidden[0]);
        Assert.Equal(["entries-not-after-previous"], Failed((await VerifyAsync(browser, server, hidden, note))[0]));

        // The operator rewrites the filed amount in the stored entry, behind the portal's back: the feed streams it
        // (its summary now agrees with the leaf), and the leaves no longer hash to the signed root.
        var index = blocks[0]["entries"]![0]!["index"]!.GetValue<long>();
        await ExecuteAsync(environment, $"UPDATE \"LedgerEntries\" SET \"Payload\" = replace(\"Payload\", '\"amount\":', '\"amount\":1') WHERE \"Index\" = {index}");
        var (_, rewritten) = await ReplayAsync(feed, head - 1);
        Assert.Equal(15_001.25m, rewritten[0]["entries"]![0]!["amount"]!.GetValue<decimal>());
        var caught = await VerifyAsync(browser, server, rewritten, note);
        Assert.Equal("entries-not-leaves", FailedDetail(caught));
        Assert.Equal(JsonValueKind.Null, caught[0].GetProperty("entries").ValueKind);
    }

    /// <summary>The blocks from <paramref name="height"/> on as the feed replays them, and the checkpoint of the block before.</summary>
    private static async Task<(string Note, List<JsonNode> Blocks)> ReplayAsync(FeedClient feed, long height)
    {
        var replay = await feed.SubscribeAsync(height - 2);
        Assert.Equal(height - 1, replay[0].GetProperty("height").GetInt64());
        return (replay[0].GetProperty("checkpoint").GetString()!, [.. replay.Skip(1).Select(b => JsonNode.Parse(b.GetRawText())!)]);
    }

    private static async Task<JsonElement[]> VerifyAsync(BrowserSession browser, PortalServer server, IReadOnlyList<JsonNode> blocks, string note)
    {
        // A fresh page each time: no key or history pinned by an earlier run.
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(server.BaseAddress, "/verify").ToString());
        var json = new JsonArray([.. blocks.Select(b => b.DeepClone())]).ToJsonString();
        var steps = await page.EvaluateAsync<JsonElement>(VerifyBlocks, new object[] { json, note });
        await page.Context.CloseAsync();
        return [.. steps.EnumerateArray()];
    }

    /// <summary>The compact range of a block's previous tree extended by one entry, as a lying server would send it.</summary>
    private static IEnumerable<string> RangeAfter(JsonNode block, JsonNode entry)
    {
        var previous = block["previousRange"]!.AsArray().Select(h => Convert.FromHexString(h!.GetValue<string>())).ToList();
        var size = block["treeSize"]!.GetValue<long>() - block["entries"]!.AsArray().Count;
        var range = new Portal.Ledger.Chain.Merkle.CompactRange(size, previous.ConvertAll(h => Portal.Ledger.Chain.Merkle.Hash.Of(h)));
        range.Append(Portal.Ledger.Chain.Merkle.MerkleHash.Leaf(Convert.FromBase64String(entry["leafData"]!.GetValue<string>())));
        return range.Subtrees().Select(s => s.Hash.ToHex());
    }

    /// <summary>A streamed block's hash recomputed from its fields, as a lying server can.</summary>
    private static string HeaderHash(JsonNode block)
    {
        var count = block["entries"]!.AsArray().Count;
        var size = block["treeSize"]!.GetValue<long>();
        var header = new Portal.Ledger.Chain.BlockHeader(block["height"]!.GetValue<long>(), Portal.Ledger.Chain.Merkle.Hash.Of(Convert.FromHexString(block["previousHash"]!.GetValue<string>())),
            size - count, count, size, Portal.Ledger.Chain.Merkle.Hash.Of(Convert.FromHexString(block["treeRoot"]!.GetValue<string>())), block["timestamp"]!.GetValue<DateTimeOffset>().ToUnixTimeMilliseconds());
        return header.Hash().ToHex();
    }

    private static IEnumerable<string> Failed(JsonElement step) =>
        step.GetProperty("checks").EnumerateArray().Where(c => !c.GetProperty("ok").GetBoolean()).Select(c => c.GetProperty("detail").GetString()!);

    private static List<JsonNode> Copy(IEnumerable<JsonNode> blocks) => [.. blocks.Select(b => b.DeepClone())];

    private static IEnumerable<string> Details(JsonElement step) => step.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("detail").GetString()!);

    private static string FailedDetail(JsonElement[] steps) =>
        steps.SelectMany(s => s.GetProperty("checks").EnumerateArray()).First(c => !c.GetProperty("ok").GetBoolean()).GetProperty("detail").GetString()!;

    private static async Task ExecuteAsync(Dictionary<string, string> environment, string sql) =>
        Assert.Equal(1, await StoredLedger.WriteBehindAsync(environment, sql));
}
