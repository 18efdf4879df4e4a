using Portal.Ledger.Chain.Checkpoints;
using Portal.Ledger.Chain.Merkle;
using Portal.Ledger.Storage;

namespace Portal.Ledger.Chain.Writing;

/// <summary>What a block is built on: the head block's height, hash and time, and the tree's right edge at its size.</summary>
internal sealed record ChainTip(long Height, Hash Hash, long TimestampMs, CompactRange Range)
{
    /// <summary>The tip of an empty ledger: the first block is height 0 and links to the genesis hash.</summary>
    public static ChainTip Empty() => new(-1, Merkle.Hash.Zero, 0, new CompactRange());

    public bool Is(BlockRecord? head) => head is not null && Height == head.Height && Hash.Equals(head.Hash);
}

/// <summary>A block ready to be written: its rows, the tree nodes it completed, the tip it leaves, and its message.</summary>
internal sealed record BuiltBlock(
    BlockRecord Block, CheckpointRecord Checkpoint, IReadOnlyList<MerkleNodeRecord> Nodes, ChainTip Tip, BlockAppended Appended);

/// <summary>
/// Turns the entries one write transaction staged into the next block, with no I/O: appends their leaf hashes to the
/// Merkle tree's right edge, hashes the header that links the block to its predecessor and commits to the new root,
/// and signs the checkpoint of the new tree.
/// </summary>
internal static class BlockBuilder
{
    /// <param name="withProof">
    /// Build the consistency proof from the previous tree, out of the nodes this append completes, so that the live
    /// feed can publish the block without reading it back.
    /// </param>
    /// <param name="cosigner">A second key that signs the checkpoint too (the new key, in a key rotation's block).</param>
    public static BuiltBlock Build(
        ChainTip tip, IReadOnlyList<EntryRecord> entries, long timestampMs, string origin, INoteSigner signer, INoteSigner? cosigner, bool withProof)
    {
        var height = tip.Height + 1;
        var range = tip.Range.Clone();
        var nodes = new List<MerkleNodeRecord>(entries.Count + 8);
        Action<NodeRef, ReadOnlySpan<byte>> store = (node, hash) => nodes.Add(new MerkleNodeRecord { Id = node.StorageId, Hash = hash.ToArray() });
        var appended = withProof && tip.Range.Size > 0 ? new Dictionary<NodeRef, Hash>(2 * entries.Count) : null;
        foreach (var entry in entries)
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
        // The root as bytes once, for the block row, the checkpoint row and the note.
        var rootBytes = root.ToArray();
        var consistency = appended is null ? null : ExtensionProof.Build(tip.Range, range, appended);
        var firstIndex = tip.Range.Size;
        var header = new BlockHeader(height, tip.Hash, firstIndex, entries.Count, range.Size, root, timestampMs);
        var hash = header.Hash();
        var block = new BlockRecord
        {
            Height = height,
            Hash = hash.ToArray(),
            PreviousHash = tip.Hash.ToArray(),
            FirstIndex = firstIndex,
            EntryCount = entries.Count,
            TreeSize = range.Size,
            TreeRoot = rootBytes,
            TimestampMs = timestampMs,
        };
        var signed = SignedNote.Sign(new Checkpoint(origin, range.Size, rootBytes).ToNoteText(), signer);
        var note = (cosigner is null ? signed : signed.CosignedBy(cosigner)).ToString();
        var checkpoint = new CheckpointRecord { TreeSize = range.Size, RootHash = rootBytes, KeyName = signer.Name, Note = note, TimestampMs = timestampMs };
        var previousRange = tip.Range.Subtrees().Select(s => s.Hash).ToList();
        var message = new BlockAppended(LedgerBlock.From(block), entries.Select(LedgerEntry.From).ToList(), note, consistency, previousRange);
        return new BuiltBlock(block, checkpoint, nodes, new ChainTip(height, hash, timestampMs, range), message);
    }
}
