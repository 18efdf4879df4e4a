using System.Security.Cryptography;
using System.Text;
using Portal.Ledger.Chain.Merkle;

namespace Portal.Ledger.Chain;

/// <summary>
/// The ledger state an open-data answer reflects: a tree size the log signed a checkpoint for, the SHA-256 of that
/// checkpoint note exactly as stored (as <c>GET /api/ledger/checkpoints/{size}</c> serves it), and the block's time.
/// Everything an export holds is read from entries below <see cref="TreeSize"/>, so one state names one content.
/// </summary>
public sealed record LedgerState(long TreeSize, Hash CheckpointSha256, DateTimeOffset Timestamp)
{
    public static LedgerState Of(long treeSize, string note, long timestampMs) =>
        new(treeSize, Hash.Own(SHA256.HashData(Encoding.UTF8.GetBytes(note))), DateTimeOffset.FromUnixTimeMilliseconds(timestampMs));
}
