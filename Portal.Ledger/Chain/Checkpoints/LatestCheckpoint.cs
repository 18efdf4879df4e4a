namespace Portal.Ledger.Chain.Checkpoints;

/// <summary>
/// The newest signed checkpoint as the portal serves it. After a key rotation and a restart the published key is the
/// new one, while the newest checkpoint stays the old key's until a block is appended; in that one case the note is
/// served co-signed by the current key, so a client that trusts only the current key can check it. The co-signature
/// is given only to the tree of the block that records the rotation to the current key, signed by that rotation's
/// previous key, whose root the stored nodes reproduce: never to another tree, nor to a note by another key (a
/// retired key, or one nobody published), so a checkpoint row forged in the database is never endorsed. Co-signatures
/// are served, not stored.
/// </summary>
public sealed class LatestCheckpoint(LedgerReader reader, INoteSigner signer, KeyRotationLog rotations)
{
    private volatile Cosigned? _cosigned;

    public async Task<string?> GetAsync(CancellationToken cancellationToken = default)
    {
        if (await reader.GetLatestCheckpointAsync(cancellationToken) is not { } stored)
        {
            return null;
        }
        var note = SignedNote.Parse(stored);
        if (note.HasSignatureBy(signer))
        {
            return stored;
        }
        if (_cosigned is { } cached && cached.Stored == stored)
        {
            return cached.Served;
        }
        if (!await IsRotationTreeAsync(note, cancellationToken))
        {
            // Another instance still signing with the previous key, until it restarts: served as stored.
            return stored;
        }
        var served = note.CosignedBy(signer).ToString();
        _cosigned = new Cosigned(stored, served);
        return served;
    }

    private async Task<bool> IsRotationTreeAsync(SignedNote note, CancellationToken cancellationToken)
    {
        var checkpoint = Checkpoint.Parse(note.Text);
        var rotation = (await rotations.ReadAsync(cancellationToken)).LastOrDefault(r => r.TreeSize == checkpoint.TreeSize);
        if (rotation is null || await reader.GetEntryAsync(rotation.Index, cancellationToken) is not { } entry)
        {
            return false;
        }
        var payload = KeyRotationPayload.Parse(entry.Payload);
        if (payload.NewKey != signer.VerifierKey || !note.IsSignedBy(Ed25519Note.ParseVerifierKey(payload.PreviousKey)))
        {
            return false;
        }
        var root = await reader.GetRootAsync(checkpoint.TreeSize, cancellationToken);
        if (!root.AsSpan().SequenceEqual(checkpoint.RootHash))
        {
            throw new LedgerCorruptException($"The checkpoint of tree size {checkpoint.TreeSize} names a root the stored tree does not have. Run verify.");
        }
        return true;
    }

    private sealed record Cosigned(string Stored, string Served);
}
