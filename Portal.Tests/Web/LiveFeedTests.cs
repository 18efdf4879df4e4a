using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Portal.Ledger.Chain;
using Portal.Ledger.Chain.Checkpoints;
using Portal.Ledger.Chain.Merkle;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Web;

/// <summary>
/// The live feed at /hubs/ledger with the real .NET SignalR client over real HTTP: every block once and in order,
/// verifiable as it streams, replayed after a reconnect, narrowed to a region, and richer only for supervisors.
/// </summary>
public sealed class LiveFeedTests(SeededPortal portal) : IClassFixture<SeededPortal>
{
    private PortalServer Server => portal.Server;

    [Fact]
    public async Task Every_block_arrives_once_in_order_with_its_checkpoint_and_a_consistency_proof_that_verify()
    {
        await using var feed = await FeedClient.ConnectAsync(Server);
        var head = await HeadHeightAsync();
        Assert.Empty(await feed.SubscribeAsync(afterHeight: head));

        using var official = await PortalClient.SignInAsync(Server, "official");
        // Concurrent commands: group commit may put several in one block; the feed must still be gap-free.
        await Task.WhenAll(Enumerable.Range(0, 12).Select(i => FileAsync(official, "520102", 10_000m + i)));
        var newHead = await HeadHeightAsync();
        var blocks = await feed.UntilHeightAsync(newHead);

        Assert.Equal(Enumerable.Range((int)head + 1, (int)(newHead - head)).Select(h => (long)h), blocks.Select(b => b.GetProperty("height").GetInt64()));
        Assert.Equal(12, blocks.Sum(b => b.GetProperty("entries").GetArrayLength()));
        var verifier = Ed25519Note.ParseVerifierKey(await Server.Client.GetStringAsync("/api/ledger/public-key"));
        var previousRoot = (byte[]?)null;
        var previousHash = (string?)null;
        foreach (var block in blocks)
        {
            var treeSize = block.GetProperty("treeSize").GetInt64();
            var root = Convert.FromHexString(block.GetProperty("treeRoot").GetString()!);
            var note = SignedNote.Parse(block.GetProperty("checkpoint").GetString()!);
            Assert.True(note.IsSignedBy(verifier));
            var checkpoint = Checkpoint.Parse(note.Text);
            Assert.Equal(treeSize, checkpoint.TreeSize);
            Assert.Equal(root, checkpoint.RootHash);
            var consistency = block.GetProperty("consistency");
            var from = consistency.GetProperty("from").GetInt64();
            Assert.Equal(treeSize, consistency.GetProperty("to").GetInt64());
            ProofVerifier.VerifyConsistency(from, treeSize, Convert.FromHexString(consistency.GetProperty("fromRoot").GetString()!), root,
                consistency.GetProperty("path").EnumerateArray().Select(p => Convert.FromHexString(p.GetString()!)).ToList());
            if (previousRoot is not null)
            {
                Assert.Equal(previousRoot, Convert.FromHexString(consistency.GetProperty("fromRoot").GetString()!));
                Assert.Equal(previousHash, block.GetProperty("previousHash").GetString());
            }
            previousRoot = root;
            previousHash = block.GetProperty("hash").GetString();
        }
        var entry = blocks[0].GetProperty("entries")[0];
        Assert.Equal("request.filed", entry.GetProperty("kind").GetString());
        Assert.Equal(1, entry.GetProperty("fundId").GetInt64());
        Assert.Equal("520102", entry.GetProperty("region").GetString());
        Assert.Equal("education", entry.GetProperty("program").GetString());
        Assert.True(entry.GetProperty("amount").GetDecimal() >= 10_000m);
        Assert.True(blocks[0].TryGetProperty("timestamp", out _));
        Assert.False(entry.TryGetProperty("actor", out _));
    }

    [Fact]
    public async Task A_client_that_reconnects_with_its_last_height_gets_what_it_missed_first_then_new_blocks()
    {
        using var official = await PortalClient.SignInAsync(Server, "official");
        long lastSeen;
        await using (var first = await FeedClient.ConnectAsync(Server))
        {
            await first.SubscribeAsync(afterHeight: await HeadHeightAsync());
            await FileAsync(official, "520102", 20_000m);
            lastSeen = (await first.NextAsync()).GetProperty("height").GetInt64();
        }

        // Offline while three blocks are appended.
        for (var i = 0; i < 3; i++)
        {
            await FileAsync(official, "520102", 21_000m + i);
        }
        await using var second = await FeedClient.ConnectAsync(Server);
        var missed = await second.SubscribeAsync(afterHeight: lastSeen);
        await FileAsync(official, "520102", 25_000m);
        var live = await second.UntilHeightAsync(await HeadHeightAsync());

        var seen = missed.Concat(live).Select(b => b.GetProperty("height").GetInt64()).Distinct().ToList();
        Assert.Equal(3, missed.Length);
        Assert.Equal(Enumerable.Range(1, seen.Count).Select(i => lastSeen + i), seen);
    }

    [Fact]
    public async Task A_client_narrowed_to_a_region_receives_only_the_blocks_that_touch_it()
    {
        await using var county = await FeedClient.ConnectAsync(Server);
        await using var prefecture = await FeedClient.ConnectAsync(Server);
        var head = await HeadHeightAsync();
        await county.SubscribeAsync(afterHeight: head, regions: ["520103"]);
        await prefecture.SubscribeAsync(afterHeight: head, regions: ["5201"]);

        using var official = await PortalClient.SignInAsync(Server, "official");
        await FileAsync(official, "520102", 30_000m);
        await FileAsync(official, "520103", 31_000m);
        await FileAsync(official, "520102", 32_000m);

        var both = await prefecture.UntilHeightAsync(await HeadHeightAsync());
        var only = await county.NextAsync();
        Assert.Equal(3, both.Count);
        Assert.Equal("520103", only.GetProperty("entries")[0].GetProperty("region").GetString());
        Assert.Equal(both[1].GetProperty("height").GetInt64(), only.GetProperty("height").GetInt64());
        // Nothing of the other district reached the county: its next block is the next one filed in it.
        await FileAsync(official, "520103", 33_000m);
        var next = await county.NextAsync();
        Assert.Equal(33_000m, next.GetProperty("entries")[0].GetProperty("amount").GetDecimal());
        Assert.Equal(await HeadHeightAsync(), next.GetProperty("height").GetInt64());
    }

    [Fact]
    public async Task Supervisors_see_who_acted_and_on_which_request_the_public_does_not()
    {
        using var supervisor = await PortalClient.SignInAsync(Server, "supervisor");
        await using var rich = await FeedClient.ConnectAsync(Server, supervisor.Cookies);
        await using var plain = await FeedClient.ConnectAsync(Server);
        var head = await HeadHeightAsync();
        await rich.SubscribeAsync(afterHeight: head);
        await plain.SubscribeAsync(afterHeight: head);

        using var official = await PortalClient.SignInAsync(Server, "official");
        var id = await FileAsync(official, "520102", 40_000m);

        var supervisorEntry = (await rich.NextAsync()).GetProperty("entries")[0];
        var publicEntry = (await plain.NextAsync()).GetProperty("entries")[0];
        Assert.Equal(id, supervisorEntry.GetProperty("requestId").GetInt64());
        Assert.Equal("5201-pao", supervisorEntry.GetProperty("department").GetString());
        Assert.StartsWith("demo-official-", supervisorEntry.GetProperty("actor").GetString(), StringComparison.Ordinal);
        foreach (var hidden in new[] { "actor", "requestId", "department" })
        {
            Assert.False(publicEntry.TryGetProperty(hidden, out _), hidden);
        }
        Assert.Equal(supervisorEntry.GetProperty("amount").GetDecimal(), publicEntry.GetProperty("amount").GetDecimal());
    }

    [Fact]
    public async Task A_bad_subscription_is_refused_with_a_reason()
    {
        await using var feed = await FeedClient.ConnectAsync(Server);

        var refusal = await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => feed.SubscribeAsync(regions: ["52'; DROP TABLE"]));
        Assert.Contains("not a region code", refusal.Message, StringComparison.Ordinal);
        // Codes the feed could never deliver live are refused too, not accepted and left silent.
        var partial = await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => feed.SubscribeAsync(regions: ["52010"]));
        Assert.Contains("2, 4, 6, 9 or 12 digits", partial.Message, StringComparison.Ordinal);
        var negative = await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => feed.Connection.InvokeAsync<JsonElement[]>("Replay", -2L));
        Assert.Contains("-1 for the whole ledger", negative.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replaying_from_minus_one_starts_at_block_zero()
    {
        await using var feed = await FeedClient.ConnectAsync(Server);

        var blocks = await feed.Connection.InvokeAsync<JsonElement[]>("Replay", -1L);

        Assert.Equal(0, blocks[0].GetProperty("height").GetInt64());
        Assert.Equal(JsonValueKind.Null, blocks[0].GetProperty("consistency").ValueKind);
        Assert.Equal(blocks[0].GetProperty("treeSize").GetInt64(), blocks[1].GetProperty("consistency").GetProperty("from").GetInt64());
    }

    private static async Task<long> FileAsync(PortalClient official, string region, decimal amount)
    {
        var response = await official.PostAsync("/api/requests", new { fundId = 1, program = "education", region, amount, purpose = "Live feed test", beneficiaries = 3 });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    private async Task<long> HeadHeightAsync()
    {
        await using var feed = await FeedClient.ConnectAsync(Server);
        return await feed.Connection.InvokeAsync<long>("Head");
    }
}
