namespace Portal.Ledger.Storage;

/// <summary>A ledger entry as stored. Timestamps are Unix milliseconds so every provider stores them exactly.</summary>
public sealed class EntryRecord
{
    public long Index { get; set; }
    public long BlockHeight { get; set; }
    public required string Kind { get; set; }
    public required string Actor { get; set; }
    public long TimestampMs { get; set; }
    public required string Payload { get; set; }
    public required byte[] LeafHash { get; set; }
}

public sealed class BlockRecord
{
    public long Height { get; set; }
    public required byte[] Hash { get; set; }
    public required byte[] PreviousHash { get; set; }
    public long FirstIndex { get; set; }
    public int EntryCount { get; set; }
    public long TreeSize { get; set; }
    public required byte[] TreeRoot { get; set; }
    public long TimestampMs { get; set; }
}

/// <summary>An interior Merkle node (level &gt;= 1), keyed by its level and index packed into one number (the Merkle core's <c>NodeRef.StorageId</c>).</summary>
public sealed class MerkleNodeRecord
{
    public long Id { get; set; }
    public required byte[] Hash { get; set; }
}

/// <summary>
/// A witness's cosignature of a stored checkpoint, collected after the checkpoint was signed: evidence that someone
/// else saw this tree, not part of the ledger itself (nothing in the tree depends on it).
/// </summary>
public sealed class CosignatureRecord
{
    public long TreeSize { get; set; }
    public required string Witness { get; set; }
    /// <summary>The whole signature line, as the witness returned it and as the checkpoint is served with it.</summary>
    public required string Line { get; set; }
    public long TimestampMs { get; set; }
}

public sealed class CheckpointRecord
{
    public long TreeSize { get; set; }
    public required byte[] RootHash { get; set; }
    public required string KeyName { get; set; }
    public required string Note { get; set; }
    public long TimestampMs { get; set; }
}
