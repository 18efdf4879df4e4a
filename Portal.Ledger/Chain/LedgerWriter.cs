using System.Text.Json;
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
    private readonly LedgerOptions _options;
    private readonly TimeProvider _clock;
    private readonly IReadOnlyList<ILedgerListener> _listeners;
    private readonly ILogger<LedgerWriter> _logger;
    private readonly Channel<PendingAppend> _queue = Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;
    private ChainTip? _tip;

    public LedgerWriter(
        LedgerStore store,
        INoteSigner signer,
        LedgerOptions options,
        IEnumerable<ILedgerListener>? listeners = null,
        TimeProvider? clock = null,
        ILogger<LedgerWriter>? logger = null)
    {
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
            Validate(draft);
        }
        var pending = new PendingAppend(drafts, new TaskCompletionSource<IReadOnlyList<EntryReceipt>>(TaskCreationOptions.RunContinuationsAsynchronously));
        ObjectDisposedException.ThrowIf(!_queue.Writer.TryWrite(pending), this);
        return pending.Completion.Task.WaitAsync(cancellationToken);
    }

    private static void Validate(EntryDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (string.IsNullOrWhiteSpace(draft.Kind) || System.Text.Encoding.UTF8.GetByteCount(draft.Kind) > EntryEncoding.MaxKindBytes)
        {
            throw new LedgerArgumentException($"An entry kind is 1 to {EntryEncoding.MaxKindBytes} bytes of text.");
        }
        if (string.IsNullOrWhiteSpace(draft.Actor) || System.Text.Encoding.UTF8.GetByteCount(draft.Actor) > EntryEncoding.MaxActorBytes)
        {
            throw new LedgerArgumentException($"An entry actor is 1 to {EntryEncoding.MaxActorBytes} bytes of text.");
        }
        if (draft.Payload is null || System.Text.Encoding.UTF8.GetByteCount(draft.Payload) > EntryEncoding.MaxPayloadBytes)
        {
            throw new LedgerArgumentException($"An entry payload is JSON of at most {EntryEncoding.MaxPayloadBytes} bytes.");
        }
        try
        {
            var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(draft.Payload));
            while (reader.Read())
            {
            }
        }
        catch (JsonException ex)
        {
            throw new LedgerArgumentException($"An entry payload must be valid JSON: {ex.Message}");
        }
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync())
        {
            var batch = new List<PendingAppend>();
            var entryCount = 0;
            while (entryCount < _options.MaxEntriesPerBlock && reader.TryPeek(out var next)
                && (batch.Count == 0 || entryCount + next.Drafts.Count <= _options.MaxEntriesPerBlock))
            {
                reader.TryRead(out _);
                batch.Add(next);
                entryCount += next.Drafts.Count;
            }
            try
            {
                var receipts = await CommitWithRetryAsync(batch);
                var offset = 0;
                foreach (var pending in batch)
                {
                    pending.Completion.TrySetResult(receipts.GetRange(offset, pending.Drafts.Count));
                    offset += pending.Drafts.Count;
                }
            }
            catch (Exception ex)
            {
                LogAppendFailed(ex, batch.Count);
                foreach (var pending in batch)
                {
                    pending.Completion.TrySetException(ex);
                }
            }
        }
    }

    private async Task<List<EntryReceipt>> CommitWithRetryAsync(List<PendingAppend> batch)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var (receipts, appended) = await CommitAsync(batch);
                await NotifyAsync(appended);
                return receipts;
            }
            catch (Exception ex) when (_store.Dialect.IsUniqueViolation(ex) && attempt < MaxConflictRetries)
            {
                // Another writer took this height first (possible only without the writer lock, e.g. a
                // misconfigured server): forget the cached tip and build on the new one.
                _tip = null;
                LogConflict(attempt);
            }
        }
    }

    private async Task<(List<EntryReceipt>, BlockAppended)> CommitAsync(List<PendingAppend> batch)
    {
        await using var db = _store.CreateContext();
        await db.Database.OpenConnectionAsync();
        var connection = db.Database.GetDbConnection();
        await using var transaction = await _store.Dialect.BeginWriteTransactionAsync(connection, CancellationToken.None);
        await db.Database.UseTransactionAsync(transaction);

        var head = await db.Blocks.AsNoTracking().OrderByDescending(b => b.Height).FirstOrDefaultAsync();
        var tip = await TipAsync(db, head);
        var range = tip.Range.Clone();
        var height = tip.Height + 1;
        var timestamp = Math.Max(_clock.GetUtcNow().ToUnixTimeMilliseconds(), tip.TimestampMs);
        var firstIndex = range.Size;

        var entries = new List<EntryRecord>(batch.Sum(p => p.Drafts.Count));
        var nodes = new List<MerkleNodeRecord>(entries.Capacity + 8);
        var receipts = new List<EntryReceipt>(entries.Capacity);
        foreach (var draft in batch.SelectMany(p => p.Drafts))
        {
            var index = range.Size;
            var leafHash = EntryEncoding.LeafHash(index, timestamp, draft.Kind, draft.Actor, draft.Payload);
            entries.Add(new EntryRecord
            {
                Index = index,
                BlockHeight = height,
                Kind = draft.Kind,
                Actor = draft.Actor,
                TimestampMs = timestamp,
                Payload = draft.Payload,
                LeafHash = leafHash,
            });
            receipts.Add(new EntryReceipt(index, height, leafHash));
            range.Append(leafHash, (node, hash) => nodes.Add(new MerkleNodeRecord { Id = node.StorageId, Hash = hash.ToArray() }));
        }

        var root = range.Root();
        var header = new BlockHeader(height, tip.Hash, firstIndex, entries.Count, range.Size, root, timestamp);
        var block = new BlockRecord
        {
            Height = height,
            Hash = header.Hash(),
            PreviousHash = tip.Hash,
            FirstIndex = firstIndex,
            EntryCount = entries.Count,
            TreeSize = range.Size,
            TreeRoot = root,
            TimestampMs = timestamp,
        };
        var note = SignedNote.Sign(new Checkpoint(_options.Origin, range.Size, root).ToNoteText(), _signer).ToString();

        await _store.Dialect.InsertEntriesAsync(connection, transaction, entries, CancellationToken.None);
        await _store.Dialect.InsertNodesAsync(connection, transaction, nodes, CancellationToken.None);
        db.Blocks.Add(block);
        db.Checkpoints.Add(new CheckpointRecord { TreeSize = range.Size, RootHash = root, KeyName = _signer.Name, Note = note, TimestampMs = timestamp });
        await db.SaveChangesAsync();
        await transaction.CommitAsync();

        _tip = new ChainTip(height, block.Hash, timestamp, range);
        var appended = new BlockAppended(LedgerBlock.From(block), entries.ConvertAll(LedgerEntry.From), note);
        return (receipts, appended);
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
        if (_tip is { } cached && cached.Height == head.Height && cached.Hash.AsSpan().SequenceEqual(head.Hash))
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
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Appending a block of {Count} requests failed")]
    private partial void LogAppendFailed(Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Another writer appended first; retrying (attempt {Attempt})")]
    private partial void LogConflict(int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Listener {Listener} failed on block {Height}")]
    private partial void LogListenerFailed(Exception exception, string listener, long height);

    private sealed record PendingAppend(IReadOnlyList<EntryDraft> Drafts, TaskCompletionSource<IReadOnlyList<EntryReceipt>> Completion);

    private sealed record ChainTip(long Height, byte[] Hash, long TimestampMs, CompactRange Range);
}
