using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Portal.Ledger.Chain.Merkle;
using Portal.Ledger.Storage;

namespace Portal.Ledger.Chain.Writing;

/// <summary>One block's write transaction, open under the single-writer lock, and the tip the block builds on.</summary>
internal sealed class OpenBlock(LedgerDbContext db, DbTransaction transaction, ChainTip tip) : IAsyncDisposable
{
    public LedgerDbContext Db { get; } = db;

    public DbTransaction Transaction { get; } = transaction;

    public ChainTip Tip { get; } = tip;

    /// <summary>Ends a block with nothing to write (every command was refused): no empty block.</summary>
    public async Task RollbackAsync()
    {
        await Transaction.RollbackAsync();
        await Db.Database.UseTransactionAsync(null);
    }

    public ValueTask DisposeAsync() => Transaction.DisposeAsync();
}

/// <summary>
/// The writer's side of the database: one EF Core context kept across blocks, the write transaction under the
/// single-writer lock, the check that nobody else appended since (or the cached rows and tip are dropped), and the
/// inserts of a built block with the read-model rows its entries changed.
/// </summary>
/// <remarks>
/// Read-model rows a block loaded or wrote stay tracked, so the next block finds them in memory instead of querying.
/// That is valid only while this writer's tip is the head, and the context is dropped on any failure or when it has
/// grown large.
/// </remarks>
internal sealed class WriteSession(LedgerStore store) : IAsyncDisposable
{
    private const int MaxEntriesBetweenClears = 10_000;

    private LedgerDbContext? _db;
    private int _entriesSinceClear;
    private ReadModelWriter _readModels = new();

    /// <summary>The head the context's tracked rows were read at, and the tip built on it (null: unknown).</summary>
    private ChainTip? _tip;

    /// <summary>Opens the next block's write transaction (waiting for the writer lock) and finds the tip to build on.</summary>
    public async Task<OpenBlock> BeginAsync()
    {
        var db = await ContextAsync();
        var transaction = await store.Dialect.BeginWriteTransactionAsync(db.Database.GetDbConnection(), CancellationToken.None);
        try
        {
            await db.Database.UseTransactionAsync(transaction);
            var head = await db.Blocks.AsNoTracking().OrderByDescending(b => b.Height).FirstOrDefaultAsync();
            if (_tip is not { } known || !known.Is(head))
            {
                // Another process appended since this context last read (or when it read is unknown): rows it tracks
                // may be stale, and a command deciding on them could pay twice. Read from the database again. This
                // must not depend on this writer having committed: a batch that was wholly refused read rows too.
                db.ChangeTracker.Clear();
            }
            _tip = await TipAsync(db, head);
            return new OpenBlock(db, transaction, _tip);
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    /// <summary>Writes the block's entries, nodes, header, checkpoint and read-model rows, and commits them together.</summary>
    public async Task CommitAsync(OpenBlock open, IReadOnlyList<EntryRecord> entries, BuiltBlock built)
    {
        var (db, transaction) = (open.Db, open.Transaction);
        var connection = db.Database.GetDbConnection();
        await store.Dialect.InsertEntriesAsync(connection, transaction, entries, CancellationToken.None);
        await store.Dialect.InsertNodesAsync(connection, transaction, built.Nodes, CancellationToken.None);
        db.Blocks.Add(built.Block);
        db.Checkpoints.Add(built.Checkpoint);
        await _readModels.SaveAsync(db, connection, transaction, CancellationToken.None);
        await transaction.CommitAsync();
        await db.Database.UseTransactionAsync(null);
        db.Entry(built.Block).State = EntityState.Detached;
        db.Entry(built.Checkpoint).State = EntityState.Detached;
        _entriesSinceClear += entries.Count;
        if (_entriesSinceClear > MaxEntriesBetweenClears)
        {
            db.ChangeTracker.Clear();
            _entriesSinceClear = 0;
        }
        _tip = built.Tip;
    }

    /// <summary>After any failure: forget the tip and the context, whose tracked rows may not match the database.</summary>
    public async Task ResetAsync()
    {
        _tip = null;
        _readModels = new ReadModelWriter();
        if (_db is not null)
        {
            await _db.DisposeAsync();
            _db = null;
        }
    }

    public ValueTask DisposeAsync() => new(ResetAsync());

    /// <summary>
    /// The tip to build on. The cached one is reused when no other writer has appended since; otherwise the right
    /// edge is reloaded from stored nodes and checked against the head block's root, so a damaged store is never
    /// extended.
    /// </summary>
    private async Task<ChainTip> TipAsync(LedgerDbContext db, BlockRecord? head)
    {
        if (head is null)
        {
            return ChainTip.Empty();
        }
        if (_tip is { } cached && cached.Is(head))
        {
            return cached;
        }
        var refs = TreeMath.Decompose(0, head.TreeSize).ToList();
        var hashes = await NodeStore.ReadAsync(db, refs, CancellationToken.None);
        var range = new CompactRange(head.TreeSize, refs.ConvertAll(r => hashes[r]));
        if (!range.Root().Equals(head.TreeRoot))
        {
            throw new LedgerCorruptException(
                $"The stored tree does not hash to the root of block {head.Height}; refusing to append. Run verify.");
        }
        return new ChainTip(head.Height, StoredHash.Of(head.Hash, $"block {head.Height}'s hash"), head.TimestampMs, range);
    }

    private async Task<LedgerDbContext> ContextAsync()
    {
        if (_db is null)
        {
            _db = store.CreateContext();
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
}
