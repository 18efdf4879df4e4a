using Portal.Ledger.Storage;

namespace Portal.Ledger.Chain.Writing;

/// <summary>
/// What a command sees while its block is being written: the database inside the write transaction (under the
/// single-writer lock, so what it reads is current and stays so until commit) and a way to append entries.
/// Each appended entry is applied to the read models at once, in the same transaction, so a later command in the
/// same block sees its effect.
/// </summary>
/// <remarks>
/// A command decides first and appends last: if it throws before appending, only it is refused; if it throws
/// after appending, its block is abandoned and the other commands of the block are run again without it.
/// </remarks>
public sealed class LedgerTransaction
{
    private readonly IReadOnlyList<IReadModelProjector> _projectors;
    private readonly List<EntryRecord> _entries = [];

    internal LedgerTransaction(LedgerDbContext db, long blockHeight, long timestampMs, long firstIndex, IReadOnlyList<IReadModelProjector> projectors)
    {
        Db = db;
        BlockHeight = blockHeight;
        TimestampMs = timestampMs;
        FirstIndex = firstIndex;
        _projectors = projectors;
    }

    public LedgerDbContext Db { get; }

    public long BlockHeight { get; }

    /// <summary>The time every entry of this block is recorded with.</summary>
    public long TimestampMs { get; }

    public DateTimeOffset Timestamp => DateTimeOffset.FromUnixTimeMilliseconds(TimestampMs);

    /// <summary>The index the next appended entry gets.</summary>
    public long NextIndex => FirstIndex + _entries.Count;

    internal long FirstIndex { get; }

    /// <summary>
    /// A second key to sign this block's checkpoint, set by a command that appends a key rotation: the new key
    /// signs the tree that records it, in the same transaction, so the note is never seen without that signature.
    /// </summary>
    public Checkpoints.INoteSigner? Cosigner { get; set; }

    internal IReadOnlyList<EntryRecord> Entries => _entries;

    public async Task<EntryReceipt> AppendAsync(EntryDraft draft, CancellationToken cancellationToken = default)
    {
        EntryDraftValidator.Validate(draft);
        var index = NextIndex;
        var record = new EntryRecord
        {
            Index = index,
            BlockHeight = BlockHeight,
            Kind = draft.Kind,
            Actor = draft.Actor,
            TimestampMs = TimestampMs,
            Payload = draft.Payload,
            LeafHash = EntryEncoding.LeafHash(index, TimestampMs, draft.Kind, draft.Actor, draft.Payload),
        };
        _entries.Add(record);
        var entry = LedgerEntry.From(record);
        foreach (var projector in _projectors)
        {
            await projector.ApplyAsync(Db, entry, cancellationToken);
        }
        return new EntryReceipt(index, BlockHeight, entry.LeafHash);
    }
}

/// <summary>
/// Keeps read models in step with the ledger. The same code applies entries as they are written and replays the
/// whole ledger to rebuild the read models, so the read models are a function of the ledger alone.
/// </summary>
public interface IReadModelProjector
{
    ValueTask ApplyAsync(LedgerDbContext db, LedgerEntry entry, CancellationToken cancellationToken);

    /// <summary>
    /// Before a replay into an empty database: copies what the projector reads beside the ledger (rows the ledger
    /// commits to but cannot hold, such as the payee keys), so that the replay reproduces what was projected.
    /// </summary>
    ValueTask PrepareReplayAsync(LedgerDbContext stored, LedgerDbContext scratch, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
