using Microsoft.EntityFrameworkCore;
using Portal.Ledger.Storage;

namespace Portal.Ledger.Chain.Checkpoints;

/// <summary>
/// Which published key may sign the checkpoint of which tree. The first published key signs from the start; a later
/// key only trees after the block that records its rotation (<c>ledger.key-rotated</c>), whose own checkpoint the
/// previous key must sign. A key stolen after a rotation therefore cannot re-sign the history before it, and a key
/// published without a rotation in the ledger signs nothing. Older keys stay valid after a rotation: running
/// instances sign with the key they loaded until they restart.
/// </summary>
internal sealed class KeyWindows
{
    private readonly IReadOnlyList<INoteVerifier> _keys;
    private readonly (string Name, uint KeyId)? _first;
    private readonly Dictionary<(string Name, uint KeyId), long> _activeAfter = [];
    private readonly Dictionary<long, (string Name, uint KeyId)> _rotatedAt = [];
    private IReadOnlyList<Rotation> _rotations = [];

    private KeyWindows(IReadOnlyList<INoteVerifier> keys)
    {
        _keys = keys;
        _first = keys.Count > 0 ? Id(keys[0]) : null;
    }

    /// <summary>Reads the ledger's rotation entries (every entry's kind: once per verification).</summary>
    public static async Task<KeyWindows> LoadAsync(LedgerDbContext db, IReadOnlyList<INoteVerifier> keys, CancellationToken cancellationToken)
    {
        var rotations = await (
            from e in db.Entries.AsNoTracking()
            where e.Kind == KeyRotation.Kind
            join b in db.Blocks.AsNoTracking() on e.BlockHeight equals b.Height
            orderby e.Index
            select new Rotation(e.Index, e.TimestampMs, e.Actor, e.Payload, b.TreeSize)).ToListAsync(cancellationToken);
        var windows = new KeyWindows(keys) { _rotations = rotations };
        foreach (var rotation in rotations)
        {
            var (previous, next) = Parse(rotation.Index, rotation.Payload);
            // A key rotated to twice counts from its first rotation.
            windows._activeAfter.TryAdd(next, rotation.TreeSize);
            windows._rotatedAt[rotation.TreeSize] = previous;
        }
        return windows;
    }

    /// <summary>
    /// For a verification that starts from a saved checkpoint: the rotations recorded before it are not re-hashed
    /// with the rest, so each is checked here, its content against its leaf and its leaf included under the saved
    /// (verified) root. Otherwise an edited old row could invent a rotation to a key added to the published file.
    /// </summary>
    public async Task CheckRecordedBeforeAsync(LedgerDbContext db, long treeSize, byte[] root, CancellationToken cancellationToken)
    {
        foreach (var rotation in _rotations.Where(r => r.Index < treeSize))
        {
            var leaf = MerkleHash.Leaf(EntryEncoding.Encode(rotation.Index, rotation.TimestampMs, KeyRotation.Kind, rotation.Actor, rotation.Payload));
            var path = TreeMath.InclusionPath(rotation.Index, treeSize);
            var nodes = await NodeStore.ReadAsync(db, RangeHasher.NodesFor(path), cancellationToken);
            if (!ProofVerifier.VerifyInclusion(rotation.Index, treeSize, leaf, path.ConvertAll(r => RangeHasher.Hash(r, nodes)), root))
            {
                throw new VerificationFailure($"Entry {rotation.Index}, a key rotation, is not the entry the saved checkpoint's tree holds.", index: rotation.Index);
            }
        }
    }

    /// <summary>
    /// Fails unless the note carries a valid signature by a published key allowed to sign a tree of this size (any
    /// one, when it carries several).
    /// </summary>
    public void Check(SignedNote note, string keyName, long treeSize)
    {
        // After a rotation several keys share the name; the signature's key ID says which one signed.
        var signers = _keys.Where(k => k.Name == keyName && note.IsSignedBy(k)).Select(Id).ToList();
        if (signers.Count == 0)
        {
            throw new VerificationFailure($"The checkpoint at tree size {treeSize} has no valid signature by a known key.", checkpoint: treeSize);
        }
        if (_rotatedAt.TryGetValue(treeSize, out var previous))
        {
            if (!signers.Contains(previous))
            {
                throw new VerificationFailure(
                    $"The checkpoint at tree size {treeSize} closes the block recording a key rotation, so the previous key ({previous.KeyId:x8}) must sign it, not key {signers[0].KeyId:x8}.",
                    checkpoint: treeSize);
            }
            return;
        }
        if (!signers.Any(id => id == _first || (_activeAfter.TryGetValue(id, out var after) && treeSize > after)))
        {
            throw new VerificationFailure(
                $"The checkpoint at tree size {treeSize} is signed by key {signers[0].KeyId:x8}, which the ledger had not rotated to by then.", checkpoint: treeSize);
        }
    }

    private static ((string, uint) Previous, (string, uint) Next) Parse(long index, string payload)
    {
        try
        {
            var rotation = KeyRotationPayload.Parse(payload);
            return (Id(Ed25519Note.ParseVerifierKey(rotation.PreviousKey)), Id(Ed25519Note.ParseVerifierKey(rotation.NewKey)));
        }
        catch (FormatException)
        {
            throw new VerificationFailure($"Entry {index} records a key rotation without a valid previous and new key.", index: index);
        }
    }

    private static (string Name, uint KeyId) Id(INoteVerifier key) => (key.Name, key.KeyId);

    private sealed record Rotation(long Index, long TimestampMs, string Actor, string Payload, long TreeSize);
}
