using Microsoft.EntityFrameworkCore;
using Portal.Ledger.Chain.Merkle;
using Portal.Ledger.Storage;

namespace Portal.Ledger.Chain;

/// <summary>Read side of the ledger: entries, blocks, checkpoints and proofs at any tree size, O(log n) node reads each.</summary>
public sealed class LedgerReader(LedgerStore store)
{
    public async Task<LedgerBlock?> GetHeadAsync(CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        var head = await db.Blocks.AsNoTracking().OrderByDescending(b => b.Height).FirstOrDefaultAsync(cancellationToken);
        return head is null ? null : LedgerBlock.From(head);
    }

    public async Task<long> GetTreeSizeAsync(CancellationToken cancellationToken = default) =>
        (await GetHeadAsync(cancellationToken))?.TreeSize ?? 0;

    public async Task<LedgerEntry?> GetEntryAsync(long index, CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        var entry = await db.Entries.AsNoTracking().FirstOrDefaultAsync(e => e.Index == index, cancellationToken);
        return entry is null || index >= await HeadSizeAsync(db, cancellationToken) ? null : LedgerEntry.From(entry);
    }

    public async Task<LedgerBlock?> GetBlockAsync(long height, CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        var block = await db.Blocks.AsNoTracking().FirstOrDefaultAsync(b => b.Height == height, cancellationToken);
        return block is null ? null : LedgerBlock.From(block);
    }

    /// <summary>The newest blocks, newest first.</summary>
    public async Task<IReadOnlyList<LedgerBlock>> GetLatestBlocksAsync(int count, CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        var blocks = await db.Blocks.AsNoTracking().OrderByDescending(b => b.Height).Take(count).ToListAsync(cancellationToken);
        return blocks.ConvertAll(LedgerBlock.From);
    }

    /// <summary>Blocks below a height (or the newest), newest first.</summary>
    public async Task<IReadOnlyList<LedgerBlock>> GetBlocksBeforeAsync(long? beforeHeight, int count, CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        var blocks = db.Blocks.AsNoTracking();
        if (beforeHeight is { } height)
        {
            blocks = blocks.Where(b => b.Height < height);
        }
        var page = await blocks.OrderByDescending(b => b.Height).Take(Math.Clamp(count, 1, 200)).ToListAsync(cancellationToken);
        return page.ConvertAll(LedgerBlock.From);
    }

    /// <summary>Consecutive entries from an index.</summary>
    public async Task<IReadOnlyList<LedgerEntry>> GetEntriesAsync(long fromIndex, int count, CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        var end = Math.Min(fromIndex + Math.Clamp(count, 1, 1_000), await HeadSizeAsync(db, cancellationToken));
        var entries = await db.Entries.AsNoTracking().Where(e => e.Index >= fromIndex && e.Index < end).OrderBy(e => e.Index).ToListAsync(cancellationToken);
        return entries.ConvertAll(LedgerEntry.From);
    }

    /// <summary>
    /// Every signing-key rotation, oldest first: the index of its <c>ledger.key-rotated</c> entry, and the tree size
    /// and signed checkpoint of the block holding it (signed by the outgoing key). Reads every entry's kind: callers
    /// keep the answer until the published keys change.
    /// </summary>
    public async Task<IReadOnlyList<KeyRotationRecord>> GetKeyRotationsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        return await (
            from e in db.Entries.AsNoTracking()
            where e.Kind == Checkpoints.KeyRotation.Kind
            join b in db.Blocks.AsNoTracking() on e.BlockHeight equals b.Height
            join c in db.Checkpoints.AsNoTracking() on b.TreeSize equals c.TreeSize
            orderby e.Index
            select new KeyRotationRecord(e.Index, b.TreeSize, c.Note)).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The head block's signed checkpoint note, as stored, or null for an empty ledger. A row for a larger tree than
    /// the head's is no checkpoint of this ledger (verification names it) and is never served.
    /// </summary>
    public async Task<string?> GetLatestCheckpointAsync(CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        var size = await HeadSizeAsync(db, cancellationToken);
        return await db.Checkpoints.AsNoTracking().Where(c => c.TreeSize == size).Select(c => c.Note).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>The witnesses' cosignature lines collected for a tree size, by witness name.</summary>
    public async Task<IReadOnlyList<string>> GetCosignaturesAsync(long treeSize, CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        return await db.Cosignatures.AsNoTracking().Where(c => c.TreeSize == treeSize).OrderBy(c => c.Witness).Select(c => c.Line).ToListAsync(cancellationToken);
    }

    /// <summary>The largest tree a witness has cosigned (0 when none has) and the witnesses (by policy name) that did.</summary>
    public async Task<(long TreeSize, IReadOnlyList<string> Witnesses)> GetLatestCosignedAsync(CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        var size = await db.Cosignatures.AsNoTracking().OrderByDescending(c => c.TreeSize).Select(c => c.TreeSize).FirstOrDefaultAsync(cancellationToken);
        var witnesses = size == 0 ? [] : await db.Cosignatures.AsNoTracking().Where(c => c.TreeSize == size).Select(c => c.Witness).ToListAsync(cancellationToken);
        return (size, witnesses);
    }

    /// <summary>The stored checkpoint note of a block's tree, or null when no block of the ledger ends at that size.</summary>
    public async Task<string?> GetCheckpointAsync(long treeSize, CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        if (treeSize > await HeadSizeAsync(db, cancellationToken))
        {
            return null;
        }
        return await db.Checkpoints.AsNoTracking().Where(c => c.TreeSize == treeSize).Select(c => c.Note).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// The state at <paramref name="treeSize"/>, or at the head when null: null for an empty ledger, or for a size
    /// no block ends at (only block boundaries have signed checkpoints) or that is beyond the head.
    /// </summary>
    public async Task<LedgerState?> GetStateAsync(long? treeSize, CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        var head = await HeadSizeAsync(db, cancellationToken);
        var size = treeSize ?? head;
        if (size < 1 || size > head)
        {
            return null;
        }
        var checkpoint = await db.Checkpoints.AsNoTracking().Where(c => c.TreeSize == size)
            .Select(c => new { c.Note, c.TimestampMs }).FirstOrDefaultAsync(cancellationToken);
        return checkpoint is null ? null : LedgerState.Of(size, checkpoint.Note, checkpoint.TimestampMs);
    }

    /// <summary>The head block's tree size (0 for an empty ledger): rows beyond it are not part of the ledger.</summary>
    internal static Task<long> HeadSizeAsync(LedgerDbContext db, CancellationToken cancellationToken) =>
        db.Blocks.AsNoTracking().OrderByDescending(b => b.Height).Select(b => b.TreeSize).FirstOrDefaultAsync(cancellationToken);

    public async Task<byte[]> GetRootAsync(long treeSize, CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        await RequireSizeAsync(db, treeSize, cancellationToken);
        return (await NodeStore.RootAsync(db, treeSize, cancellationToken)).ToArray();
    }

    public async Task<InclusionProof> GetInclusionProofAsync(long index, long treeSize, CancellationToken cancellationToken = default)
    {
        if (treeSize < 1)
        {
            throw new LedgerArgumentException("treeSize must be at least 1.");
        }
        if (index < 0 || index >= treeSize)
        {
            throw new LedgerArgumentException($"index must be between 0 and treeSize - 1 ({treeSize - 1}).");
        }
        await using var db = store.CreateContext();
        await RequireSizeAsync(db, treeSize, cancellationToken);
        var path = TreeMath.InclusionPath(index, treeSize);
        var whole = new LeafRange(0, treeSize);
        var leaf = new NodeRef(0, index);
        var nodes = await NodeStore.ReadAsync(db, RangeHasher.NodesFor([.. path, whole]).Append(leaf), cancellationToken);
        return new InclusionProof(index, treeSize, nodes[leaf].ToArray(), RangeHasher.Hash(whole, nodes).ToArray(), RangeHasher.Path(path, nodes));
    }

    public async Task<ConsistencyProof> GetConsistencyProofAsync(long from, long to, CancellationToken cancellationToken = default)
    {
        if (from < 1)
        {
            throw new LedgerArgumentException("from must be at least 1: every tree is consistent with the empty tree.");
        }
        if (from > to)
        {
            throw new LedgerArgumentException("from must not exceed to.");
        }
        await using var db = store.CreateContext();
        await RequireSizeAsync(db, to, cancellationToken);
        var path = TreeMath.ConsistencyPath(from, to);
        var fromRange = new LeafRange(0, from);
        var toRange = new LeafRange(0, to);
        var nodes = await NodeStore.ReadAsync(db, RangeHasher.NodesFor([.. path, fromRange, toRange]), cancellationToken);
        return new ConsistencyProof(from, to, RangeHasher.Hash(fromRange, nodes).ToArray(), RangeHasher.Hash(toRange, nodes).ToArray(), RangeHasher.Path(path, nodes));
    }

    private static async Task RequireSizeAsync(LedgerDbContext db, long treeSize, CancellationToken cancellationToken)
    {
        var size = await HeadSizeAsync(db, cancellationToken);
        if (treeSize > size)
        {
            throw new LedgerArgumentException($"The log has {size} entries; tree size {treeSize} does not exist yet.");
        }
    }
}
