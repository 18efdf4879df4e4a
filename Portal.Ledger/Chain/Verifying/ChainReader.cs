using System.Data.Common;
using System.Globalization;
using Portal.Ledger.Chain.Checkpoints;
using Portal.Ledger.Chain.Merkle;

namespace Portal.Ledger.Chain.Verifying;

/// <summary>The consumer: rebuilds the tree from checked leaf hashes, in order, and checks what is stored against it.</summary>
internal sealed class ChainReader(string origin, StartPoint start, KeyWindows windows, DbDataReader nodes, DbDataReader blocks, DbDataReader checkpoints, VerificationCounters counters)
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
        CheckCheckpoint(_checkpoint, root, block.TimestampMs, windows);
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

    private static void CheckNode(DbDataReader nodes, NodeRef node, ReadOnlySpan<byte> expected, VerificationCounters counters)
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

    private static void CheckBlock(StoredBlock block, byte[] previousHash, Hash root)
    {
        if (!block.PreviousHash.AsSpan().SequenceEqual(previousHash))
        {
            throw new VerificationFailure($"Block {block.Height} does not link to the hash of block {block.Height - 1}.", height: block.Height);
        }
        if (!root.Equals(block.TreeRoot))
        {
            throw new VerificationFailure($"Block {block.Height}: its tree root differs from the root of its entries.", height: block.Height);
        }
        // Both hashes were just found equal to 32-byte values: the previous block's hash and the rebuilt root.
        var header = new BlockHeader(block.Height, Hash.Of(block.PreviousHash), block.FirstIndex, block.EntryCount, block.TreeSize, root, block.TimestampMs);
        if (!header.Hash().Equals(block.Hash))
        {
            throw new VerificationFailure($"Block {block.Height}: its stored hash differs from the hash of its header.", height: block.Height);
        }
    }

    private void CheckCheckpoint(StoredCheckpoint stored, Hash root, long blockTimestampMs, KeyWindows windows)
    {
        if (!root.Equals(stored.RootHash))
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
            if (body.Origin != origin || body.TreeSize != stored.TreeSize || !root.Equals(body.RootHash))
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
}

internal sealed record StoredBlock(long Height, byte[] Hash, byte[] PreviousHash, long FirstIndex, int EntryCount, long TreeSize, byte[] TreeRoot, long TimestampMs);

internal sealed record StoredCheckpoint(long TreeSize, byte[] RootHash, string KeyName, string Note, long TimestampMs);

/// <summary>What a verification has checked so far.</summary>
internal sealed class VerificationCounters
{
    public long Entries;
    public long Blocks;
    public long Nodes;
    public long Checkpoints;
}
