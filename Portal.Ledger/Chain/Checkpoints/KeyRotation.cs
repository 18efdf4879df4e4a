using System.Text.Json;

namespace Portal.Ledger.Chain.Checkpoints;

public sealed record KeyRotated(string PreviousKey, string NewKey, long LedgerIndex, long BlockHeight, string RetiredKeyPath);

/// <summary>
/// Replaces the checkpoint signing key. The ledger records the change in an entry whose block is still signed by
/// the old key (so the old key vouches for its successor), the new public key is published beside the old one,
/// and only then does the new private key take the old one's place. Checkpoints signed before keep verifying with
/// the old public key. Instances that are running sign with the key they loaded until they restart.
/// </summary>
public sealed class KeyRotation(LedgerWriter writer, Ed25519NoteSigner current, PublishedKeys published, LedgerOptions options)
{
    public const string Kind = "ledger.key-rotated";

    public async Task<KeyRotated> RotateAsync(string actor, CancellationToken cancellationToken = default)
    {
        var next = new Ed25519NoteSigner(current.Name, Ed25519Note.GenerateSeed());
        var staged = SigningKeyFile.WriteBeside(options.SigningKeyPath, next);
        try
        {
            var payload = JsonSerializer.Serialize(new { previousKey = current.VerifierKey, newKey = next.VerifierKey });
            var receipt = await writer.AppendAsync(new EntryDraft(Kind, actor, payload), cancellationToken);
            published.Add(next.VerifierKey);
            var retired = $"{options.SigningKeyPath}.retired-{current.KeyId:x8}";
            File.Move(options.SigningKeyPath, retired, overwrite: false);
            File.Move(staged, options.SigningKeyPath, overwrite: false);
            return new KeyRotated(current.VerifierKey, next.VerifierKey, receipt.Index, receipt.BlockHeight, retired);
        }
        finally
        {
            File.Delete(staged);
        }
    }
}
