using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Portal.Ledger.Chain;
using Portal.Ledger.Chain.Merkle;
using Portal.Ledger.Chain.Verifying;
using Portal.Ledger.Privacy;

namespace Portal.Ledger.Funds;

/// <summary>A feedback receipt as the portal answers it and the submitter keeps it (camelCase JSON).</summary>
public sealed record FeedbackReceiptFile(
    long FeedbackId, long LedgerIndex, long TreeSize, string? Checkpoint, FeedbackReceiptProof? InclusionProof,
    string? LeafData, string? Text, string? TextSalt, string? TextCommitment);

public sealed record FeedbackReceiptProof(long Index, long TreeSize, string? LeafHash, string? RootHash, IReadOnlyList<string>? Path);

/// <summary>What a receipt proves once checked: this feedback, sent then, with this text.</summary>
public sealed record CheckedReceipt(long FeedbackId, string Kind, string Record, long RecordId, DateTimeOffset SentAt, string Text, long LedgerIndex, long TreeSize);

/// <summary>
/// Checks a feedback receipt against this ledger: the entry it carries hashes to the proof's leaf, the proof leads to
/// the root of the checkpoint it carries, the text and salt open the entry's commitment, and the whole ledger
/// verifies from that checkpoint (its signature by this ledger's key, and that today's ledger extends it). So the
/// operator cannot have dropped or changed the feedback since the receipt was given.
/// </summary>
public sealed class FeedbackReceiptCheck(LedgerVerifier verifier)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <exception cref="ReceiptException">The receipt is malformed or does not hold; the message says where.</exception>
    public async Task<CheckedReceipt> CheckAsync(string receiptJson, CancellationToken cancellationToken = default)
    {
        FeedbackReceiptFile receipt;
        try
        {
            receipt = JsonSerializer.Deserialize<FeedbackReceiptFile>(receiptJson, Json) ?? throw new ReceiptException("The receipt is empty.");
        }
        catch (JsonException ex)
        {
            throw new ReceiptException($"The receipt is not a feedback receipt: {ex.Message}");
        }
        if (receipt is not { Checkpoint: { } checkpoint, InclusionProof: { LeafHash: { } leafHex, RootHash: { } rootHex, Path: { } path } proof,
            LeafData: { } leafBase64, Text: { } text, TextSalt: { } saltHex, TextCommitment: { } commitment })
        {
            throw new ReceiptException("The receipt lacks a field: it needs checkpoint, inclusionProof, leafData, text, textSalt and textCommitment.");
        }
        var leaf = Bytes(() => Convert.FromBase64String(leafBase64), "leafData");
        var leafHash = SHA256.HashData([0, .. leaf]);
        if (!Convert.ToHexStringLower(leafHash).Equals(leafHex, StringComparison.OrdinalIgnoreCase))
        {
            throw new ReceiptException("The entry in the receipt does not hash to the proof's leaf hash.");
        }
        if (!EntryEncoding.TryDecode(leaf, out var entry) || entry.Kind != FundEvents.FeedbackSubmitted
            || FundEvents.Read(entry.Kind, entry.Payload) is not FeedbackSubmitted submitted)
        {
            throw new ReceiptException("The entry in the receipt is not a feedback.submitted entry.");
        }
        if (entry.Index != receipt.LedgerIndex || proof.Index != receipt.LedgerIndex || proof.TreeSize != receipt.TreeSize || submitted.FeedbackId != receipt.FeedbackId)
        {
            throw new ReceiptException("The receipt's numbers disagree: its entry, proof and feedback must name the same index, tree size and feedback.");
        }
        var salt = Bytes(() => Convert.FromHexString(saltHex), "textSalt");
        if (!PersonalCommitment.Matches(text, salt, submitted.TextCommitment) || !submitted.TextCommitment.Equals(commitment, StringComparison.OrdinalIgnoreCase))
        {
            throw new ReceiptException("The text and salt in the receipt do not open the commitment the entry holds.");
        }
        try
        {
            ProofVerifier.VerifyInclusion(proof.Index, proof.TreeSize, leafHash, [.. path.Select(p => Bytes(() => Convert.FromHexString(p), "path"))],
                Bytes(() => Convert.FromHexString(rootHex), "rootHash"));
        }
        catch (ProofException ex)
        {
            throw new ReceiptException($"The inclusion proof does not hold: {ex.Message}");
        }
        var lines = checkpoint.Split('\n');
        if (lines.Length < 3 || lines[1] != receipt.TreeSize.ToString(CultureInfo.InvariantCulture)
            || lines[2] != Convert.ToBase64String(Bytes(() => Convert.FromHexString(rootHex), "rootHash")))
        {
            throw new ReceiptException("The checkpoint in the receipt is not of the tree the proof leads to.");
        }
        var verified = await verifier.VerifyFromCheckpointAsync(checkpoint, cancellationToken: cancellationToken);
        if (!verified.Ok)
        {
            throw new ReceiptException($"This ledger does not hold the receipt's checkpoint: {verified.Message}");
        }
        return new CheckedReceipt(submitted.FeedbackId, submitted.Kind, submitted.Record, submitted.RecordId,
            DateTimeOffset.FromUnixTimeMilliseconds(entry.TimestampMs), text, entry.Index, receipt.TreeSize);
    }

    private static byte[] Bytes(Func<byte[]> decode, string field)
    {
        try
        {
            return decode();
        }
        catch (FormatException)
        {
            throw new ReceiptException($"The receipt's {field} is not well formed.");
        }
    }
}

public sealed class ReceiptException(string message) : Exception(message);
