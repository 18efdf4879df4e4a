using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Web.Operations;

/// <summary>
/// /metrics as Prometheus scrapes it: the portal's own counters move by exactly the commands sent, the gauges
/// agree with the ledger, and the framework's and runtime's metrics are there too.
/// </summary>
public sealed class MetricsTests(SeededPortal portal) : IClassFixture<SeededPortal>
{
    private PortalServer Server => portal.Server;

    [Fact]
    public async Task Counters_move_by_the_commands_sent_and_gauges_agree_with_the_ledger()
    {
        using var official = await PortalClient.SignInAsync(Server, "official");
        using var approver = await PortalClient.SignInAsync(Server, "approver2");
        var before = await PrometheusScrape.ReadAsync(Server.Client);

        var ids = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            var filed = await official.PostAsync("/api/requests", new { fundId = 1, program = "education", region = "520102", amount = 1_000m + i, purpose = $"Metrics test {i}", beneficiaries = 10 });
            Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
            ids.Add((await filed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64());
        }
        // Refused by its shape (before the writer) and by the ledger's state (inside it).
        Assert.Equal(HttpStatusCode.BadRequest, (await official.PostAsync("/api/requests", new { fundId = 1, program = "education", region = "520102", amount = 0.001m, purpose = "x", beneficiaries = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await approver.PostAsync("/api/requests/99999999/approve", new { comment = "No such request" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await approver.PostAsync($"/api/requests/{ids[0]}/approve", new { comment = "Within the plan" })).StatusCode);

        var after = await PrometheusScrape.ReadAsync(Server.Client);
        double Delta(string name, params (string, string)[] labels) => after.Value(name, labels) - before.Value(name, labels);

        Assert.Equal(3, Delta("portal_commands_total", ("command", "file-request"), ("outcome", "accepted")));
        Assert.Equal(1, Delta("portal_commands_total", ("command", "file-request"), ("outcome", "refused")));
        Assert.Equal(1, Delta("portal_commands_total", ("command", "approve"), ("outcome", "refused")));
        Assert.Equal(1, Delta("portal_commands_total", ("command", "approve"), ("outcome", "accepted")));
        Assert.Equal(1, Delta("portal_refusals_total", ("code", "invalid-amount")));
        Assert.Equal(1, Delta("portal_refusals_total", ("code", "not-found")));

        var treeSize = await Server.TreeSizeAsync();
        Assert.Equal(treeSize, after.Value("portal_ledger_tree_size"));
        var entries = Delta("portal_ledger_entries_total");
        Assert.Equal(treeSize - before.Value("portal_ledger_tree_size"), entries);
        Assert.True(entries >= 4, $"{entries} entries for three filings and an approval");
        var blocks = Delta("portal_ledger_blocks_total");
        Assert.InRange(blocks, 1, entries);
        Assert.Equal(blocks, Delta("portal_ledger_block_entries_count"));
        Assert.Equal(entries, Delta("portal_ledger_block_entries_sum"));
        // Timed from the writer's queue to the commit, for the four commands committed (not the approval refused there).
        Assert.Equal(4, Delta("portal_ledger_append_duration_seconds_count"));
        Assert.True(Delta("portal_ledger_append_duration_seconds_sum") > 0);

        // The demo's planted red flags, by kind; and ASP.NET Core's and the runtime's own metrics beside Portal's.
        Assert.True(after.Value("portal_anomalies") > 0);
        Assert.Contains("duplicate-payment", after.LabelValues("portal_anomalies", "kind"));
        Assert.True(after.Has("http_server_request_duration_seconds_count"), "ASP.NET Core's request metrics");
        Assert.Contains(after.LabelValues("http_server_request_duration_seconds_count", "http_route"), r => r == "/api/requests");
        Assert.True(after.Text.Contains("dotnet_gc_", StringComparison.Ordinal) || after.Text.Contains("process_runtime_dotnet_", StringComparison.Ordinal), "the runtime's metrics");
    }

    [Fact]
    public async Task The_live_feed_reports_its_connections_sends_and_disconnects()
    {
        var before = await PrometheusScrape.ReadAsync(Server.Client);
        var feed = await FeedClient.ConnectAsync(Server);
        await feed.SubscribeAsync(afterHeight: null);
        using var official = await PortalClient.SignInAsync(Server, "official");
        Assert.Equal(HttpStatusCode.Created, (await official.PostAsync("/api/requests", new { fundId = 1, program = "education", region = "520102", amount = 777m, purpose = "Feed metrics", beneficiaries = 3 })).StatusCode);
        await feed.NextAsync(TimeSpan.FromSeconds(20));

        var open = await PrometheusScrape.ReadAsync(Server.Client);
        Assert.Equal(1, open.Value("portal_feed_connections") - before.Value("portal_feed_connections"));
        Assert.True(open.Value("portal_feed_send_duration_seconds_count") > before.Value("portal_feed_send_duration_seconds_count"));

        await feed.DisposeAsync();
        // The server learns of the close a moment after the client has sent it.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        var closed = await PrometheusScrape.ReadAsync(Server.Client);
        while (closed.Value("portal_feed_connections") != before.Value("portal_feed_connections") && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            closed = await PrometheusScrape.ReadAsync(Server.Client);
        }
        Assert.Equal(before.Value("portal_feed_connections"), closed.Value("portal_feed_connections"));
        Assert.Equal(1, closed.Value("portal_feed_disconnects_total", ("reason", "closed")) - before.Value("portal_feed_disconnects_total", ("reason", "closed")));
    }

    [Fact]
    public async Task Metrics_are_served_only_to_the_allowed_networks()
    {
        using var directory = new TempDirectory();
        var environment = PortalServer.SqliteEnvironment(directory.Path, seedDemo: false);
        environment["Metrics__AllowedNetworks"] = "10.0.0.0/8, 192.0.2.7";
        await using var server = await PortalServer.StartAsync(environment);

        // Loopback is a trusted proxy: the address it forwards is the one checked.
        Assert.Equal(HttpStatusCode.OK, await ScrapeAsync(server, forwardedFor: "10.20.30.40"));
        Assert.Equal(HttpStatusCode.OK, await ScrapeAsync(server, forwardedFor: "192.0.2.7"));
        Assert.Equal(HttpStatusCode.Forbidden, await ScrapeAsync(server, forwardedFor: "203.0.113.9"));
        Assert.Equal(HttpStatusCode.Forbidden, await ScrapeAsync(server, forwardedFor: null));
        using var refused = await server.Client.GetAsync("/metrics");
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Metrics:AllowedNetworks", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Metrics_are_served_to_loopback_by_default()
    {
        using var response = await Server.Client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.ToString());
        Assert.Equal(HttpStatusCode.Forbidden, await ScrapeAsync(Server, forwardedFor: "203.0.113.9"));
    }

    private static async Task<HttpStatusCode> ScrapeAsync(PortalServer server, string? forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }
        using var response = await server.Client.SendAsync(request);
        return response.StatusCode;
    }
}
