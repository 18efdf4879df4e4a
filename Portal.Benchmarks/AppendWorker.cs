using Portal.Ledger.Chain;
using Portal.Ledger.Chain.Checkpoints;
using Portal.Ledger.Chain.Writing;
using Portal.Ledger.Storage;

namespace Portal.Benchmarks;

/// <summary>
/// One writer process: appends entries with several concurrent callers through its own group-commit writer.
/// Several of these against one database show that processes extend one linear chain.
/// </summary>
internal static class AppendWorker
{
    public static async Task<int> RunAsync(Arguments args)
    {
        var storage = new StorageOptions(StorageOptions.ParseProvider(args.Required("provider")), args.Required("connection"));
        var options = new LedgerOptions { Origin = args.Required("origin"), SigningKeyPath = args.Required("key") };
        var count = args.Int("count", 1000);
        var batch = args.Int("batch", 1);
        var writers = args.Int("writers", 8);
        var tag = args.Get("tag") ?? Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var store = new LedgerStore(storage);
        await store.MigrateAsync();
        var signer = SigningKeyFile.LoadOrCreate(options.SigningKeyPath, options.Origin);
        await using var writer = new LedgerWriter(store, signer, options);
        var next = -1;
        var tasks = Enumerable.Range(0, writers).Select(async _ =>
        {
            while (true)
            {
                var start = Interlocked.Add(ref next, batch) - batch + 1;
                if (start >= count)
                {
                    return;
                }
                var drafts = Enumerable.Range(start, Math.Min(batch, count - start))
                    .Select(i => new EntryDraft("bench.append", tag, $$"""{"worker":"{{tag}}","n":{{i}}}"""))
                    .ToList();
                await writer.AppendAsync(drafts);
            }
        });
        await Task.WhenAll(tasks);
        Console.WriteLine($"appended {count}");
        return 0;
    }
}
