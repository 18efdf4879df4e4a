using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Portal.Ledger.Chain;
using Portal.Ledger.Chain.Checkpoints;
using Portal.Ledger.Storage;
using Portal.Ledger.Witnessing;

namespace Portal.Web.Witnessing;

/// <summary>
/// Portal as a log to its witnesses (C2SP tlog-witness v1.0.0): the newest checkpoint goes to every witness in the
/// policy with the consistency proof from the size that witness last cosigned (learnt from its 409 answer, starting
/// at 0), and each cosignature it returns is verified under the witness's key and stored, to be served with the
/// checkpoint. Blocks come faster than witnesses answer: each witness gets the newest checkpoint, not every one. An
/// unreachable witness never holds up the ledger: it is tried again later, and the checkpoint is served with the
/// cosignatures it has.
/// </summary>
public sealed partial class WitnessSubmitter(
    WitnessPolicy policy, LedgerReader reader, LedgerStore store, IHttpClientFactory clients, ILogger<WitnessSubmitter> logger, TimeProvider time) : BackgroundService
{
    public const string HttpClientName = "witnesses";

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan Backoff = TimeSpan.FromSeconds(5);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(policy.Witnesses.Select(w => FollowAsync(w, stoppingToken)));

    private async Task FollowAsync(WitnessPolicy.PolicyWitness witness, CancellationToken stoppingToken)
    {
        long theirs = 0, submitted = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = Poll;
            try
            {
                var note = await reader.GetLatestCheckpointAsync(stoppingToken);
                if (note is not null && Checkpoint.Parse(SignedNote.Parse(note).Text) is { } checkpoint && checkpoint.TreeSize != submitted)
                {
                    (theirs, var done) = await SubmitAsync(witness, note, checkpoint, theirs, stoppingToken);
                    if (done)
                    {
                        submitted = checkpoint.TreeSize;
                    }
                    else
                    {
                        wait = Backoff;
                    }
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Whatever went wrong with one witness (unreachable, a timeout, a garbled answer) stops neither the
                // ledger nor the other witnesses: try again later.
                LogUnreachable(witness.Name, witness.Url, ex.Message);
                wait = Backoff;
            }
            try
            {
                await Task.Delay(wait, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Submits one checkpoint, following the witness's size on 409; returns the witness's size and whether it cosigned.</summary>
    private async Task<(long Theirs, bool Done)> SubmitAsync(WitnessPolicy.PolicyWitness witness, string note, Checkpoint checkpoint, long theirs, CancellationToken cancellationToken)
    {
        var http = clients.CreateClient(HttpClientName);
        var url = new Uri(witness.Url.ToString().TrimEnd('/') + "/add-checkpoint");
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (theirs > checkpoint.TreeSize)
            {
                // The witness cosigned a larger tree of this log than this ledger has: a fork, or a ledger restored
                // from an older copy. Nothing this ledger can send will be cosigned.
                LogAhead(witness.Name, theirs, checkpoint.TreeSize);
                return (theirs, false);
            }
            var proof = theirs > 0 && theirs < checkpoint.TreeSize
                ? (await reader.GetConsistencyProofAsync(theirs, checkpoint.TreeSize, cancellationToken)).Path
                : [];
            var body = new StringBuilder().Append("old ").Append(theirs.ToString(CultureInfo.InvariantCulture)).Append('\n');
            foreach (var hash in proof)
            {
                body.Append(Convert.ToBase64String(hash)).Append('\n');
            }
            body.Append('\n').Append(note);
            using var response = await http.PostAsync(url, new StringContent(body.ToString(), Encoding.UTF8, "text/plain"), cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if ((int)response.StatusCode == StatusCodes.Status409Conflict
                && long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var size))
            {
                theirs = size;
                continue;
            }
            if (!response.IsSuccessStatusCode)
            {
                LogRefused(witness.Name, (int)response.StatusCode, checkpoint.TreeSize, text.Trim());
                return (theirs, false);
            }
            await StoreAsync(witness, note, checkpoint, text, cancellationToken);
            return (checkpoint.TreeSize, true);
        }
        return (theirs, false);
    }

    /// <summary>Keeps the witness's cosignature lines that verify under its key (any other line is ignored).</summary>
    private async Task StoreAsync(WitnessPolicy.PolicyWitness witness, string note, Checkpoint checkpoint, string lines, CancellationToken cancellationToken)
    {
        var text = SignedNote.Parse(note).Text;
        SignedNote answered;
        try
        {
            answered = SignedNote.Parse(text + "\n" + lines);
        }
        catch (FormatException ex)
        {
            LogRefused(witness.Name, 200, checkpoint.TreeSize, $"its answer is not signature lines: {ex.Message}");
            return;
        }
        foreach (var signature in answered.Signatures)
        {
            if (!witness.Key.Verify(text, signature, out var at))
            {
                continue;
            }
            await using var db = store.CreateContext();
            if (!await db.Cosignatures.AnyAsync(c => c.TreeSize == checkpoint.TreeSize && c.Witness == witness.Name, cancellationToken))
            {
                db.Cosignatures.Add(new CosignatureRecord
                {
                    TreeSize = checkpoint.TreeSize,
                    Witness = witness.Name,
                    Line = signature.ToLine(),
                    TimestampMs = at.ToUnixTimeMilliseconds(),
                });
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                }
                catch (DbUpdateException)
                {
                    // Another instance stored this witness's cosignature of the same tree first.
                }
            }
            return;
        }
        LogRefused(witness.Name, 200, checkpoint.TreeSize, "no line of its answer verifies under its key");
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Witness {Witness} at {Url} is unreachable: {Reason}. Trying again later; the ledger goes on.")]
    private partial void LogUnreachable(string witness, Uri url, string reason);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Witness {Witness} answered {Status} for tree size {Size}: {Reason}")]
    private partial void LogRefused(string witness, int status, long size, string reason);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Error, Message = "Witness {Witness} has cosigned tree size {Theirs} of this log, beyond this ledger's {Ours}: a fork or an older copy of the ledger. It will cosign nothing this ledger sends.")]
    private partial void LogAhead(string witness, long theirs, long ours);
}
