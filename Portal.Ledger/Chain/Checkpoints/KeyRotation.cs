using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace Portal.Ledger.Chain.Checkpoints;

/// <summary>What a <c>ledger.key-rotated</c> entry records: the previous and the new verifier key.</summary>
public sealed record KeyRotationPayload(string PreviousKey, string NewKey)
{
    public string ToJson() => JsonSerializer.Serialize(new { previousKey = PreviousKey, newKey = NewKey });

    /// <exception cref="FormatException">The text is not a rotation's payload.</exception>
    public static KeyRotationPayload Parse(string json)
    {
        try
        {
            var root = JsonDocument.Parse(json).RootElement;
            return new KeyRotationPayload(
                root.GetProperty("previousKey").GetString() ?? throw new FormatException("previousKey is null."),
                root.GetProperty("newKey").GetString() ?? throw new FormatException("newKey is null."));
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException("A key rotation's payload names its previousKey and newKey.", ex);
        }
    }
}

public sealed record KeyRotated(string PreviousKey, string NewKey, long LedgerIndex, long BlockHeight, string RetiredKeyPath);

/// <summary>
/// Replaces the checkpoint signing key. The ledger records the change in an entry whose block is still signed by
/// the old key (so the old key vouches for its successor); the new key then adds its signature to that block's
/// stored checkpoint (so a client that knows only the new key can check the newest tree before the new key has
/// signed a block of its own: nothing is ever signed when a checkpoint is requested); the new public key is
/// published beside the old one, and only then does the new private key take the old one's place. Checkpoints
/// signed before keep verifying with the old public key. Instances that are running sign with the key they loaded
/// until they restart.
/// </summary>
public sealed class KeyRotation(LedgerWriter writer, Ed25519NoteSigner current, PublishedKeys published, LedgerOptions options, Storage.LedgerStore store)
{
    public const string Kind = "ledger.key-rotated";

    public async Task<KeyRotated> RotateAsync(string actor, CancellationToken cancellationToken = default)
    {
        // One rotation at a time, across processes: two would both retire the same key.
        using var rotating = new FileStream($"{options.SigningKeyPath}.rotation.lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        // Read, never create: a missing key file is an error here, not a reason to make a key.
        if (Ed25519NoteSigner.ParsePrivateKey(File.ReadAllText(options.SigningKeyPath)).VerifierKey != current.VerifierKey)
        {
            throw new InvalidOperationException("The signing key file changed since this process loaded it (another rotation?); run rotate-key again.");
        }
        var next = new Ed25519NoteSigner(current.Name, Ed25519Note.GenerateSeed());
        var staged = SigningKeyFile.WriteBeside(options.SigningKeyPath, next);
        EntryReceipt receipt;
        try
        {
            var payload = new KeyRotationPayload(current.VerifierKey, next.VerifierKey).ToJson();
            receipt = await writer.AppendAsync(new EntryDraft(Kind, actor, payload), cancellationToken);
        }
        catch
        {
            File.Delete(staged);
            throw;
        }
        // From here the ledger names the new key: it must never be lost. The old key is kept first, then one
        // atomic rename puts the new one in place, so the key file is always one of the two.
        await CosignAsync(receipt.BlockHeight, next, cancellationToken);
        published.Add(next.VerifierKey);
        var retired = $"{options.SigningKeyPath}.retired-{current.KeyId:x8}";
        // A rotation stopped between keeping the old key and swapping is run again: the kept copy is this key.
        if (!File.Exists(retired) || File.ReadAllText(retired) != File.ReadAllText(options.SigningKeyPath))
        {
            File.Copy(options.SigningKeyPath, retired, overwrite: false);
        }
        File.Move(staged, options.SigningKeyPath, overwrite: true);
        return new KeyRotated(current.VerifierKey, next.VerifierKey, receipt.Index, receipt.BlockHeight, retired);
    }

    /// <summary>Adds the new key's signature to the stored checkpoint of the block that records the rotation.</summary>
    private async Task CosignAsync(long height, Ed25519NoteSigner next, CancellationToken cancellationToken)
    {
        await using var db = store.CreateContext();
        var size = await db.Blocks.Where(b => b.Height == height).Select(b => b.TreeSize).SingleAsync(cancellationToken);
        var row = await db.Checkpoints.SingleAsync(c => c.TreeSize == size, cancellationToken);
        var note = SignedNote.Parse(row.Note);
        if (!note.IsSignedBy(current.ToVerifier()))
        {
            throw new LedgerCorruptException($"The checkpoint of the rotation's own tree (size {size}) is not signed by the key being retired. Run verify.");
        }
        row.Note = note.CosignedBy(next).ToString();
        await db.SaveChangesAsync(cancellationToken);
    }
}
