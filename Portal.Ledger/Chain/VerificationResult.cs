namespace Portal.Ledger.Chain;

/// <summary>
/// The outcome of a verification. On failure, <see cref="FirstBadIndex"/> or <see cref="FirstBadHeight"/> (or
/// <see cref="FirstBadCheckpoint"/>, a tree size) names where the stored ledger first differs from what was written.
/// </summary>
public sealed record VerificationResult(
    bool Ok,
    string Message,
    long TreeSize,
    long EntriesChecked,
    long BlocksChecked,
    long NodesChecked,
    long CheckpointsChecked,
    long? FirstBadIndex = null,
    long? FirstBadHeight = null,
    long? FirstBadCheckpoint = null)
{
    public string Location => FirstBadIndex is { } i ? $"index {i}"
        : FirstBadHeight is { } h ? $"height {h}"
        : FirstBadCheckpoint is { } c ? $"checkpoint at tree size {c}"
        : "none";
}

public sealed record VerificationProgress(long EntriesChecked, long TotalEntries);

/// <summary>Thrown inside the verifier to stop at the first failure; turned into a failed <see cref="VerificationResult"/>.</summary>
internal sealed class VerificationFailure(string message, long? index = null, long? height = null, long? checkpoint = null) : Exception(message)
{
    public long? Index { get; } = index;
    public long? Height { get; } = height;
    public long? Checkpoint { get; } = checkpoint;
}
