using Portal.Ledger.Chain;
using Portal.Ledger.Funds;
using Portal.Web.Api;

namespace Portal.Web.Feedback;

/// <summary>
/// The submitter's proof: the entry (<see cref="LeafData"/> hashes to the proof's leaf hash), the checkpoint of the
/// block that sealed it, the inclusion proof in that tree, and the text and salt that recompute the commitment the
/// entry holds. Enough to prove, without the portal, that this text was sent and when.
/// </summary>
public sealed record FeedbackReceiptResponse(
    long FeedbackId, long LedgerIndex, long TreeSize, string Checkpoint, InclusionProofResponse InclusionProof,
    string LeafData, string Text, string TextSalt, string TextCommitment);

/// <summary>Sends feedback through the ledger and answers with the receipt, for the API and the record page alike.</summary>
public sealed class FeedbackReceipts(FeedbackService feedback)
{
    public async Task<FeedbackReceiptResponse> SubmitAsync(string actorId, SubmitFeedback command, CancellationToken cancellationToken = default)
    {
        var receipt = await feedback.SubmitAsync(actorId, command, cancellationToken);
        var proof = receipt.InclusionProof;
        return new FeedbackReceiptResponse(receipt.FeedbackId, receipt.LedgerIndex, receipt.Block.TreeSize, receipt.Block.Checkpoint,
            new InclusionProofResponse(proof.Index, proof.TreeSize, LedgerApi.Hex(proof.LeafHash), LedgerApi.Hex(proof.RootHash), proof.Path.Select(LedgerApi.Hex).ToList()),
            Convert.ToBase64String(receipt.Entry.LeafData()), receipt.Text, receipt.TextSalt, receipt.TextCommitment);
    }
}
