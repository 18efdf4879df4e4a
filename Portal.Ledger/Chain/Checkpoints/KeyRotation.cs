using System.Text.Json;
using Portal.Ledger.Chain.Writing;

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
/// the old key (so the old key vouches for its successor) and, in the same transaction, by the new key too (so a
/// client that knows only the new key can check the newest tree before the new key has signed a block of its own:
/// nothing is ever signed when a checkpoint is requested); the new public key is
/// published beside the old one, and only then does the new private key take the old one's place. Checkpoints
/// signed before keep verifying with the old public key. Running instances that share the key file sign their next
/// block with the new key (<see cref="SigningKey"/>).
/// </summary>
public sealed class KeyRotation(LedgerWriter writer, SigningKey key, PublishedKeys published, LedgerOptions options)
{
    public const string Kind = "ledger.key-rotated";

    public async Task<KeyRotated> RotateAsync(string actor, CancellationToken cancellationToken = default)
    {
        // One rotation at a time, across processes: two would both retire the same key.
        using var rotating = new FileStream($"{options.SigningKeyPath}.rotation.lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        var current = key.Current;
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
            receipt = await writer.ExecuteAsync(async (tx, ct) =>
            {
                var appended = await tx.AppendAsync(new EntryDraft(Kind, actor, payload), ct);
                tx.Cosigner = next;
                return appended;
            }, cancellationToken);
        }
        catch
        {
            File.Delete(staged);
            throw;
        }
        // From here the ledger names the new key: it must never be lost. The old key is kept first, then one
        // atomic rename puts the new one in place, so the key file is always one of the two.
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
}
