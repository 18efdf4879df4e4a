using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Portal.Ledger.Funds;
using Portal.Ledger.Storage;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Web.Operations;

/// <summary>
/// SIGTERM under load, as a rolling update sends it: the portal refuses new commands, finishes those it accepted,
/// closes its live connections so clients reconnect elsewhere, and exits within its shutdown timeout, with every
/// acknowledged request in a ledger that verifies.
/// </summary>
public sealed class GracefulShutdownTests
{
    private const int Workers = 16;

    [Fact]
    public async Task Sigterm_under_load_loses_no_acknowledged_write_and_exits_in_time()
    {
        using var directory = new TempDirectory();
        var environment = await SeededTemplate.EnvironmentAsync(directory.Path);
        environment["HostOptions__ShutdownTimeout"] = "00:00:10";
        var server = await PortalServer.StartAsync(environment);
        var acknowledged = new ConcurrentBag<(long Id, long Index, string Purpose)>();
        var refused = 0;
        var failed = 0;
        DateTime? feedClosedAt = null;
        try
        {
            using var official = await PortalClient.SignInAsync(server, "official");
            await using var feed = await FeedClient.ConnectAsync(server);
            await feed.SubscribeAsync(afterHeight: null);
            feed.Connection.Closed += _ =>
            {
                feedClosedAt ??= DateTime.UtcNow;
                return Task.CompletedTask;
            };
            feed.Connection.Reconnecting += _ =>
            {
                feedClosedAt ??= DateTime.UtcNow;
                return Task.CompletedTask;
            };

            // Each worker files until the portal stops taking its requests: refused (503) or gone.
            var load = Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
            {
                for (var n = 0; ; n++)
                {
                    var purpose = $"Shutdown load {worker}-{n}";
                    try
                    {
                        using var response = await official.PostAsync("/api/requests", new { fundId = 1, program = "education", region = "520102", amount = 100m + n, purpose, beneficiaries = 1 });
                        if (response.StatusCode == HttpStatusCode.Created)
                        {
                            var receipt = await response.Content.ReadFromJsonAsync<JsonElement>();
                            acknowledged.Add((receipt.GetProperty("id").GetInt64(), receipt.GetProperty("ledgerIndex").GetInt64(), purpose));
                            continue;
                        }
                        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                        Assert.Equal("1", response.Headers.RetryAfter?.ToString());
                        Interlocked.Increment(ref refused);
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
                    {
                        // The instance is gone: a client would send this one to another instance.
                        Interlocked.Increment(ref failed);
                    }
                    return;
                }
            })).ToList();

            // Under load: well past the first blocks, with commands queued and committing when the signal comes.
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (acknowledged.Count < 200 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }
            Assert.True(acknowledged.Count >= 200, $"only {acknowledged.Count} requests filed in 30 s");
            var signalled = DateTime.UtcNow;
            var (exitCode, took) = await server.TerminateAsync(TimeSpan.FromSeconds(20));
            await Task.WhenAll(load);

            TestContext.Current.TestOutputHelper?.WriteLine(
                $"{acknowledged.Count} acknowledged, {refused} refused (503), {failed} cut off; exited {took.TotalMilliseconds:0} ms after SIGTERM, the feed client told after {((feedClosedAt ?? DateTime.UtcNow) - signalled).TotalMilliseconds:0} ms");
            Assert.Equal(0, exitCode);
            Assert.True(took < TimeSpan.FromSeconds(10), $"exited {took.TotalSeconds:0.0} s after SIGTERM, beyond HostOptions:ShutdownTimeout (10 s)");
            Assert.True(feedClosedAt is not null && feedClosedAt.Value - signalled < took + TimeSpan.FromSeconds(1),
                "the live-feed client was not told to go before the portal exited");
            Assert.Equal(Workers, refused + failed);
        }
        finally
        {
            await server.DisposeAsync();
        }

        // Every 2xx names an entry that is in the ledger, with what was sent; and the ledger verifies.
        var storage = new StorageOptions(DatabaseProvider.Sqlite, environment["ConnectionStrings__Portal"]);
        await using (var db = new LedgerStore(storage).CreateContext())
        {
            var ids = acknowledged.Select(a => a.Id).ToList();
            var requests = await db.Set<RequestRecord>().Where(r => ids.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Purpose);
            var indexes = acknowledged.Select(a => a.Index).ToList();
            var entries = await db.Entries.Where(e => indexes.Contains(e.Index)).ToDictionaryAsync(e => e.Index, e => e.Kind);
            var lost = acknowledged.Where(a => !requests.TryGetValue(a.Id, out var purpose) || purpose != a.Purpose
                || !entries.TryGetValue(a.Index, out var kind) || kind != "request.filed").ToList();
            Assert.True(lost.Count == 0, $"{lost.Count} of {acknowledged.Count} acknowledged requests are not in the ledger: {string.Join(", ", lost.Take(5))}");
        }
        await StoredLedger.AssertIntactAsync(storage, environment, "after SIGTERM under load");
    }
}
