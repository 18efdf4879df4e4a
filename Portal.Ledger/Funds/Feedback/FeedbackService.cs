using Microsoft.EntityFrameworkCore;
using Portal.Ledger.Chain;
using Portal.Ledger.Chain.Merkle;
using Portal.Ledger.Chain.Writing;
using Portal.Ledger.Privacy;
using Portal.Ledger.Storage;

namespace Portal.Ledger.Funds;

/// <summary>
/// What the submitter keeps: the entry that records their feedback, and the text with the salt that recompute the
/// commitment the entry holds, so they can prove what they wrote even if the portal later hides it.
/// </summary>
public sealed record FeedbackReceipt(long FeedbackId, long LedgerIndex, string Text, string TextSalt, string TextCommitment, SealedBlock Block)
{
    public LedgerEntry Entry => Block.Entry(LedgerIndex);

    public InclusionProof InclusionProof => Block.InclusionProof(LedgerIndex);
}

/// <summary>A feedback's contact as disclosed to a supervisor; the read is a ledger entry like every personal read.</summary>
public sealed record DisclosedContact(long FeedbackId, string? Contact, long ReadLedgerIndex);

/// <summary>
/// Citizens' feedback on requests and payments, and what officials and supervisors do with it. Every step is an
/// entry; nothing is deleted but a hidden text, whose entry and commitment stay.
/// </summary>
public sealed class FeedbackService(LedgerWriter writer, LedgerStore store)
{
    /// <summary>The actor recorded for feedback sent without signing in.</summary>
    public const string AnonymousActor = "anonymous";

    public Task<FeedbackReceipt> SubmitAsync(string actorId, SubmitFeedback command, CancellationToken cancellationToken = default) => CommandTelemetry.RunAsync("submit-feedback", async () =>
    {
        FundRefusalException.ThrowIf(FeedbackRules.Check(command, out var valid));
        // The receipt is proved from the block the writer just sealed: no read back at a thousand submissions a second.
        var (submitted, block) = await writer.ExecuteSealedAsync(async (tx, ct) =>
        {
            var request = await ConcernedRequestAsync(tx.Db, valid.Record, valid.RecordId, ct);
            var id = ((await tx.Db.Set<SequenceRecord>().FindAsync([FundSequences.Feedback], ct))?.Value ?? 0) + 1;
            var (textCommitment, salt) = PersonalCommitment.Create(valid.Text);
            tx.Db.Add(Personal(textCommitment, salt, id, PersonalFields.Text, valid.Text));
            string? contactCommitment = null;
            if (valid.Contact is { } contact)
            {
                var (commitment, contactSalt) = PersonalCommitment.Create(contact);
                tx.Db.Add(Personal(commitment, contactSalt, id, PersonalFields.Contact, contact));
                contactCommitment = commitment;
            }
            var submitted = new FeedbackSubmitted(id, valid.Record, valid.RecordId, request.Id, valid.Kind, valid.Category, textCommitment,
                valid.Photos.Count > 0 ? valid.Photos : null, contactCommitment);
            var entry = await tx.AppendAsync(FundEvents.Draft(actorId, submitted), ct);
            return (Id: id, entry.Index, Salt: Convert.ToHexStringLower(salt), TextCommitment: textCommitment);
        }, cancellationToken);
        return new FeedbackReceipt(submitted.Id, submitted.Index, valid.Text, submitted.Salt, submitted.TextCommitment, block);
    });

    /// <summary>An official of the department the feedback concerns answers it; a closed feedback takes no more answers.</summary>
    public Task<CommandReceipt> AnswerAsync(Actor actor, long feedbackId, string? answer, CancellationToken cancellationToken = default) => CommandTelemetry.RunAsync("answer-feedback", () =>
    {
        var text = "";
        FundRefusalException.ThrowIf(Authority.Require(actor, Roles.Official) ?? FeedbackRules.Note(answer, TextFields.Answer, out text));
        return StepAsync(actor, feedbackId, feedback =>
            feedback.DepartmentCode != actor.Department
                ? throw new FundRefusalException(new Refusal(RefusalReason.NotTheDepartmentConcerned, feedback.DepartmentCode))
                : new FeedbackAnswered(feedbackId, feedback.DepartmentCode, text, feedback.LastIndex), cancellationToken);
    });

    /// <summary>A supervisor takes the feedback up with the department.</summary>
    public Task<CommandReceipt> EscalateAsync(Actor actor, long feedbackId, string? reason, CancellationToken cancellationToken = default) => CommandTelemetry.RunAsync("escalate-feedback", () =>
    {
        var text = "";
        FundRefusalException.ThrowIf(Authority.Require(actor, Roles.Supervisor) ?? FeedbackRules.Note(reason, TextFields.EscalationReason, out text));
        return StepAsync(actor, feedbackId, feedback => new FeedbackEscalated(feedbackId, text, feedback.LastIndex), cancellationToken);
    });

    public Task<CommandReceipt> CloseAsync(Actor actor, long feedbackId, string? outcome, string? note, CancellationToken cancellationToken = default) => CommandTelemetry.RunAsync("close-feedback", () =>
    {
        var text = "";
        FundRefusalException.ThrowIf(Authority.Require(actor, Roles.Supervisor) ?? FeedbackRules.Outcome(outcome) ?? FeedbackRules.Note(note, TextFields.ClosingNote, out text, required: false));
        return StepAsync(actor, feedbackId, feedback => new FeedbackClosed(feedbackId, outcome!, text.Length == 0 ? null : text, feedback.LastIndex), cancellationToken);
    });

    /// <summary>
    /// A supervisor hides an abusive or unlawful text: its value and salt are deleted in the same transaction as the
    /// entry that says so, and the freed pages scrubbed after it commits. The entry and its commitment stay.
    /// </summary>
    public Task<CommandReceipt> HideAsync(Actor actor, long feedbackId, string? reason, CancellationToken cancellationToken = default) => CommandTelemetry.RunAsync("hide-feedback", async () =>
    {
        var text = "";
        FundRefusalException.ThrowIf(Authority.Require(actor, Roles.Supervisor) ?? FeedbackRules.Note(reason, TextFields.HidingReason, out text));
        var receipt = await writer.ExecuteAsync(async (tx, ct) =>
        {
            var feedback = await FeedbackAsync(tx.Db, feedbackId, ct);
            if (feedback.HiddenAtMs is not null)
            {
                throw new FundRefusalException(new Refusal(RefusalReason.FeedbackIsHidden, feedbackId));
            }
            (await tx.Db.Set<PersonalValueRecord>().FindAsync([feedback.TextCommitment], ct))?.Erase(tx.Db, tx.TimestampMs);
            var entry = await tx.AppendAsync(FundEvents.Draft(actor.Id, new FeedbackHidden(feedbackId, Role(actor), text, feedback.LastIndex)), ct);
            return new CommandReceipt(feedbackId, entry.Index, entry.BlockHeight);
        }, cancellationToken);
        await PersonalValueRecord.ScrubAsync(store, cancellationToken);
        return receipt;
    });

    /// <summary>Discloses a feedback's contact to a supervisor, after recording the read.</summary>
    public Task<DisclosedContact> ReadContactAsync(Actor actor, long feedbackId, CancellationToken cancellationToken = default) => CommandTelemetry.RunAsync("read-feedback-contact", () =>
    {
        FundRefusalException.ThrowIf(Authority.Require(actor, Roles.Supervisor));
        return writer.ExecuteAsync(async (tx, ct) =>
        {
            var feedback = await FeedbackAsync(tx.Db, feedbackId, ct);
            if (feedback.ContactCommitment is null)
            {
                return new DisclosedContact(feedbackId, null, 0);
            }
            var value = await tx.Db.Set<PersonalValueRecord>().FindAsync([feedback.ContactCommitment], ct);
            var read = await tx.AppendAsync(FundEvents.Draft(actor.Id, new PersonalDataRead(PersonalFields.Feedback, feedbackId, PersonalFields.Contact)), ct);
            return new DisclosedContact(feedbackId, value?.Value, read.Index);
        }, cancellationToken);
    });

    private Task<CommandReceipt> StepAsync(Actor actor, long feedbackId, Func<FeedbackRecord, IFundEvent> decide, CancellationToken cancellationToken) =>
        writer.ExecuteAsync(async (tx, ct) =>
        {
            var feedback = await FeedbackAsync(tx.Db, feedbackId, ct);
            if (feedback.Status == FeedbackStatus.Closed)
            {
                throw new FundRefusalException(new Refusal(RefusalReason.FeedbackIsClosed, feedbackId));
            }
            var entry = await tx.AppendAsync(FundEvents.Draft(actor.Id, decide(feedback)), ct);
            return new CommandReceipt(feedbackId, entry.Index, entry.BlockHeight);
        }, cancellationToken);

    private static async Task<RequestRecord> ConcernedRequestAsync(LedgerDbContext db, string record, long recordId, CancellationToken ct)
    {
        long? requestId = record switch
        {
            FeedbackRules.RequestRecord => recordId,
            FeedbackRules.DisbursementRecord => (await db.Set<DisbursementRecord>().FindAsync([recordId], ct))?.RequestId,
            _ => throw new ArgumentOutOfRangeException(nameof(record), record, "Feedback concerns a request or a disbursement."),
        };
        return requestId is { } id && await db.Set<RequestRecord>().FindAsync([id], ct) is { } request
            ? request
            : throw new FundRefusalException(new Refusal(RefusalReason.NotFound,
                record == FeedbackRules.RequestRecord ? RefusalTexts.Things.Request : RefusalTexts.Things.Disbursement, recordId));
    }

    private static async Task<FeedbackRecord> FeedbackAsync(LedgerDbContext db, long feedbackId, CancellationToken ct) =>
        await db.Set<FeedbackRecord>().FindAsync([feedbackId], ct)
        ?? throw new FundRefusalException(new Refusal(RefusalReason.NotFound, RefusalTexts.Things.Feedback, feedbackId));

    private static PersonalValueRecord Personal(string commitment, byte[] salt, long feedbackId, string field, string value) => new()
    {
        Commitment = commitment, Record = PersonalFields.Feedback, RecordId = feedbackId, Field = field, Value = value, Salt = salt,
    };

    /// <summary>The role a step is recorded under, as the record's timeline names it.</summary>
    private static string Role(Actor actor) => actor.IsIn(Roles.Supervisor) ? Roles.Supervisor : Roles.People.First(actor.IsIn);


}
