using System.Text.Json.Serialization;

namespace Portal.Ledger.Feed;

/// <summary>
/// One entry of a streamed block, as the public may see it: what happened, to which fund, where, in which program
/// and for how much. The actor, request and department are for signed-in supervisors only and absent otherwise.
/// <see cref="LeafData"/> is the entry exactly as recorded (base64 of the leaf input of docs/ledger-format.md): a
/// verifying client derives what it shows from it and proves it is the signed tree's leaf; the other fields are the
/// server's summary, and where the entry does not record one (an approval's amount, region or program) it comes
/// from the request, so only the leaf vouches for it.
/// </summary>
public sealed record FeedEntry(long Index, string Kind, long? FundId, string? Region, string? Program, decimal? Amount, string LeafData)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Actor { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? RequestId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Department { get; init; }

    /// <summary>Whether this entry concerns the region or one of its sub-regions (codes nest by prefix).</summary>
    public bool IsIn(string region) => Region is { } code && code.StartsWith(region, StringComparison.Ordinal);
}

/// <summary>The RFC 9162 consistency proof from the previous block's tree to this block's, hashes in hex.</summary>
public sealed record FeedConsistency(long From, long To, string FromRoot, string ToRoot, IReadOnlyList<string> Path);

/// <summary>
/// A committed block as the live feed carries it: its header fields, its entries, the signed checkpoint of its
/// tree and the proof that this tree extends the previous block's (null for the first block), so a client can
/// check the stream is one append-only history as it arrives. <see cref="PreviousRange"/> is the previous tree's
/// compact range (the hashes of the complete subtrees of [0, TreeSize - Entries.Count), left to right, in hex):
/// it must hash to the previous root, and extended by the entries' leaf hashes it must give this block's root,
/// which proves the entries are exactly the leaves the block added.
/// </summary>
public sealed record FeedBlock(
    long Height, string Hash, string PreviousHash, long TreeSize, string TreeRoot, DateTimeOffset Timestamp,
    IReadOnlyList<FeedEntry> Entries, string Checkpoint, FeedConsistency? Consistency, IReadOnlyList<string> PreviousRange)
{
    /// <summary>This block as the public may see it: the supervisors' fields removed.</summary>
    public FeedBlock ForPublic() => this with { Entries = Entries.Select(e => e with { Actor = null, RequestId = null, Department = null }).ToList() };

    /// <summary>The block's header as the ledger's other readers describe it.</summary>
    public Chain.LedgerBlock ToLedgerBlock() => new(Height, Chain.Merkle.Hash.Of(Convert.FromHexString(Hash)), Chain.Merkle.Hash.Of(Convert.FromHexString(PreviousHash)),
        TreeSize - Entries.Count, Entries.Count, TreeSize, Chain.Merkle.Hash.Of(Convert.FromHexString(TreeRoot)), Timestamp.ToUnixTimeMilliseconds());

    public bool Touches(long? fundId, string? region) =>
        Entries.Any(e => (fundId is null || e.FundId == fundId) && (region is null || e.IsIn(region)));
}
