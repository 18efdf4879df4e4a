using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Portal.Ledger.Chain;
using Portal.Ledger.Chain.Checkpoints;
using Portal.Ledger.Chain.Verifying;
using Portal.Ledger.Chain.Writing;
using Portal.Ledger.Storage;

namespace Portal.Benchmarks;

/// <summary>
/// End-to-end ledger figures on real databases: batch and concurrent append throughput, full verification and
/// proof latency at a million entries. Prints one line per figure.
/// </summary>
internal static class LedgerBench
{
    private const string Origin = "bench.portal.example/ledger";

    public static async Task<int> RunAsync(Arguments args)
    {
        var entries = args.Int("entries", 1_000_000);
        var directory = Path.Combine(Path.GetTempPath(), "portal-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            Console.WriteLine($"Ledger benchmark: {Environment.ProcessorCount} cores, .NET {Environment.Version}");
            var sqlite = new StorageOptions(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(directory, "bench.db")}");
            await using (var ledger = await OpenAsync(sqlite, directory))
            {
                await BatchAppendAsync(ledger, "SQLite", entries, 10_000);
                await ConcurrentAppendAsync(ledger, "SQLite", writers: 64, total: 30_000);
                await VerifyAsync(ledger);
                await ProofsAsync(ledger, samples: 2_000);
            }
            if (args.Get("postgres") is { } admin)
            {
                var name = $"portal_bench_{Guid.NewGuid():N}";
                await ExecuteAsync(admin, $"CREATE DATABASE \"{name}\"");
                try
                {
                    var postgres = new StorageOptions(DatabaseProvider.PostgreSql, new NpgsqlConnectionStringBuilder(admin) { Database = name }.ToString());
                    await using var ledger = await OpenAsync(postgres, directory);
                    await BatchAppendAsync(ledger, "PostgreSQL", args.Int("postgres-entries", 300_000), 10_000);
                    await ConcurrentAppendAsync(ledger, "PostgreSQL", writers: 64, total: 20_000);
                }
                finally
                {
                    NpgsqlConnection.ClearAllPools();
                    await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
                }
            }
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<Bench> OpenAsync(StorageOptions storage, string directory)
    {
        var store = new LedgerStore(storage);
        await store.MigrateAsync();
        var options = new LedgerOptions { Origin = Origin, SigningKeyPath = Path.Combine(directory, "bench.key") };
        var signer = SigningKeyFile.LoadOrCreate(options.SigningKeyPath, Origin);
        return new Bench(store, signer, new LedgerWriter(store, signer, options), new LedgerReader(store), new LedgerVerifier(store, [signer.ToVerifier()], Origin));
    }

    private static async Task BatchAppendAsync(Bench ledger, string provider, int count, int batch)
    {
        var stopwatch = Stopwatch.StartNew();
        for (var start = 0; start < count; start += batch)
        {
            var drafts = Enumerable.Range(start, Math.Min(batch, count - start)).Select(Draft).ToList();
            await ledger.Writer.AppendAsync(drafts);
        }
        Report($"{provider} batch append ({batch:N0} per call, {count:N0} entries)", count / stopwatch.Elapsed.TotalSeconds, "entries/s");
    }

    private static async Task ConcurrentAppendAsync(Bench ledger, string provider, int writers, int total)
    {
        var next = 0;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(async _ =>
        {
            int n;
            while ((n = Interlocked.Increment(ref next)) <= total)
            {
                await ledger.Writer.AppendAsync(Draft(n));
            }
        }));
        Report($"{provider} {writers} concurrent single-entry appenders ({total:N0} entries)", total / stopwatch.Elapsed.TotalSeconds, "entries/s");
    }

    private static async Task VerifyAsync(Bench ledger)
    {
        var stopwatch = Stopwatch.StartNew();
        var result = await ledger.Verifier.VerifyAsync();
        if (!result.Ok)
        {
            throw new InvalidOperationException(result.Message);
        }
        Report($"full verification of {result.TreeSize:N0} entries", stopwatch.Elapsed.TotalSeconds, "s");
    }

    private static async Task ProofsAsync(Bench ledger, int samples)
    {
        var size = await ledger.Reader.GetTreeSizeAsync();
        var random = new Random(42);
        var inclusion = new List<double>(samples);
        var consistency = new List<double>(samples);
        for (var i = 0; i < samples; i++)
        {
            var index = random.NextInt64(size);
            var stopwatch = Stopwatch.StartNew();
            await ledger.Reader.GetInclusionProofAsync(index, size);
            inclusion.Add(stopwatch.Elapsed.TotalMilliseconds);
            var from = random.NextInt64(1, size);
            stopwatch.Restart();
            await ledger.Reader.GetConsistencyProofAsync(from, size);
            consistency.Add(stopwatch.Elapsed.TotalMilliseconds);
        }
        Report($"inclusion proof at {size:N0} entries, median", Stats.Percentile(inclusion, 0.5), "ms");
        Report($"inclusion proof at {size:N0} entries, p99", Stats.Percentile(inclusion, 0.99), "ms");
        Report($"consistency proof at {size:N0} entries, median", Stats.Percentile(consistency, 0.5), "ms");
        Report($"consistency proof at {size:N0} entries, p99", Stats.Percentile(consistency, 0.99), "ms");
    }

    private static EntryDraft Draft(int n) =>
        new("disbursement.confirmed", "bank:bench", $$"""{"requestId":{{n}},"regionCode":"520102","amount":"{{(n % 900_000) + 1000}}.00","currency":"CNY"}""");

    private static void Report(string what, double value, string unit) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what}: {value:N3} {unit}"));

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private sealed record Bench(LedgerStore Store, INoteSigner Signer, LedgerWriter Writer, LedgerReader Reader, LedgerVerifier Verifier) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Writer.DisposeAsync();
    }
}
