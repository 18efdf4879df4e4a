using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Ledger.Chain.Checkpoints;
using Portal.Ledger.Storage;

namespace Portal.Ledger.Chain;

/// <summary>
/// The only way entries enter the ledger. Callers wait on <see cref="AppendAsync"/>; one loop takes every append
/// waiting at that moment and commits them as one block in one transaction (group commit), under the database's
/// single-writer lock, so writers in this process, in other processes and on other servers extend one chain.
/// </summary>
public sealed partial class LedgerWriter : IAsyncDisposable
{
    private const int MaxConflictRetries = 8;

    private readonly LedgerStore _store;
    private readonly INoteSigner _signer;
    private readonly Func<INoteSigner>? _currentSigner;
    private readonly LedgerOptions _options;
    private readonly TimeProvider _clock;
    private readonly List<ILedgerListener> _listeners;
    private readonly IReadOnlyList<IReadModelProjector> _projectors;
    private readonly ILogger<LedgerWriter> _logger;
    private readonly Channel<WorkItem> _queue = Channel.CreateUnbounded<WorkItem>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;
    private ChainTip? _tip;

    /// <summary>The head block the write context's tracked rows were read at (null: unknown, e.g. never read).</summary>
    private (long Height, byte[] Hash)? _trackedAt;

    // The write context lives across blocks: read-model rows a block loaded or wrote stay tracked, so the next
    // block finds them in memory instead of querying. It is valid only while this writer's tip is the head (no
    // other writer appended since) and is dropped on any failure, or when it has grown large.
    private const int MaxEntriesBetweenClears = 10_000;
    private LedgerDbContext? _db;
    private int _entriesSinceClear;
    private ReadModelWriter _readModels = new();

    public LedgerWriter(
        LedgerStore store,
        INoteSigner signer,
        LedgerOptions options,
        IEnumerable<ILedgerListener>? listeners = null,
        TimeProvider? clock = null,
        ILogger<LedgerWriter>? logger = null,
        IEnumerable<IReadModelProjector>? projectors = null,
        Func<INoteSigner>? currentSigner = null)
    {
        // Where the key can change while the writer runs (a rotation), it asks for the current one before each block.
        _currentSigner = currentSigner;
        _projectors = projectors?.ToList() ?? [];
        _store = store;
        _signer = signer;
        _options = options;
        _clock = clock ?? TimeProvider.System;
        _listeners = listeners?.ToList() ?? [];
        _logger = logger ?? NullLogger<LedgerWriter>.Instance;
        _loop = Task.Run(RunAsync);
    }

    public async Task<EntryReceipt> AppendAsync(EntryDraft draft, CancellationToken cancellationToken = default) =>
        (await AppendAsync([draft], cancellationToken))[0];

    /// <summary>
    /// Appends the drafts, in order and contiguously, within one block. Returns when the block is durable.
    /// Cancelling stops the wait, not an append already queued.
    /// </summary>
    public Task<IReadOnlyList<EntryReceipt>> AppendAsync(IReadOnlyList<EntryDraft> drafts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(drafts);
        if (drafts.Count == 0)
        {
            throw new LedgerArgumentException("Nothing to append: give at least one entry.");
        }
        foreach (var draft in drafts)
        {
            EntryDraftValidator.Validate(draft);
        }
        return ExecuteAsync<IReadOnlyList<EntryReceipt>>(
            async (tx, ct) =>
            {
                var receipts = new List<EntryReceipt>(drafts.Count);
                foreach (var draft in drafts)
                {
                    receipts.Add(await tx.AppendAsync(draft, ct));
                }
                return receipts;
            },
            drafts.Count,
            cancellationToken);
    }

    /// <summary>
    /// Runs a command inside the next block's write transaction and returns its result once the block is durable.
    /// The command reads current state through <see cref="LedgerTransaction.Db"/>, decides, and appends entries;
    /// an exception it throws before appending refuses it alone and writes nothing of it.
    /// </summary>
    public Task<T> ExecuteAsync<T>(Func<LedgerTransaction, CancellationToken, Task<T>> command, CancellationToken cancellationToken = default) =>
        ExecuteAsync(command, 1, cancellationToken);

    private Task<T> ExecuteAsync<T>(Func<LedgerTransaction, CancellationToken, Task<T>> command, int expectedEntries, CancellationToken cancellationToken)
    {
        var work = new Work<T>(command, expectedEntries);
        ObjectDisposedException.ThrowIf(!_queue.Writer.TryWrite(work), this);
        return work.Completion.Task.WaitAsync(cancellationToken);
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync())
        {
            var batch = new List<WorkItem>();
            var entryCount = 0;
            while (entryCount < _options.MaxEntriesPerBlock && reader.TryPeek(out var next)
                && (batch.Count == 0 || entryCount + next.ExpectedEntries <= _options.MaxEntriesPerBlock))
            {
                reader.TryRead(out _);
                batch.Add(next);
                entryCount += next.ExpectedEntries;
            }
            await CommitWithRetryAsync(batch);
        }
    }

    /// <summary>Commits the batch as one block, completing or failing each work item; never throws.</summary>
    private async Task CommitWithRetryAsync(List<WorkItem> batch)
    {
        var conflicts = 0;
        while (batch.Count > 0)
        {
            try
            {
                var (done, appended) = await CommitAsync(batch);
                if (appended is not null)
                {
                    await NotifyAsync(appended);
                }
                foreach (var item in done)
                {
                    item.Complete();
                }
                return;
            }
            catch (AbandonedBlockException abandoned)
            {
                await ResetAsync();
                // A command failed after it had appended: drop it and write the others again without it.
                abandoned.Item.Fail(abandoned.InnerException!);
                batch.Remove(abandoned.Item);
            }
            catch (Exception ex) when (_store.Dialect.IsUniqueViolation(ex) && ++conflicts < MaxConflictRetries)
            {
                // Another writer took this height first (possible only without the writer lock, e.g. a
                // misconfigured server): forget the cached tip and build on the new one.
                await ResetAsync();
                LogConflict(conflicts);
            }
            catch (Exception ex)
            {
                await ResetAsync();
                LogAppendFailed(ex, batch.Count);
                foreach (var item in batch)
                {
                    item.Fail(ex);
                }
                return;
            }
        }
    }

    private async Task<(List<WorkItem> Done, BlockAppended? Appended)> CommitAsync(List<WorkItem> batch)
    {
        var db = await WriteContextAsync();
        var connection = db.Database.GetDbConnection();
        await using var transaction = await _store.Dialect.BeginWriteTransactionAsync(connection, CancellationToken.None);
        await db.Database.UseTransactionAsync(transaction);

        var head = await db.Blocks.AsNoTracking().OrderByDescending(b => b.Height).FirstOrDefaultAsync();
        if (_trackedAt is not { } at || head is null || at.Height != head.Height || !at.Hash.AsSpan().SequenceEqual(head.Hash))
        {
            // Another process appended since this context last read (or when it read is unknown): rows it tracks
            // may be stale, and a command deciding on them could pay twice. Read from the database again. This must
            // not depend on this writer having committed: a batch that was wholly refused read rows too.
            db.ChangeTracker.Clear();
        }
        _trackedAt = head is null ? null : (head.Height, head.Hash);
        var tip = await TipAsync(db, head);
        var height = tip.Height + 1;
        var timestamp = Math.Max(_clock.GetUtcNow().ToUnixTimeMilliseconds(), tip.TimestampMs);
        var tx = new LedgerTransaction(db, height, timestamp, tip.Range.Size, _projectors);

        var done = new List<WorkItem>(batch.Count);
        foreach (var item in batch)
        {
            var staged = tx.Entries.Count;
            try
            {
                await item.RunAsync(tx);
                done.Add(item);
            }
            catch (Exception ex) when (tx.Entries.Count == staged)
            {
                // Refused before it appended anything: nothing of it is in this block.
                item.Fail(ex);
            }
            catch (Exception ex)
            {
                throw new AbandonedBlockException(item, ex);
            }
        }
        if (tx.Entries.Count == 0)
        {
            // Nothing to write (every command was refused or found its work already done): no empty block.
            await transaction.RollbackAsync();
            await db.Database.UseTransactionAsync(null);
            return (done, null);
        }

        var range = tip.Range.Clone();
        var nodes = new List<MerkleNodeRecord>(tx.Entries.Count + 8);
        Action<NodeRef, ReadOnlySpan<byte>> store = (node, hash) => nodes.Add(new MerkleNodeRecord { Id = node.StorageId, Hash = hash.ToArray() });
        // With listeners (the live feed), the block's consistency proof is built from the nodes this append
        // completes, so the block can be published without reading it back.
        var appended = _listeners.Count > 0 && tip.Range.Size > 0 ? new Dictionary<NodeRef, byte[]>(2 * tx.Entries.Count) : null;
        foreach (var entry in tx.Entries)
        {
            if (appended is null)
            {
                range.Append(entry.LeafHash, store);
            }
            else
            {
                ExtensionProof.Append(range, entry.LeafHash, appended, store);
            }
        }
        var root = range.Root();
        var consistency = appended is null ? null : ExtensionProof.Build(tip.Range, range, appended);
        var header = new BlockHeader(height, tip.Hash, tx.FirstIndex, tx.Entries.Count, range.Size, root, timestamp);
        var block = new BlockRecord
        {
            Height = height,
            Hash = header.Hash(),
            PreviousHash = tip.Hash,
            FirstIndex = tx.FirstIndex,
            EntryCount = tx.Entries.Count,
            TreeSize = range.Size,
            TreeRoot = root,
            TimestampMs = timestamp,
        };
        // Inside the write transaction: a rotation's swap that happened before another writer's commit is seen here.
        var signer = _currentSigner?.Invoke() ?? _signer;
        var signed = SignedNote.Sign(new Checkpoint(_options.Origin, range.Size, root).ToNoteText(), signer);
        var note = (tx.Cosigner is { } cosigner ? signed.CosignedBy(cosigner) : signed).ToString();

        await _store.Dialect.InsertEntriesAsync(connection, transaction, tx.Entries, CancellationToken.None);
        await _store.Dialect.InsertNodesAsync(connection, transaction, nodes, CancellationToken.None);
        var checkpoint = new CheckpointRecord { TreeSize = range.Size, RootHash = root, KeyName = signer.Name, Note = note, TimestampMs = timestamp };
        db.Blocks.Add(block);
        db.Checkpoints.Add(checkpoint);
        // Writes the block, its checkpoint and the read-model rows its entries changed, in the same transaction.
        await _readModels.SaveAsync(db, connection, transaction, CancellationToken.None);
        await transaction.CommitAsync();
        await db.Database.UseTransactionAsync(null);
        db.Entry(block).State = EntityState.Detached;
        db.Entry(checkpoint).State = EntityState.Detached;
        _entriesSinceClear += tx.Entries.Count;
        if (_entriesSinceClear > MaxEntriesBetweenClears)
        {
            db.ChangeTracker.Clear();
            _entriesSinceClear = 0;
        }

        _tip = new ChainTip(height, block.Hash, timestamp, range);
        _trackedAt = (height, block.Hash);
        var previousRange = _listeners.Count > 0 ? tip.Range.Subtrees().Select(s => s.Hash).ToList() : [];
        return (done, new BlockAppended(LedgerBlock.From(block), tx.Entries.Select(LedgerEntry.From).ToList(), note, consistency, previousRange));
    }

    /// <summary>
    /// The chain tip to build on. The cached one is reused when no other writer has appended since; otherwise the
    /// right edge is reloaded from stored nodes and checked against the head block's root, so a damaged store is
    /// never extended.
    /// </summary>
    private async Task<ChainTip> TipAsync(LedgerDbContext db, BlockRecord? head)
    {
        if (head is null)
        {
            return new ChainTip(-1, BlockHeader.GenesisPreviousHash, 0, new CompactRange());
        }
        if (_tip is { } cached && IsTip(cached, head))
        {
            return cached;
        }
        var refs = TreeMath.Decompose(0, head.TreeSize).ToList();
        var hashes = await NodeStore.ReadAsync(db, refs, CancellationToken.None);
        var range = new CompactRange(head.TreeSize, refs.ConvertAll(r => hashes[r]));
        if (!range.Root().AsSpan().SequenceEqual(head.TreeRoot))
        {
            throw new LedgerCorruptException(
                $"The stored tree does not hash to the root of block {head.Height}; refusing to append. Run verify.");
        }
        return new ChainTip(head.Height, head.Hash, head.TimestampMs, range);
    }

    private static bool IsTip(ChainTip tip, BlockRecord? head) =>
        head is not null && tip.Height == head.Height && tip.Hash.AsSpan().SequenceEqual(head.Hash);

    private async Task<LedgerDbContext> WriteContextAsync()
    {
        if (_db is null)
        {
            _db = _store.CreateContext();
            // Projectors mark what they change; scanning every tracked row on each save would cost more than the
            // queries the tracked rows save.
            _db.ChangeTracker.AutoDetectChangesEnabled = false;
            // The block's own transaction is the unit of atomicity; a savepoint per save adds nothing.
            _db.Database.AutoSavepointsEnabled = false;
            await _db.Database.OpenConnectionAsync();
            _entriesSinceClear = 0;
        }
        return _db;
    }

    /// <summary>After any failure: forget the tip and the write context, whose tracked rows may not match the database.</summary>
    private async Task ResetAsync()
    {
        _tip = null;
        _trackedAt = null;
        _readModels = new ReadModelWriter();
        if (_db is not null)
        {
            await _db.DisposeAsync();
            _db = null;
        }
    }

    private async Task NotifyAsync(BlockAppended appended)
    {
        foreach (var listener in _listeners)
        {
            try
            {
                await listener.OnBlockAppendedAsync(appended, CancellationToken.None);
            }
            catch (Exception ex)
            {
                // A listener's failure must not turn a committed append into a reported failure.
                LogListenerFailed(ex, listener.GetType().Name, appended.Block.Height);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
        await ResetAsync();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Appending a block of {Count} requests failed")]
    private partial void LogAppendFailed(Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Another writer appended first; retrying (attempt {Attempt})")]
    private partial void LogConflict(int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Listener {Listener} failed on block {Height}")]
    private partial void LogListenerFailed(Exception exception, string listener, long height);

    private abstract class WorkItem(int expectedEntries)
    {
        public int ExpectedEntries { get; } = expectedEntries;

        public abstract Task RunAsync(LedgerTransaction transaction);

        public abstract void Complete();

        public abstract void Fail(Exception exception);
    }

    private sealed class Work<T>(Func<LedgerTransaction, CancellationToken, Task<T>> command, int expectedEntries) : WorkItem(expectedEntries)
    {
        private T _result = default!;

        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async Task RunAsync(LedgerTransaction transaction) => _result = await command(transaction, CancellationToken.None);

        public override void Complete() => Completion.TrySetResult(_result);

        public override void Fail(Exception exception) => Completion.TrySetException(exception);
    }

    private sealed class AbandonedBlockException(WorkItem item, Exception inner) : Exception("A command failed after appending.", inner)
    {
        public WorkItem Item { get; } = item;
    }

    private sealed record ChainTip(long Height, byte[] Hash, long TimestampMs, CompactRange Range);
}
