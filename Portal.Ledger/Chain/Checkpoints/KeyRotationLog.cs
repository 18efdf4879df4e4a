namespace Portal.Ledger.Chain.Checkpoints;

/// <summary>
/// The ledger's key rotations, read once per set of published keys: finding them reads every entry's kind, and
/// they change only when a rotation publishes a key (after its entry is committed). A ledger that never rotated
/// (one published key) is answered without a query.
/// </summary>
public sealed class KeyRotationLog(LedgerReader reader, PublishedKeys keys)
{
    private volatile Snapshot? _snapshot;

    public async Task<IReadOnlyList<KeyRotationRecord>> ReadAsync(CancellationToken cancellationToken)
    {
        var published = keys.Read().Count;
        if (published <= 1)
        {
            return [];
        }
        if (_snapshot is { } snapshot && snapshot.PublishedKeys == published)
        {
            return snapshot.Rotations;
        }
        var rotations = await reader.GetKeyRotationsAsync(cancellationToken);
        _snapshot = new Snapshot(published, rotations);
        return rotations;
    }

    private sealed record Snapshot(int PublishedKeys, IReadOnlyList<KeyRotationRecord> Rotations);
}
