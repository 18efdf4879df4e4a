using Microsoft.EntityFrameworkCore;
using Portal.Ledger.Chain;
using Portal.Ledger.Chain.Merkle;
using Portal.Ledger.Funds;
using Portal.Ledger.Storage;

namespace Portal.Ledger.Feed;

/// <summary>
/// Builds the live feed's blocks from what is stored, the same way for a block just committed and for blocks a
/// reconnecting client missed: header, entries with their fund, region, program and amount, the checkpoint note
/// signed for the block's tree, and the consistency proof from the previous block's tree.
/// </summary>
public sealed class BlockFeed(LedgerStore store, LedgerReader reader)
{
    /// <summary>The most blocks one replay returns; a client further behind asks again from where it got to.</summary>
    public const int MaxReplay = 500;

    /// <summary>The newest block's height; -1 for an empty ledger (blocks are numbered from 0).</summary>
    public async Task<long> HeadHeightAsync(CancellationToken cancellationToken = default) =>
        (await reader.GetHeadAsync(cancellationToken))?.Height ?? -1;

    /// <summary>Blocks after <paramref name="afterHeight"/>, oldest first, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<FeedBlock>> ReadAsync(long afterHeight, int limit = MaxReplay, CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        var blocks = await db.Blocks.AsNoTracking().Where(b => b.Height > afterHeight).OrderBy(b => b.Height)
            .Take(Math.Clamp(limit, 1, MaxReplay)).ToListAsync(cancellationToken);
        if (blocks.Count == 0)
        {
            return [];
        }
        var first = blocks[0];
        var previous = first.FirstIndex == 0 ? null
            : await db.Blocks.AsNoTracking().Where(b => b.Height == first.Height - 1).Select(b => new { b.TreeSize, b.TreeRoot }).FirstAsync(cancellationToken);
        var fromIndex = first.FirstIndex;
        var toIndex = blocks[^1].TreeSize;
        var entries = await db.Entries.AsNoTracking().Where(e => e.Index >= fromIndex && e.Index < toIndex).OrderBy(e => e.Index).ToListAsync(cancellationToken);
        var sizes = blocks.Select(b => b.TreeSize).ToList();
        var notes = await db.Checkpoints.AsNoTracking().Where(c => sizes.Contains(c.TreeSize)).ToDictionaryAsync(c => c.TreeSize, c => c.Note, cancellationToken);
        var summaries = (await SummarizeAsync(db, entries.ConvertAll(LedgerEntry.From), cancellationToken))
            .ToLookup(e => blocks[FindBlock(blocks, e.Index)].Height);

        // Every block's consistency path, read in one query: a replay of hundreds of blocks must not cost hundreds
        // of round trips. The roots at both ends are the blocks' own (the client checks them against the signed
        // checkpoints anyway).
        var (previousSize, previousRoot) = previous is null ? (0L, Hash.EmptyTree.ToArray()) : (previous.TreeSize, previous.TreeRoot);
        var paths = new List<List<LeafRange>>(blocks.Count);
        var from = previousSize;
        foreach (var block in blocks)
        {
            paths.Add(from > 0 ? TreeMath.ConsistencyPath(from, block.TreeSize) : []);
            from = block.TreeSize;
        }
        // The previous tree's compact range for each block: the first block's read from the stored nodes, each later
        // one the range before it extended by the block's own leaves (already read), so it costs no more queries.
        var rangeNodes = TreeMath.Decompose(0, first.FirstIndex).ToList();
        var nodes = await NodeStore.ReadAsync(db, RangeHasher.NodesFor(paths.SelectMany(p => p)).Concat(rangeNodes), cancellationToken);
        var range = new CompactRange(first.FirstIndex, rangeNodes.ConvertAll(n => nodes[n]));

        var result = new List<FeedBlock>(blocks.Count);
        var at = 0;
        for (var i = 0; i < blocks.Count; i++)
        {
            var block = blocks[i];
            var consistency = previousSize > 0
                ? new ConsistencyProof(previousSize, block.TreeSize, previousRoot, block.TreeRoot, RangeHasher.Path(paths[i], nodes))
                : null;
            var previousRange = range.Subtrees().Select(s => s.Hash).ToList();
            for (; at < entries.Count && entries[at].Index < block.TreeSize; at++)
            {
                range.Append(entries[at].LeafHash);
            }
            if (range.Size != block.TreeSize || !range.Root().Equals(block.TreeRoot))
            {
                // Never stream a block whose stored entries are not its tree's leaves: run verify.
                throw new LedgerCorruptException($"The stored entries of block {block.Height} do not hash to its root.");
            }
            result.Add(Build(LedgerBlock.From(block), summaries[block.Height].ToList(),
                notes.GetValueOrDefault(block.TreeSize) ?? throw new LedgerCorruptException($"Block {block.Height} has no signed checkpoint."),
                consistency, previousRange));
            (previousSize, previousRoot) = (block.TreeSize, block.TreeRoot);
        }
        return result;
    }

    /// <summary>
    /// A block this process has just committed, as a replay would return it, from what the writer holds: no read
    /// of the block, its entries, checkpoint or proof (only of the requests its entries name, when they do).
    /// </summary>
    public async Task<FeedBlock> FromAppendedAsync(BlockAppended appended, CancellationToken cancellationToken = default)
    {
        if (appended.Consistency is null && appended.Block.FirstIndex > 0)
        {
            throw new ArgumentException($"Block {appended.Block.Height} comes without its consistency proof.", nameof(appended));
        }
        return Build(appended.Block, await SummarizeAsync(null, [.. appended.Entries], cancellationToken), appended.CheckpointNote,
            appended.Consistency, appended.PreviousRange);
    }

    private static FeedBlock Build(LedgerBlock block, IReadOnlyList<FeedEntry> entries, string note, ConsistencyProof? consistency, IReadOnlyList<Hash> previousRange) =>
        new(block.Height, block.Hash.ToHex(), block.PreviousHash.ToHex(), block.TreeSize, block.TreeRoot.ToHex(), block.Timestamp, entries, note,
            consistency is null ? null
                : new FeedConsistency(consistency.From, consistency.To, Hex(consistency.FromRoot), Hex(consistency.ToRoot), [.. consistency.Path.Select(Hex)]),
            [.. previousRange.Select(h => h.ToHex())]);

    /// <summary>The position in <paramref name="blocks"/> (ascending, contiguous) of the block holding an entry.</summary>
    private static int FindBlock(List<BlockRecord> blocks, long index)
    {
        int low = 0, high = blocks.Count - 1;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (blocks[middle].TreeSize <= index)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }
        return low;
    }

    /// <summary>
    /// Each entry's fund, region, program and amount, read from its typed event; those that name only a request get
    /// them from it (read in <paramref name="db"/>, or a context of its own when there is none and a request is named).
    /// </summary>
    private async Task<List<FeedEntry>> SummarizeAsync(LedgerDbContext? db, List<LedgerEntry> entries, CancellationToken cancellationToken)
    {
        var facts = entries.ConvertAll(e => EntryFacts.Of(FundEvents.Read(e.Kind, e.Payload)));
        var requestIds = facts.Select(f => f.RequestId).OfType<long>().Distinct().ToList();
        var requests = new Dictionary<long, RequestSummary>();
        if (requestIds.Count > 0)
        {
            var own = db is null ? store.CreateContext() : null;
            await using (own)
            {
                // In chunks: a block of thousands of entries names more requests than some providers take parameters.
                foreach (var chunk in requestIds.Chunk(1_000))
                {
                    foreach (var request in await (db ?? own!).Set<RequestRecord>().AsNoTracking().Where(r => chunk.Contains(r.Id))
                        .Select(r => new RequestSummary(r.Id, r.FundId, r.RegionCode, r.ProgramCode, r.DepartmentCode, r.Amount))
                        .ToListAsync(cancellationToken))
                    {
                        requests[request.Id] = request;
                    }
                }
            }
        }
        return [.. entries.Select((entry, i) =>
        {
            var fact = facts[i];
            var request = fact.RequestId is { } id ? requests.GetValueOrDefault(id) : null;
            var amount = fact.Amount ?? (fact.WholeRequest ? request?.Amount : null);
            return new FeedEntry(entry.Index, entry.Kind, fact.FundId ?? request?.FundId, fact.Region ?? request?.RegionCode,
                fact.Program ?? request?.ProgramCode, amount, Convert.ToBase64String(entry.LeafData()))
            {
                Actor = entry.Actor,
                RequestId = fact.RequestId,
                Department = fact.Department ?? request?.DepartmentCode,
            };
        })];
    }

    private sealed record RequestSummary(long Id, long FundId, string RegionCode, string ProgramCode, string DepartmentCode, decimal Amount);

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
