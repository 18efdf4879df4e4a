using Portal.Ledger.Chain.Merkle;
using Portal.Ledger.Storage;

namespace Portal.Ledger.Chain;

/// <summary>What a caller asks to append. The ledger assigns index and timestamp.</summary>
public sealed record EntryDraft(string Kind, string Actor, string Payload);

public sealed record EntryReceipt(long Index, long BlockHeight, Hash LeafHash);

public sealed record LedgerEntry(long Index, long BlockHeight, string Kind, string Actor, long TimestampMs, string Payload, Hash LeafHash)
{
    public DateTimeOffset Timestamp => DateTimeOffset.FromUnixTimeMilliseconds(TimestampMs);

    /// <summary>The exact leaf input: SHA-256(0x00 || LeafData()) equals <see cref="LeafHash"/> for an intact entry.</summary>
    public byte[] LeafData() => EntryEncoding.Encode(Index, TimestampMs, Kind, Actor, Payload);

    internal static LedgerEntry From(EntryRecord r) =>
        new(r.Index, r.BlockHeight, r.Kind, r.Actor, r.TimestampMs, r.Payload, StoredHash.Of(r.LeafHash, $"entry {r.Index}'s leaf hash"));
}

public sealed record LedgerBlock(long Height, Hash Hash, Hash PreviousHash, long FirstIndex, int EntryCount, long TreeSize, Hash TreeRoot, long TimestampMs)
{
    public DateTimeOffset Timestamp => DateTimeOffset.FromUnixTimeMilliseconds(TimestampMs);

    public BlockHeader Header => new(Height, PreviousHash, FirstIndex, EntryCount, TreeSize, TreeRoot, TimestampMs);

    internal static LedgerBlock From(BlockRecord r) => new(r.Height, StoredHash.Of(r.Hash, $"block {r.Height}'s hash"),
        StoredHash.Of(r.PreviousHash, $"block {r.Height}'s previous hash"), r.FirstIndex, r.EntryCount, r.TreeSize,
        StoredHash.Of(r.TreeRoot, $"block {r.Height}'s tree root"), r.TimestampMs);
}

/// <summary>A signing-key rotation: its entry, and the checkpoint (by the outgoing key) of the tree that first holds it.</summary>
public sealed record KeyRotationRecord(long Index, long TreeSize, string Checkpoint);

/// <summary>
/// Raised after a block commits, to in-process listeners (and from there to dashboards), with the proof that its
/// tree extends the previous block's (null for block 0, the first tree) and the previous tree's compact range (the
/// complete subtrees of [0, FirstIndex), left to right).
/// </summary>
public sealed record BlockAppended(
    LedgerBlock Block, IReadOnlyList<LedgerEntry> Entries, string CheckpointNote, ConsistencyProof? Consistency, IReadOnlyList<Hash> PreviousRange);

public interface ILedgerListener
{
    ValueTask OnBlockAppendedAsync(BlockAppended appended, CancellationToken cancellationToken);
}

/// <summary>A hash read from the database, where a row of another length is damage, not a caller's mistake.</summary>
internal static class StoredHash
{
    public static Hash Of(byte[] bytes, string what) => bytes.Length == Hash.Size
        ? Hash.Of(bytes)
        : throw new LedgerCorruptException($"The stored {what} is {bytes.Length} bytes, not {Hash.Size}: run verify.");
}

/// <summary>A request the ledger refuses as given: a caller's error, never a server fault.</summary>
public sealed class LedgerArgumentException(string message) : Exception(message);

/// <summary>The stored ledger is not what was written: verification or an append found a broken invariant.</summary>
public sealed class LedgerCorruptException(string message) : Exception(message);

public sealed class LedgerOptions
{
    public const string DefaultOrigin = "portal.example/ledger";

    /// <summary>The checkpoint origin line, also the signing key's name.</summary>
    public string Origin { get; set; } = DefaultOrigin;

    public string SigningKeyPath { get; set; } = Path.Combine("data", "ledger-signing.key");

    /// <summary>
    /// The public keys of every signing key the ledger has used, oldest first (by default beside the signing key):
    /// published, and trusted by verification, so checkpoints signed before a rotation still verify.
    /// </summary>
    public string? PublicKeysPath { get; set; }

    public string PublicKeysFile => PublicKeysPath ?? Path.Combine(Path.GetDirectoryName(SigningKeyPath) ?? ".", "ledger-public-keys.txt");

    /// <summary>
    /// The secret that keys individuals' payee keys (<see cref="Privacy.PayeeKeys"/>): outside the database, so a
    /// copy of the database alone cannot test a name against them. By default beside the signing key.
    /// </summary>
    public string? PayeeKeyPath { get; set; }

    public string PayeeKeyFile => PayeeKeyPath ?? Path.Combine(Path.GetDirectoryName(SigningKeyPath) ?? ".", "payee-key.secret");

    /// <summary>Group commit gathers waiting appends into one block until it holds this many entries.</summary>
    public int MaxEntriesPerBlock { get; set; } = 10_000;

    /// <summary>
    /// A C2SP tlog-policy file naming the witnesses each checkpoint is submitted to and the quorum it needs
    /// (<c>Ledger:WitnessPolicyPath</c>); none, no witnesses.
    /// </summary>
    public string? WitnessPolicyPath { get; set; }
}
