using System.Data.Common;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Portal.Ledger.Chain.Checkpoints;
using Portal.Ledger.Storage;

namespace Portal.Ledger.Chain;

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

    private const int ChunkSize = 4096;

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
        var counters = new Counters();
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
                ? new StartPoint(0, -1, BlockHeader.GenesisPreviousHash, new CompactRange())
                : await StartFromCheckpointAsync(db, savedCheckpoint, head, keys, windows, cancellationToken);
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

    private async Task<StartPoint> StartFromCheckpointAsync(LedgerDbContext db, string note, BlockRecord? head, IReadOnlyList<INoteVerifier> keys, KeyWindows windows, CancellationToken cancellationToken)
    {
        SignedNote signed;
        Checkpoint checkpoint;
        try
        {
            signed = SignedNote.Parse(note.Replace("\r\n", "\n", StringComparison.Ordinal));
            checkpoint = Checkpoint.Parse(signed.Text);
        }
        catch (FormatException ex)
        {
            throw new VerificationFailure($"The saved checkpoint is not a valid signed checkpoint: {ex.Message}");
        }
        if (checkpoint.Origin != origin)
        {
            throw new VerificationFailure($"The saved checkpoint is for log '{checkpoint.Origin}', not '{origin}'.");
        }
        if (!keys.Any(signed.IsSignedBy))
        {
            throw new VerificationFailure("The saved checkpoint is not signed by this log's key.", checkpoint: checkpoint.TreeSize);
        }

        if (checkpoint.TreeSize == 0)
        {
            return new StartPoint(0, -1, BlockHeader.GenesisPreviousHash, new CompactRange(), 0);
        }
        var size = head?.TreeSize ?? 0;
        if (head is null || checkpoint.TreeSize > size)
        {
            throw new VerificationFailure($"The saved checkpoint has {checkpoint.TreeSize} entries but the log has only {size}: the log was truncated or rolled back.", checkpoint: checkpoint.TreeSize);
        }
        var rootThen = await NodeStore.RootAsync(db, checkpoint.TreeSize, cancellationToken);
        if (!rootThen.AsSpan().SequenceEqual(checkpoint.RootHash))
        {
            throw new VerificationFailure($"The log's tree at size {checkpoint.TreeSize} does not have the saved checkpoint's root: history was rewritten.", checkpoint: checkpoint.TreeSize);
        }
        await windows.ReplayBeforeAsync(db, checkpoint.TreeSize, checkpoint.RootHash, cancellationToken);
        windows.Check(signed, checkpoint.Origin, checkpoint.TreeSize);
        var path = TreeMath.ConsistencyPath(checkpoint.TreeSize, size);
        var nodes = await NodeStore.ReadAsync(db, RangeHasher.NodesFor([.. path, new LeafRange(0, size)]), cancellationToken);
        var proof = path.ConvertAll(r => RangeHasher.Hash(r, nodes));
        if (!ProofVerifier.VerifyConsistency(checkpoint.TreeSize, size, checkpoint.RootHash, head.TreeRoot, proof))
        {
            throw new VerificationFailure($"No valid consistency proof leads from the saved checkpoint (size {checkpoint.TreeSize}) to the current head.", checkpoint: checkpoint.TreeSize);
        }

        // Verify everything after the checkpoint, from the start of the first block that ends after it (a
        // checkpoint inside a block re-verifies that whole block).
        var block = await db.Blocks.AsNoTracking().Where(b => b.TreeSize > checkpoint.TreeSize).OrderBy(b => b.Height).FirstOrDefaultAsync(cancellationToken);
        var startIndex = block?.FirstIndex ?? size;
        var previous = block is null ? head.Hash
            : block.Height == 0 ? BlockHeader.GenesisPreviousHash
            : (await db.Blocks.AsNoTracking().FirstAsync(b => b.Height == block.Height - 1, cancellationToken)).Hash;
        var refs = TreeMath.Decompose(0, startIndex).ToList();
        var frontier = await NodeStore.ReadAsync(db, refs, cancellationToken);
        return new StartPoint(startIndex, (block?.Height ?? head.Height + 1) - 1, previous, new CompactRange(startIndex, refs.ConvertAll(r => frontier[r])), checkpoint.TreeSize);
    }

    private async Task StreamAsync(StartPoint start, BlockRecord head, KeyWindows windows, Counters counters, IProgress<VerificationProgress>? progress, CancellationToken cancellationToken)
    {
        var size = head.TreeSize;
        await using var nodes = await OpenAsync(
            $"SELECT \"Id\", \"Hash\" FROM \"{LedgerTables.MerkleNodes}\" WHERE \"Id\" >= {NodeRef.InteriorNodesBefore(start.Index)} AND \"Id\" < {NodeRef.InteriorNodesBefore(size)} ORDER BY \"Id\"",
            cancellationToken);
        await using var blocks = await OpenAsync(
            $"SELECT \"Height\", \"Hash\", \"PreviousHash\", \"FirstIndex\", \"EntryCount\", \"TreeSize\", \"TreeRoot\", \"TimestampMs\" FROM \"{LedgerTables.Blocks}\" WHERE \"Height\" > {start.Height} AND \"Height\" <= {head.Height} ORDER BY \"Height\"",
            cancellationToken);
        await using var checkpoints = await OpenAsync(
            $"SELECT \"TreeSize\", \"RootHash\", \"KeyName\", \"Note\", \"TimestampMs\" FROM \"{LedgerTables.Checkpoints}\" WHERE \"TreeSize\" > {start.Index} AND \"TreeSize\" <= {size} ORDER BY \"TreeSize\"",
            cancellationToken);

        // Reading and hashing entries is most of the work: producers take alternate chunks on their own connections
        // and cores, while the consumer takes the chunks in index order and checks nodes, blocks and checkpoints.
        var producers = Math.Clamp(Environment.ProcessorCount, 1, 4);
        var channels = Enumerable.Range(0, producers)
            .Select(_ => Channel.CreateBounded<LeafChunk>(new BoundedChannelOptions(4) { SingleReader = true, SingleWriter = true }))
            .ToArray();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producerTasks = channels
            .Select((channel, p) => Task.Run(() => HashLeavesAsync(start.Index, size, p, producers, channel.Writer, stop.Token), CancellationToken.None))
            .ToArray();
        try
        {
            var reader = new ChainReader(this, start, windows, nodes.Reader, blocks.Reader, checkpoints.Reader, counters);
            await reader.StartAsync(cancellationToken);
            for (var chunkNumber = 0L; start.Index + chunkNumber * ChunkSize < size; chunkNumber++)
            {
                var chunk = await NextChunkAsync(channels[chunkNumber % producers].Reader, cancellationToken);
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

    private static async Task<LeafChunk> NextChunkAsync(ChannelReader<LeafChunk> channel, CancellationToken cancellationToken)
    {
        try
        {
            return await channel.ReadAsync(cancellationToken);
        }
        catch (ChannelClosedException closed) when (closed.InnerException is VerificationFailure failure)
        {
            throw failure;
        }
    }

    /// <summary>
    /// Producer <paramref name="producer"/> of <paramref name="producers"/>: reads every producers-th chunk of entries,
    /// re-encodes each entry and checks its stored leaf hash. A failure closes its channel; the consumer meets it
    /// after every earlier chunk, so the first failure in index order is the one reported.
    /// </summary>
    private async Task HashLeavesAsync(long from, long to, int producer, int producers, ChannelWriter<LeafChunk> output, CancellationToken cancellationToken)
    {
        try
        {
            await using var db = store.CreateContext();
            await db.Database.OpenConnectionAsync(cancellationToken);
            await using var command = db.Database.GetDbConnection().CreateCommand();
            var buffer = new byte[4096];
            for (var first = from + (long)producer * ChunkSize; first < to; first += (long)producers * ChunkSize)
            {
                var last = Math.Min(first + ChunkSize, to);
                command.CommandText = $"SELECT \"Index\", \"BlockHeight\", \"Kind\", \"Actor\", \"TimestampMs\", \"Payload\", \"LeafHash\" FROM \"{LedgerTables.Entries}\" WHERE \"Index\" >= {first} AND \"Index\" < {last} ORDER BY \"Index\"";
                var chunk = new LeafChunk(first, (int)(last - first));
                // Synchronous reads: this loop owns its thread, and per-row async costs more than it saves here.
                await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
                {
                    for (var index = first; index < last; index++)
                    {
                        if (!reader.Read() || reader.GetInt64(0) != index)
                        {
                            throw new VerificationFailure($"Entry {index} is missing.", index: index);
                        }
                        var kind = reader.GetString(2);
                        var actor = reader.GetString(3);
                        var payload = reader.GetString(5);
                        var length = 1 + EntryEncoding.EncodedLength(kind, actor, payload);
                        buffer = Fit(buffer, length);
                        buffer[0] = 0x00;
                        EntryEncoding.Encode(index, reader.GetInt64(4), kind, actor, payload, buffer.AsSpan(1));
                        var leafHash = chunk.NextSlot(reader.GetInt64(1));
                        MerkleHash.PrefixedLeaf(buffer.AsSpan(0, length), leafHash);
                        if (!leafHash.SequenceEqual(reader.GetFieldValue<byte[]>(6)))
                        {
                            throw new VerificationFailure($"Entry {index}: its stored leaf hash does not match its content.", index: index);
                        }
                    }
                }
                await output.WriteAsync(chunk, cancellationToken);
            }
            output.TryComplete();
        }
        catch (Exception ex)
        {
            output.TryComplete(ex);
        }
    }

    private static byte[] Fit(byte[] buffer, int length) => length <= buffer.Length ? buffer : new byte[Math.Max(length, buffer.Length * 2)];

    private static void CheckNode(DbDataReader nodes, NodeRef node, ReadOnlySpan<byte> expected, Counters counters)
    {
        // Readers are synchronous here: the node stream is consumed inside the tree's append callback.
        if (!nodes.Read() || nodes.GetInt64(0) != node.StorageId)
        {
            throw new VerificationFailure($"Merkle node {node} is missing.", index: node.FirstLeaf);
        }
        if (!expected.SequenceEqual(nodes.GetFieldValue<byte[]>(1)))
        {
            throw new VerificationFailure($"Merkle node {node}: the stored hash differs from the hash of its children.", index: node.FirstLeaf);
        }
        counters.Nodes++;
    }

    private static void CheckBlock(StoredBlock block, byte[] previousHash, byte[] root)
    {
        if (!block.PreviousHash.AsSpan().SequenceEqual(previousHash))
        {
            throw new VerificationFailure($"Block {block.Height} does not link to the hash of block {block.Height - 1}.", height: block.Height);
        }
        if (!block.TreeRoot.AsSpan().SequenceEqual(root))
        {
            throw new VerificationFailure($"Block {block.Height}: its tree root differs from the root of its entries.", height: block.Height);
        }
        var header = new BlockHeader(block.Height, block.PreviousHash, block.FirstIndex, block.EntryCount, block.TreeSize, block.TreeRoot, block.TimestampMs);
        if (block.Hash.Length != MerkleHash.Size || !header.Hash().AsSpan().SequenceEqual(block.Hash))
        {
            throw new VerificationFailure($"Block {block.Height}: its stored hash differs from the hash of its header.", height: block.Height);
        }
    }

    private void CheckCheckpoint(StoredCheckpoint stored, byte[] root, long blockTimestampMs, KeyWindows windows)
    {
        if (!stored.RootHash.AsSpan().SequenceEqual(root))
        {
            throw new VerificationFailure($"The checkpoint at tree size {stored.TreeSize} records a root that differs from the tree's.", checkpoint: stored.TreeSize);
        }
        // The note does not carry a time; the row's time is the block's, so it cannot be moved unnoticed either.
        if (stored.TimestampMs != blockTimestampMs)
        {
            throw new VerificationFailure($"The checkpoint at tree size {stored.TreeSize} records another time than its block's.", checkpoint: stored.TreeSize);
        }
        try
        {
            var note = SignedNote.Parse(stored.Note);
            var body = Checkpoint.Parse(note.Text);
            if (body.Origin != origin || body.TreeSize != stored.TreeSize || !body.RootHash.AsSpan().SequenceEqual(root))
            {
                throw new VerificationFailure($"The signed checkpoint at tree size {stored.TreeSize} states another origin, size or root.", checkpoint: stored.TreeSize);
            }
            windows.Check(note, stored.KeyName, stored.TreeSize);
        }
        catch (FormatException ex)
        {
            throw new VerificationFailure($"The checkpoint at tree size {stored.TreeSize} is malformed: {ex.Message}", checkpoint: stored.TreeSize);
        }
    }

    private static async Task<StoredBlock?> NextBlockAsync(DbDataReader r, long expectedHeight, long expectedFirstIndex, CancellationToken cancellationToken)
    {
        if (!await r.ReadAsync(cancellationToken))
        {
            return null;
        }
        var block = new StoredBlock(r.GetInt64(0), r.GetFieldValue<byte[]>(1), r.GetFieldValue<byte[]>(2), r.GetInt64(3), r.GetInt32(4), r.GetInt64(5), r.GetFieldValue<byte[]>(6), r.GetInt64(7));
        if (block.Height != expectedHeight)
        {
            throw new VerificationFailure($"Block {expectedHeight} is missing.", height: expectedHeight);
        }
        if (block.FirstIndex != expectedFirstIndex || block.EntryCount < 1 || block.TreeSize != block.FirstIndex + block.EntryCount)
        {
            throw new VerificationFailure($"Block {block.Height} does not cover the entries that follow block {block.Height - 1}.", height: block.Height);
        }
        return block;
    }

    private static async Task<StoredCheckpoint?> NextCheckpointAsync(DbDataReader r, CancellationToken cancellationToken)
    {
        return await r.ReadAsync(cancellationToken)
            ? new StoredCheckpoint(r.GetInt64(0), r.GetFieldValue<byte[]>(1), r.GetString(2), r.GetString(3), r.GetInt64(4))
            : null;
    }

    private async Task<Stream> OpenAsync(string sql, CancellationToken cancellationToken)
    {
        // Each stream gets its own connection so that all four tables can be read side by side on every provider.
        var db = store.CreateContext();
        await db.Database.OpenConnectionAsync(cancellationToken);
        var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        var reader = await command.ExecuteReaderAsync(cancellationToken);
        return new Stream(db, command, reader);
    }

    private sealed class Stream(LedgerDbContext db, DbCommand command, DbDataReader reader) : IAsyncDisposable
    {
        public DbDataReader Reader { get; } = reader;

        public async ValueTask DisposeAsync()
        {
            await Reader.DisposeAsync();
            await command.DisposeAsync();
            await db.DisposeAsync();
        }
    }

    /// <summary>The consumer: rebuilds the tree from checked leaf hashes, in order, and checks what is stored against it.</summary>
    private sealed class ChainReader(LedgerVerifier owner, StartPoint start, KeyWindows windows, DbDataReader nodes, DbDataReader blocks, DbDataReader checkpoints, Counters counters)
    {
        private readonly CompactRange _range = start.Range;
        private byte[] _previousHash = start.PreviousHash;
        private long _expectedHeight = start.Height + 1;
        private StoredBlock? _block;
        private StoredCheckpoint? _checkpoint;
        private readonly Action<NodeRef, ReadOnlySpan<byte>> _checkNode = (node, hash) => CheckNode(nodes, node, hash, counters);

        public long Size => _range.Size;

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            _block = await NextBlockAsync(blocks, _expectedHeight, start.Index, cancellationToken);
            _checkpoint = await NextCheckpointAsync(checkpoints, cancellationToken);
        }

        public async Task ConsumeAsync(LeafChunk chunk, CancellationToken cancellationToken)
        {
            for (var i = 0; i < chunk.Count; i++)
            {
                var index = chunk.FirstIndex + i;
                if (_block is null || chunk.BlockHeights[i] != _block.Height)
                {
                    throw new VerificationFailure($"Entry {index} claims block {chunk.BlockHeights[i]}, but block {_block?.Height.ToString(CultureInfo.InvariantCulture) ?? "none"} holds it.", index: index);
                }
                _range.Append(chunk.LeafHash(i), _checkNode);
                counters.Entries++;
                if (_range.Size == _block.TreeSize)
                {
                    await EndBlockAsync(_block, cancellationToken);
                }
                if (_checkpoint is not null && _checkpoint.TreeSize <= _range.Size)
                {
                    throw new VerificationFailure($"The checkpoint at tree size {_checkpoint.TreeSize} does not fall on a block boundary.", checkpoint: _checkpoint.TreeSize);
                }
            }
        }

        private async Task EndBlockAsync(StoredBlock block, CancellationToken cancellationToken)
        {
            var root = _range.Root();
            CheckBlock(block, _previousHash, root);
            counters.Blocks++;
            _previousHash = block.Hash;
            _expectedHeight++;
            _block = await NextBlockAsync(blocks, _expectedHeight, _range.Size, cancellationToken);
            // Exactly one signed checkpoint per block, for the block's own tree: without it the block's entries,
            // nodes and header (none of them keyed) could be rewritten unnoticed.
            if (_checkpoint is null || _checkpoint.TreeSize != _range.Size)
            {
                throw new VerificationFailure($"Block {block.Height} has no checkpoint: the tree of size {_range.Size} was never signed.", height: block.Height, checkpoint: _range.Size);
            }
            owner.CheckCheckpoint(_checkpoint, root, block.TimestampMs, windows);
            counters.Checkpoints++;
            _checkpoint = await NextCheckpointAsync(checkpoints, cancellationToken);
        }

        public async Task FinishAsync(long headHeight, CancellationToken cancellationToken)
        {
            if (_block is not null && _block.Height <= headHeight)
            {
                throw new VerificationFailure($"Block {_block.Height} lies beyond the entries it claims.", height: _block.Height);
            }
            if (await nodes.ReadAsync(cancellationToken))
            {
                throw new VerificationFailure($"An unexpected Merkle node (id {nodes.GetInt64(0)}) is stored.");
            }
        }
    }

    /// <summary>Checked leaf hashes of consecutive entries, in one buffer.</summary>
    private sealed class LeafChunk(long firstIndex, int capacity)
    {
        private readonly byte[] _hashes = new byte[capacity * MerkleHash.Size];

        public long FirstIndex { get; } = firstIndex;
        public long[] BlockHeights { get; } = new long[capacity];
        public int Count { get; private set; }

        public Span<byte> NextSlot(long blockHeight)
        {
            BlockHeights[Count] = blockHeight;
            return _hashes.AsSpan(Count++ * MerkleHash.Size, MerkleHash.Size);
        }

        public ReadOnlySpan<byte> LeafHash(int i) => _hashes.AsSpan(i * MerkleHash.Size, MerkleHash.Size);
    }

    private sealed class Counters
    {
        public long Entries;
        public long Blocks;
        public long Nodes;
        public long Checkpoints;
    }

    private sealed record StartPoint(long Index, long Height, byte[] PreviousHash, CompactRange Range, long CheckpointSize = 0);

    private sealed record StoredBlock(long Height, byte[] Hash, byte[] PreviousHash, long FirstIndex, int EntryCount, long TreeSize, byte[] TreeRoot, long TimestampMs);

    private sealed record StoredCheckpoint(long TreeSize, byte[] RootHash, string KeyName, string Note, long TimestampMs);
}
