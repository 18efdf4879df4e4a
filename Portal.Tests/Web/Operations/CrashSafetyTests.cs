using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Ledger.Chain;
using Portal.Ledger.Funds;
using Portal.Ledger.Storage;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Web.Operations;

/// <summary>
/// The crash harness: officials, an approver and the bank write through the HTTP API while the portal process is
/// killed with SIGKILL at a random moment, round after round. After each kill, before the next start: the ledger
/// verifies (so no block is half-written), every write that was answered 2xx is in it, and the read models equal
/// their rebuild from the ledger.
/// </summary>
/// <remarks>One class per provider, so that the two harnesses, a minute or more each, can run side by side.</remarks>
public abstract class CrashSafetyTests(DatabaseProvider provider, ITestOutputHelper output)
{
    // Twelve kills per provider: enough to land mid-request, mid-commit and between, within the suite's time budget.
    private const int Rounds = 12;
    private const int Writers = 6;

    [Fact]
    public async Task Killed_at_random_moments_the_portal_loses_no_acknowledged_write_and_no_block_is_half_written()
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var directory = new TempDirectory();
        var environment = PortalServer.EnvironmentFor(database.Options, directory.Path, seedDemo: true);
        environment["Demo__Requests"] = "20";
        var random = new Random(2017 + (int)provider);
        var acknowledged = new List<Acknowledged>();
        var killedWhileWriting = 0;
        for (var round = 0; round < Rounds; round++)
        {
            var server = await PortalServer.StartAsync(environment);
            using var stop = new CancellationTokenSource();
            var clients = await ClientsAsync(server);
            var progress = new Progress();
            var writers = Enumerable.Range(0, Writers).Select(w => WriteAsync(server, clients, $"r{round}w{w}", progress, stop.Token)).ToList();
            // Kill at a random moment once writing is under way (as many writes acknowledged as there are writers,
            // however slow the machine is today): mid-request, mid-commit or between the two.
            await progress.WaitForAsync(Writers, TimeSpan.FromSeconds(60), $"{provider}, round {round + 1}");
            await Task.Delay(random.Next(0, 750));
            var inFlight = writers.Count(w => !w.IsCompleted);
            await server.DisposeAsync(); // SIGKILL, no shutdown
            await stop.CancelAsync();
            foreach (var writer in writers)
            {
                acknowledged.AddRange(await writer);
            }
            killedWhileWriting += inFlight > 0 ? 1 : 0;
            foreach (var client in clients.Values)
            {
                client.Dispose();
            }
            await CheckAsync(provider, database.Options, environment, acknowledged, round);
        }
        output.WriteLine($"{Rounds} kills ({killedWhileWriting} with writes in flight), {acknowledged.Count} acknowledged writes, all present.");
        Assert.Equal(Rounds, killedWhileWriting);
        Assert.True(acknowledged.Count >= Rounds * Writers, "too few writes were acknowledged to mean anything");
    }

    private static async Task CheckAsync(DatabaseProvider provider, StorageOptions storage, Dictionary<string, string> environment, List<Acknowledged> acknowledged, int round)
    {
        await StoredLedger.AssertIntactAsync(storage, environment, $"{provider}, after kill {round + 1}");
        var reader = new LedgerReader(new LedgerStore(storage));
        foreach (var write in acknowledged)
        {
            var entry = await reader.GetEntryAsync(write.LedgerIndex);
            Assert.True(entry is not null && entry.Kind == write.Kind && entry.Payload.Contains(write.Marker, StringComparison.Ordinal),
                $"{provider}, after kill {round + 1}: acknowledged {write.Kind} ({write.Marker}) is not at index {write.LedgerIndex}");
        }
    }

    private static async Task<Dictionary<string, PortalClient>> ClientsAsync(PortalServer server) => new()
    {
        ["official"] = await PortalClient.SignInAsync(server, "official"),
        ["approver2"] = await PortalClient.SignInAsync(server, "approver2"),
        ["bank"] = PortalClient.Bank(server),
    };

    /// <summary>File, approve, pay, again and again; returns the writes the portal acknowledged.</summary>
    private static async Task<List<Acknowledged>> WriteAsync(PortalServer server, Dictionary<string, PortalClient> clients, string name, Progress progress, CancellationToken stop)
    {
        var acknowledged = new List<Acknowledged>();
        try
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var purpose = $"Crash harness {name} n{i}";
                using var filed = await clients["official"].PostAsync("/api/requests", new { fundId = 1, program = "education", region = "520102", amount = 1_000m + i, purpose, beneficiaries = 1 });
                filed.EnsureSuccessStatusCode();
                var receipt = await filed.Content.ReadFromJsonAsync<JsonElement>(stop);
                var id = receipt.GetProperty("id").GetInt64();
                acknowledged.Add(new(FundEvents.RequestFiled, receipt.GetProperty("ledgerIndex").GetInt64(), purpose));
                progress.Acknowledged();

                using var approved = await clients["approver2"].PostAsync($"/api/requests/{id}/approve", new { comment = "ok" });
                approved.EnsureSuccessStatusCode();
                var decision = await approved.Content.ReadFromJsonAsync<JsonElement>(stop);
                acknowledged.Add(new(FundEvents.RequestApproved, decision.GetProperty("ledgerIndex").GetInt64(), $"\"requestId\":{id}"));
                progress.Acknowledged();

                var reference = $"CRASH-{name}-{i}";
                using var paid = await clients["bank"].PostAsync("/api/disbursements/confirm", new { requestId = id, bankReference = reference, amount = 1_000m + i, payee = "Crash harness payee" });
                paid.EnsureSuccessStatusCode();
                var payment = await paid.Content.ReadFromJsonAsync<JsonElement>(stop);
                acknowledged.Add(new(FundEvents.DisbursementConfirmed, payment.GetProperty("ledgerIndex").GetInt64(), reference));
                progress.Acknowledged();
            }
        }
        catch (Exception ex) when (ex is HttpRequestException { StatusCode: null } or TaskCanceledException or OperationCanceledException or IOException or JsonException)
        {
            // The process was killed under this request: it was never acknowledged, so nothing is expected of it.
            // (An answer with an error status is not a kill: EnsureSuccessStatusCode's exception then fails the test.)
        }
        return acknowledged;
    }

    private sealed record Acknowledged(string Kind, long LedgerIndex, string Marker);

    /// <summary>How many writes the writers of one round have had acknowledged so far.</summary>
    private sealed class Progress
    {
        private int _count;

        public void Acknowledged() => Interlocked.Increment(ref _count);

        public async Task WaitForAsync(int count, TimeSpan limit, string what)
        {
            var deadline = DateTime.UtcNow + limit;
            while (Volatile.Read(ref _count) < count)
            {
                Assert.True(DateTime.UtcNow < deadline, $"{what}: only {Volatile.Read(ref _count)} writes acknowledged in {limit.TotalSeconds} s.");
                await Task.Delay(20);
            }
        }
    }
}

public sealed class SqliteCrashSafetyTests(ITestOutputHelper output) : CrashSafetyTests(DatabaseProvider.Sqlite, output);

public sealed class PostgresCrashSafetyTests(ITestOutputHelper output) : CrashSafetyTests(DatabaseProvider.PostgreSql, output);
