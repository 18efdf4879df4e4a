using Microsoft.EntityFrameworkCore;
using Portal.Ledger.Chain.Merkle;
using Portal.Ledger.Storage;

namespace Portal.Ledger.Chain.Checkpoints;

/// <summary>
/// Which published key may sign the checkpoint of which tree, built by walking the ledger's key rotations
/// (<c>ledger.key-rotated</c> entries) in index order from the first published key:
/// <list type="bullet">
/// <item>The first published key signs from the start. Any other key signs only trees after the block recording the
/// rotation to it, and a key published without such a rotation signs nothing.</item>
/// <item>A rotation counts only if its previous key was allowed to sign the tree of its block, and differs from its
/// new key; the block's own checkpoint must carry the previous key's signature.</item>
/// <item>A key's window closes once its successor has signed a checkpoint of its own (a tree after the rotation's):
/// from then on the retired key may sign no larger tree, so a retired key stolen later cannot sign a fork.</item>
/// </list>
/// Checkpoints must be checked in increasing tree size: closing a window depends on the checkpoints seen before.
/// </summary>
internal sealed class KeyWindows
{
    private readonly Dictionary<KeyRef, INoteVerifier> _published;
    private readonly IReadOnlyList<Rotation> _rotations;
    private readonly Dictionary<KeyRef, Window> _windows = [];
    private readonly Dictionary<long, KeyRef> _rotationTrees = [];
    private int _applied;

    private KeyWindows(IReadOnlyList<INoteVerifier> keys, IReadOnlyList<Rotation> rotations)
    {
        _published = keys.GroupBy(Id).ToDictionary(g => g.Key, g => g.First());
        _rotations = rotations;
        if (keys.Count > 0)
        {
            _windows[Id(keys[0])] = new Window(From: 0);
        }
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
        return new KeyWindows(keys, rotations);
    }

    /// <summary>
    /// For a verification that starts from a saved checkpoint: the rotations recorded before it are not re-hashed
    /// with the rest, so each is checked here, its content against its leaf and its leaf included under the saved
    /// (verified) root. Otherwise an edited old row could invent a rotation to a key added to the published file.
    /// The checkpoints before the saved one are then read (not re-verified: the full verification does that) only
    /// to learn which windows their successors' signatures closed.
    /// </summary>
    public async Task ReplayBeforeAsync(LedgerDbContext db, long treeSize, byte[] root, CancellationToken cancellationToken)
    {
        var earlier = _rotations.Where(r => r.Index < treeSize).ToList();
        foreach (var rotation in earlier)
        {
            var leaf = MerkleHash.Leaf(EntryEncoding.Encode(rotation.Index, rotation.TimestampMs, KeyRotation.Kind, rotation.Actor, rotation.Payload));
            var path = TreeMath.InclusionPath(rotation.Index, treeSize);
            var nodes = await NodeStore.ReadAsync(db, RangeHasher.NodesFor(path), cancellationToken);
            try
            {
                ProofVerifier.VerifyInclusion(rotation.Index, treeSize, leaf, RangeHasher.Path(path, nodes), root);
            }
            catch (ProofException)
            {
                throw new VerificationFailure($"Entry {rotation.Index}, a key rotation, is not the entry the saved checkpoint's tree holds.", index: rotation.Index);
            }
        }
        if (earlier.Count == 0)
        {
            return;
        }
        var from = earlier[0].TreeSize;
        var notes = db.Checkpoints.AsNoTracking()
            .Where(c => c.TreeSize > from && c.TreeSize < treeSize)
            .OrderBy(c => c.TreeSize)
            .Select(c => new { c.TreeSize, c.Note })
            .AsAsyncEnumerable();
        await foreach (var row in notes.WithCancellation(cancellationToken))
        {
            ApplyRotationsUpTo(row.TreeSize);
            if (TryParse(row.Note) is { } note)
            {
                CloseWindowsOfPredecessors(row.TreeSize, ValidSigners(note));
            }
        }
    }

    /// <summary>
    /// Fails unless the note carries a valid signature by a published key allowed to sign a tree of this size (any
    /// one, when it carries several).
    /// </summary>
    public void Check(SignedNote note, string keyName, long treeSize)
    {
        ApplyRotationsUpTo(treeSize);
        // After a rotation several keys share the name; the signature's key ID says which one signed.
        var signers = ValidSigners(note).Where(k => k.Name == keyName).ToList();
        if (signers.Count == 0)
        {
            throw new VerificationFailure($"The checkpoint at tree size {treeSize} has no valid signature by a known key.", checkpoint: treeSize);
        }
        if (_rotationTrees.TryGetValue(treeSize, out var previous))
        {
            if (!signers.Contains(previous))
            {
                throw new VerificationFailure(
                    $"The checkpoint at tree size {treeSize} closes the block recording a key rotation, so the previous key ({previous.KeyId:x8}) must sign it, not key {signers[0].KeyId:x8}.",
                    checkpoint: treeSize);
            }
            return;
        }
        var allowed = signers.Where(id => MaySign(id, treeSize)).ToList();
        if (allowed.Count == 0)
        {
            var signer = signers[0];
            var reason = _windows.TryGetValue(signer, out var window) && window.ClosedAfter is { } closed
                ? $"which was retired: its successor signed the tree of size {closed}"
                : "which the ledger had not rotated to by then";
            throw new VerificationFailure($"The checkpoint at tree size {treeSize} is signed by key {signer.KeyId:x8}, {reason}.", checkpoint: treeSize);
        }
        CloseWindowsOfPredecessors(treeSize, allowed);
    }

    private bool MaySign(KeyRef key, long treeSize) =>
        _windows.TryGetValue(key, out var window) && window.From < treeSize && (window.ClosedAfter is not { } closed || treeSize <= closed);

    /// <summary>Applies, in index order, every rotation recorded in a tree no larger than this one.</summary>
    private void ApplyRotationsUpTo(long treeSize)
    {
        for (; _applied < _rotations.Count && _rotations[_applied].TreeSize <= treeSize; _applied++)
        {
            var rotation = _rotations[_applied];
            var (previous, next) = Parse(rotation.Index, rotation.Payload);
            if (previous == next)
            {
                throw new VerificationFailure($"Entry {rotation.Index} records a key rotation from key {previous.KeyId:x8} to itself.", index: rotation.Index);
            }
            // The first key signs from size 0; a rotated-to key from after its rotation's tree, which it cosigns.
            if (!MaySign(previous, rotation.TreeSize))
            {
                throw new VerificationFailure(
                    $"Entry {rotation.Index} records a key rotation from key {previous.KeyId:x8}, which was not allowed to sign the tree of size {rotation.TreeSize}.",
                    index: rotation.Index);
            }
            if (_windows.ContainsKey(next))
            {
                throw new VerificationFailure($"Entry {rotation.Index} records a key rotation to key {next.KeyId:x8}, which the ledger had used before.", index: rotation.Index);
            }
            _windows[next] = new Window(From: rotation.TreeSize, Predecessor: previous);
            _rotationTrees[rotation.TreeSize] = previous;
        }
    }

    /// <summary>A key's own checkpoint (past its rotation's tree) retires the key it took over from, after this size.</summary>
    private void CloseWindowsOfPredecessors(long treeSize, IEnumerable<KeyRef> signers)
    {
        foreach (var signer in signers)
        {
            if (_windows.TryGetValue(signer, out var window) && window.Predecessor is { } predecessor && window.From < treeSize
                && _windows[predecessor] is { ClosedAfter: null } retired)
            {
                _windows[predecessor] = retired with { ClosedAfter = treeSize };
            }
        }
    }

    private List<KeyRef> ValidSigners(SignedNote note) =>
        [.. note.Signatures.Select(s => new KeyRef(s.Name, s.KeyId)).Distinct().Where(id => _published.TryGetValue(id, out var key) && note.IsSignedBy(key))];

    private static SignedNote? TryParse(string note)
    {
        try
        {
            return SignedNote.Parse(note);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static (KeyRef Previous, KeyRef Next) Parse(long index, string payload)
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

    private static KeyRef Id(INoteVerifier key) => new(key.Name, key.KeyId);

    private readonly record struct KeyRef(string Name, uint KeyId);

    /// <summary>A key may sign trees larger than From, up to ClosedAfter once its successor has signed.</summary>
    private sealed record Window(long From, KeyRef? Predecessor = null, long? ClosedAfter = null);

    private sealed record Rotation(long Index, long TimestampMs, string Actor, string Payload, long TreeSize);
}
