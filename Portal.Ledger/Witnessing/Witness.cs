using System.Globalization;
using Portal.Ledger.Chain;
using Portal.Ledger.Chain.Checkpoints;
using Portal.Ledger.Chain.Merkle;

namespace Portal.Ledger.Witnessing;

/// <summary>
/// A C2SP tlog-witness v1.0.0 witness: <c>add-checkpoint</c> cosigns a log's checkpoint only when it is signed by the
/// log's key and proven consistent with the latest checkpoint it cosigned for that log. Answers: 404 unknown origin,
/// 403 no valid signature by the log's key, 400 old size above the checkpoint's (or a malformed body), 409 with its
/// size (text/x.tlog.size) when the old size is not the size it last cosigned, 422 for a proof that does not verify,
/// a proof with old size 0, or the same size with another root, and 200 with its cosignature line.
/// </summary>
public sealed class Witness(CosignerKey key, IReadOnlyList<Ed25519NoteVerifier> logs, WitnessState state, TimeProvider? time = null)
{
    /// <summary>The largest request body taken (as transparency-dev's witness): a checkpoint and 63 hashes fit easily.</summary>
    public const int MaxBodyBytes = 16 * 1024;

    public const int MaxProofLines = 63;

    public const string SizeContentType = "text/x.tlog.size";

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>An answer: status code, body and its content type.</summary>
    public sealed record Response(int Status, string Body, string ContentType = "text/plain; charset=utf-8");

    public CosignerKey Key => key;

    public Response AddCheckpoint(string body)
    {
        if (Parse(body, out var old, out var proof, out var note, out var checkpoint) is { } malformed)
        {
            return new Response(400, malformed + "\n");
        }
        var trusted = logs.Where(l => l.Name == checkpoint.Origin).ToList();
        if (trusted.Count == 0)
        {
            return new Response(404, $"This witness does not know the log \"{checkpoint.Origin}\".\n");
        }
        // Unknown keys are ignored; a known key's line that does not verify refuses the whole note.
        var message = System.Text.Encoding.UTF8.GetBytes(note.Text);
        var known = note.Signatures.Where(s => trusted.Any(t => t.Name == s.Name && t.KeyId == s.KeyId)).ToList();
        if (known.Count == 0 || !known.All(s => trusted.Any(t => t.Name == s.Name && t.KeyId == s.KeyId && t.Verify(message, s.Signature))))
        {
            return new Response(403, $"The checkpoint carries no valid signature by the key of \"{checkpoint.Origin}\".\n");
        }
        if (old > checkpoint.TreeSize)
        {
            return new Response(400, $"The old size {old} is greater than the checkpoint's size {checkpoint.TreeSize}.\n");
        }
        return state.Update(checkpoint.Origin, latest =>
        {
            var size = latest?.Size ?? 0;
            if (old != size)
            {
                return (new Response(409, $"{size.ToString(CultureInfo.InvariantCulture)}\n", SizeContentType), null);
            }
            if (Inconsistent(old, proof, checkpoint, latest) is { } reason)
            {
                return (new Response(422, reason + "\n"), null);
            }
            var line = key.Cosign(note.Text, _time.GetUtcNow()).ToLine();
            return (new Response(200, line), new WitnessState.Latest(checkpoint.TreeSize, checkpoint.RootHash, note.ToString()));
        });
    }

    /// <summary>Why the proof does not show the checkpoint extends the latest cosigned one; null when it does.</summary>
    private static string? Inconsistent(long old, List<byte[]> proof, Checkpoint checkpoint, WitnessState.Latest? latest)
    {
        if (old == 0)
        {
            return proof.Count == 0 ? null : "A proof from old size 0 must be empty.";
        }
        if (old == checkpoint.TreeSize)
        {
            return proof.Count == 0 && latest!.Root.AsSpan().SequenceEqual(checkpoint.RootHash)
                ? null
                : $"The checkpoint has the size {old} this witness cosigned, with another root (or a proof where none is needed).";
        }
        try
        {
            ProofVerifier.VerifyConsistency(old, checkpoint.TreeSize, latest!.Root, checkpoint.RootHash, proof);
            return null;
        }
        catch (RootMismatchException)
        {
            return $"The consistency proof from size {old} to {checkpoint.TreeSize} does not verify.";
        }
        catch (ProofException ex)
        {
            return $"The consistency proof is malformed: {ex.Message}";
        }
    }

    /// <summary>Parses the request body; returns why it is malformed, or null.</summary>
    private static string? Parse(string body, out long old, out List<byte[]> proof, out SignedNote note, out Checkpoint checkpoint)
    {
        old = 0;
        proof = [];
        note = null!;
        checkpoint = null!;
        var end = body.IndexOf('\n', StringComparison.Ordinal);
        if (end < 0 || !body.StartsWith("old ", StringComparison.Ordinal))
        {
            return "The body starts with a line \"old <size>\".";
        }
        var oldText = body[4..end];
        if (!long.TryParse(oldText, NumberStyles.None, CultureInfo.InvariantCulture, out old) || oldText != old.ToString(CultureInfo.InvariantCulture))
        {
            return $"\"{oldText}\" is not a size in decimal without leading zeros.";
        }
        var at = end + 1;
        while (true)
        {
            var next = body.IndexOf('\n', at);
            if (next < 0)
            {
                return "The proof lines end with an empty line, followed by the checkpoint.";
            }
            var line = body[at..next];
            at = next + 1;
            if (line.Length == 0)
            {
                break;
            }
            if (proof.Count == MaxProofLines)
            {
                return $"A consistency proof has at most {MaxProofLines} lines.";
            }
            try
            {
                var hash = StrictBase64.Decode(line, "proof hash");
                if (hash.Length != MerkleHash.Size)
                {
                    return "Each proof line is one 32-byte hash in base64.";
                }
                proof.Add(hash);
            }
            catch (FormatException)
            {
                return "Each proof line is one 32-byte hash in base64.";
            }
        }
        try
        {
            note = SignedNote.Parse(body[at..]);
            checkpoint = Checkpoint.Parse(note.Text);
        }
        catch (FormatException ex)
        {
            return $"The checkpoint is not a signed checkpoint: {ex.Message}";
        }
        return null;
    }
}
