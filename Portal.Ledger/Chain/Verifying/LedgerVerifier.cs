using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Portal.Ledger.Chain.Checkpoints;
using Portal.Ledger.Chain.Merkle;
using Portal.Ledger.Storage;

namespace Portal.Ledger.Chain.Verifying;

/// <summary>
/// Recomputes the ledger from its entries and compares every stored hash with the recomputation: leaf hashes,
/// interior nodes, block roots, block hashes and links, and checkpoint roots and signatures. One ordered pass per
/// table, so the cost is linear and the first difference is named.
/// </summary>
public sealed class LedgerVerifier(LedgerStore store, Func<IReadOnlyList<INoteVerifier>> publishedKeys, string origin)
{
    /// <summary>A verifier that trusts exactly these keys.</summary>
    public LedgerVerifier(LedgerStore store, IReadOnlyList<INoteVerifier> keys, string origin)
        : this(store, () => keys, origin)
    {
    }

    public Task<VerificationResult> VerifyAsync(IProgress<VerificationProgress>? progress = null, CancellationToken cancellationToken = default) =>
        RunAsync(null, progress, cancellationToken);

    /// <summary>
    /// Checks that the log is an append-only extension of a checkpoint saved earlier (signature, root at its size,
    /// consistency proof) and verifies everything appended since.
    /// </summary>
    public Task<VerificationResult> VerifyFromCheckpointAsync(string signedCheckpoint, IProgress<VerificationProgress>? progress = null, CancellationToken cancellationToken = default) =>
        RunAsync(signedCheckpoint, progress, cancellationToken);

    private async Task<VerificationResult> RunAsync(string? savedCheckpoint, IProgress<VerificationProgress>? progress, CancellationToken cancellationToken)
    {
        var counters = new VerificationCounters();
        long treeSize = 0;
        try
        {
            await using var db = store.CreateContext();
            var head = await db.Blocks.AsNoTracking().OrderByDescending(b => b.Height).FirstOrDefaultAsync(cancellationToken);
            treeSize = head?.TreeSize ?? 0;
            // Read at each verification: a rotation publishes a key while the portal runs.
            var keys = publishedKeys();
            var windows = await KeyWindows.LoadAsync(db, keys, cancellationToken);
            var start = savedCheckpoint is null
                ? StartPoint.Genesis()
                : await StartPoint.FromCheckpointAsync(db, savedCheckpoint, origin, head, keys, windows, cancellationToken);
            if (head is not null)
            {
                await StreamAsync(start, head, windows, counters, progress, cancellationToken);
            }
            await CheckNothingBeyondAsync(db, head, cancellationToken);
            var from = savedCheckpoint is null ? "" : $" from the saved checkpoint at size {start.CheckpointSize}";
            return new VerificationResult(true, $"Ledger intact{from}: {treeSize} entries, {counters.Blocks} blocks, {counters.Nodes} nodes and {counters.Checkpoints} checkpoints checked.",
                treeSize, counters.Entries, counters.Blocks, counters.Nodes, counters.Checkpoints);
        }
        catch (VerificationFailure failure)
        {
            return new VerificationResult(false, failure.Message, treeSize, counters.Entries, counters.Blocks, counters.Nodes, counters.Checkpoints,
                failure.Index, failure.Height, failure.Checkpoint);
        }
    }

    private async Task StreamAsync(StartPoint start, BlockRecord head, KeyWindows windows, VerificationCounters counters, IProgress<VerificationProgress>? progress, CancellationToken cancellationToken)
    {
        var size = head.TreeSize;
        await using var nodes = await RowStream.OpenAsync(store,
            $"SELECT \"Id\", \"Hash\" FROM \"{LedgerTables.MerkleNodes}\" WHERE \"Id\" >= {NodeRef.InteriorNodesBefore(start.Index)} AND \"Id\" < {NodeRef.InteriorNodesBefore(size)} ORDER BY \"Id\"",
            cancellationToken);
        await using var blocks = await RowStream.OpenAsync(store,
            $"SELECT \"Height\", \"Hash\", \"PreviousHash\", \"FirstIndex\", \"EntryCount\", \"TreeSize\", \"TreeRoot\", \"TimestampMs\" FROM \"{LedgerTables.Blocks}\" WHERE \"Height\" > {start.Height} AND \"Height\" <= {head.Height} ORDER BY \"Height\"",
            cancellationToken);
        await using var checkpoints = await RowStream.OpenAsync(store,
            $"SELECT \"TreeSize\", \"RootHash\", \"KeyName\", \"Note\", \"TimestampMs\" FROM \"{LedgerTables.Checkpoints}\" WHERE \"TreeSize\" > {start.Index} AND \"TreeSize\" <= {size} ORDER BY \"TreeSize\"",
            cancellationToken);

        // Reading and hashing entries is most of the work: producers take alternate chunks on their own connections
        // and cores, while the consumer takes the chunks in index order and checks nodes, blocks and checkpoints.
        var producers = Math.Clamp(Environment.ProcessorCount, 1, 4);
        var channels = Enumerable.Range(0, producers)
            .Select(_ => Channel.CreateBounded<LeafChunk>(new BoundedChannelOptions(4) { SingleReader = true, SingleWriter = true }))
            .ToArray();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var hasher = new LeafHasher(store);
        var producerTasks = channels
            .Select((channel, p) => Task.Run(() => hasher.HashAsync(start.Index, size, p, producers, channel.Writer, stop.Token), CancellationToken.None))
            .ToArray();
        try
        {
            var reader = new ChainReader(origin, start, windows, nodes.Reader, blocks.Reader, checkpoints.Reader, counters);
            await reader.StartAsync(cancellationToken);
            for (var chunkNumber = 0L; start.Index + chunkNumber * LeafHasher.ChunkSize < size; chunkNumber++)
            {
                var chunk = await LeafHasher.NextChunkAsync(channels[chunkNumber % producers].Reader, cancellationToken);
                await reader.ConsumeAsync(chunk, cancellationToken);
                progress?.Report(new VerificationProgress(reader.Size - start.Index, size - start.Index));
            }
            await reader.FinishAsync(head.Height, cancellationToken);
        }
        finally
        {
            // After a failure found by the consumer, stop the producers before their connections are disposed.
            await stop.CancelAsync();
            await Task.WhenAll(producerTasks);
        }
    }

    /// <summary>
    /// Rows past the head block belong to no signed tree: left by a rollback, or written to be shown beside the
    /// ledger. Any one fails verification, named, rather than lie unread by the check and read by something else.
    /// </summary>
    private static async Task CheckNothingBeyondAsync(LedgerDbContext db, BlockRecord? head, CancellationToken cancellationToken)
    {
        var size = head?.TreeSize ?? 0;
        var headHeight = head?.Height ?? -1;
        if (await FirstOutsideAsync(db.Entries.AsNoTracking().Select(e => e.Index), 0, size, cancellationToken) is { } index)
        {
            throw new VerificationFailure($"Entry {index} lies beyond the head block's tree (size {size}): no signed checkpoint covers it.", index: index);
        }
        if (await FirstOutsideAsync(db.Blocks.AsNoTracking().Select(b => b.Height), 0, headHeight + 1, cancellationToken) is { } height)
        {
            throw new VerificationFailure($"Block {height} lies outside the chain that ends at block {headHeight}.", height: height);
        }
        if (await FirstOutsideAsync(db.MerkleNodes.AsNoTracking().Select(n => n.Id), 0, NodeRef.InteriorNodesBefore(size), cancellationToken) is { } id)
        {
            throw new VerificationFailure($"Merkle node (id {id}) lies beyond the head block's tree (size {size}).", index: size);
        }
        if (await FirstOutsideAsync(db.Checkpoints.AsNoTracking().Select(c => c.TreeSize), 1, size + 1, cancellationToken) is { } treeSize)
        {
            throw new VerificationFailure($"A checkpoint for tree size {treeSize} lies beyond the head block's tree (size {size}): evidence of a rollback.", checkpoint: treeSize);
        }
    }

    /// <summary>
    /// The first key at or past <paramref name="end"/>, else any key below <paramref name="start"/>: one key range
    /// per query (not an OR of two), so each is a seek on the primary key, not a scan of the table.
    /// </summary>
    private static async Task<long?> FirstOutsideAsync(IQueryable<long> keys, long start, long end, CancellationToken cancellationToken) =>
        await keys.Where(k => k >= end).OrderBy(k => k).Select(k => (long?)k).FirstOrDefaultAsync(cancellationToken)
        ?? await keys.Where(k => k < start).Select(k => (long?)k).FirstOrDefaultAsync(cancellationToken);
}
