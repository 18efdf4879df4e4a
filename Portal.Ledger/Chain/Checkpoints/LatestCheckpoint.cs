namespace Portal.Ledger.Chain.Checkpoints;

/// <summary>
/// The newest signed checkpoint as the portal serves it: the stored note, also signed by the current key when the
/// newest block predates it. After a key rotation and a restart, the published key is the new one while the newest
/// checkpoint may still be the old key's (no block appended since); co-signing the same tree lets a client that
/// trusts only the current key check it. Only a note already validly signed by a published key is co-signed, so a
/// checkpoint row forged in the database is never endorsed.
/// </summary>
public sealed class LatestCheckpoint(LedgerReader reader, INoteSigner signer, PublishedKeys keys)
{
    public async Task<string?> GetAsync(CancellationToken cancellationToken = default)
    {
        if (await reader.GetLatestCheckpointAsync(cancellationToken) is not { } stored)
        {
            return null;
        }
        var note = SignedNote.Parse(stored);
        if (note.Signatures.Any(s => s.Name == signer.Name && s.KeyId == signer.KeyId))
        {
            return stored;
        }
        if (!keys.Verifiers().Any(note.IsSignedBy))
        {
            throw new LedgerCorruptException("The newest stored checkpoint is not signed by any published key. Run verify.");
        }
        return note.CosignedBy(signer).ToString();
    }
}
