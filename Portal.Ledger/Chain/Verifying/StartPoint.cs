using Microsoft.EntityFrameworkCore;
using Portal.Ledger.Chain.Checkpoints;
using Portal.Ledger.Chain.Merkle;
using Portal.Ledger.Storage;

namespace Portal.Ledger.Chain.Verifying;

/// <summary>
/// Where a verification starts: the first entry to re-hash, the block before it, that block's hash and the tree's
/// right edge up to it. From the genesis, or from a saved checkpoint that the log is first proved to extend.
/// </summary>
internal sealed record StartPoint(long Index, long Height, byte[] PreviousHash, CompactRange Range, long CheckpointSize = 0)
{
    public static StartPoint Genesis() => new(0, -1, Hash.Zero.ToArray(), new CompactRange());

    /// <summary>
    /// Checks the saved checkpoint (its signature, the log's root at its size, the consistency proof to the head) and
    /// starts at the first block that ends after it.
    /// </summary>
    public static async Task<StartPoint> FromCheckpointAsync(LedgerDbContext db, string note, string origin, BlockRecord? head, IReadOnlyList<INoteVerifier> keys, KeyWindows windows, CancellationToken cancellationToken)
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
            return Genesis();
        }
        var size = head?.TreeSize ?? 0;
        if (head is null || checkpoint.TreeSize > size)
        {
            throw new VerificationFailure($"The saved checkpoint has {checkpoint.TreeSize} entries but the log has only {size}: the log was truncated or rolled back.", checkpoint: checkpoint.TreeSize);
        }
        var rootThen = await NodeStore.RootAsync(db, checkpoint.TreeSize, cancellationToken);
        if (!rootThen.Equals(checkpoint.RootHash))
        {
            throw new VerificationFailure($"The log's tree at size {checkpoint.TreeSize} does not have the saved checkpoint's root: history was rewritten.", checkpoint: checkpoint.TreeSize);
        }
        await windows.ReplayBeforeAsync(db, checkpoint.TreeSize, checkpoint.RootHash, cancellationToken);
        windows.Check(signed, checkpoint.Origin, checkpoint.TreeSize);
        var path = TreeMath.ConsistencyPath(checkpoint.TreeSize, size);
        var nodes = await NodeStore.ReadAsync(db, RangeHasher.NodesFor([.. path, new LeafRange(0, size)]), cancellationToken);
        try
        {
            ProofVerifier.VerifyConsistency(checkpoint.TreeSize, size, checkpoint.RootHash, head.TreeRoot, RangeHasher.Path(path, nodes));
        }
        catch (ProofException)
        {
            throw new VerificationFailure($"No valid consistency proof leads from the saved checkpoint (size {checkpoint.TreeSize}) to the current head.", checkpoint: checkpoint.TreeSize);
        }

        // Verify everything after the checkpoint, from the start of the first block that ends after it (a
        // checkpoint inside a block re-verifies that whole block).
        var block = await db.Blocks.AsNoTracking().Where(b => b.TreeSize > checkpoint.TreeSize).OrderBy(b => b.Height).FirstOrDefaultAsync(cancellationToken);
        var startIndex = block?.FirstIndex ?? size;
        var previous = block is null ? head.Hash
            : block.Height == 0 ? Hash.Zero.ToArray()
            : (await db.Blocks.AsNoTracking().FirstAsync(b => b.Height == block.Height - 1, cancellationToken)).Hash;
        var refs = TreeMath.Decompose(0, startIndex).ToList();
        var frontier = await NodeStore.ReadAsync(db, refs, cancellationToken);
        return new StartPoint(startIndex, (block?.Height ?? head.Height + 1) - 1, previous, new CompactRange(startIndex, refs.ConvertAll(r => frontier[r])), checkpoint.TreeSize);
    }
}
