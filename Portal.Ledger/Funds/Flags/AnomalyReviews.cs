using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Ledger.Chain.Writing;
using Portal.Ledger.Storage;

namespace Portal.Ledger.Funds;

/// <summary>What a supervisor concluded about a flag.</summary>
public static class ReviewOutcomes
{
    /// <summary>Something is wrong: sent on for investigation or correction.</summary>
    public const string Referred = "referred";

    /// <summary>There is a good reason, which the note gives.</summary>
    public const string Explained = "explained";

    /// <summary>Nothing is wrong: the rule caught an ordinary case.</summary>
    public const string Dismissed = "dismissed";

    public static IReadOnlyList<string> All { get; } = [Referred, Explained, Dismissed];
}

/// <summary>
/// A flag, as a review names it: its kind and its subject, the ledger index of the entry that raised a stored flag,
/// the request whose usage is missing or whose funds are idle, the unanswered complaint, or the fund whose approvals
/// are concentrated. Written <c>kind:subject</c>, the flag's <c>id</c> in the API.
/// </summary>
public readonly record struct FlagKey(string Kind, long Subject)
{
    public override string ToString() => $"{Kind}:{Subject}";

    public static bool TryParse(string? text, out FlagKey key)
    {
        key = default;
        var colon = text?.LastIndexOf(':') ?? -1;
        if (colon <= 0 || !AnomalyKinds.All.Contains(text![..colon], StringComparer.Ordinal)
            || !long.TryParse(text[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var subject) || subject < 1)
        {
            return false;
        }
        key = new FlagKey(text[..colon], subject);
        return true;
    }

    /// <summary>The key of a flag as the list gives it.</summary>
    public static FlagKey Of(Anomaly a) => new(a.Kind, a.Kind switch
    {
        AnomalyKinds.UsageMissing or AnomalyKinds.FundsIdle => a.RequestId!.Value,
        AnomalyKinds.ComplaintUnanswered => a.Facts!.FeedbackId!.Value,
        AnomalyKinds.ApprovalConcentration => a.FundId,
        AnomalyKinds.PayeeConcentration => PayeeConcentration.Subject(a.FundId, a.Facts!.Scope!, a.Facts.Code!),
        _ => a.LedgerIndex!.Value,
    });
}

/// <summary>A supervisor reviewed a flag (<see cref="FlagKey"/>): its outcome and why. A later review of the same flag supersedes it.</summary>
public sealed record AnomalyReviewed(string Flag, string Outcome, string Note) : IFundEvent;

/// <summary>The latest review of each flag, from its <c>anomaly.reviewed</c> entry; the ledger keeps every earlier one.</summary>
public sealed class AnomalyReviewRecord
{
    public required string Kind { get; set; }
    public long Subject { get; set; }
    public required string Outcome { get; set; }
    public required string Note { get; set; }
    public required string ReviewerId { get; set; }
    public long AtMs { get; set; }
    public long LedgerIndex { get; set; }
}

internal sealed class AnomalyReviewMapping : IEntityTypeConfiguration<AnomalyReviewRecord>
{
    public void Configure(EntityTypeBuilder<AnomalyReviewRecord> r)
    {
        r.ToTable("AnomalyReviews");
        r.HasKey(x => new { x.Kind, x.Subject });
        r.Property(x => x.Kind).HasMaxLength(64);
        r.Property(x => x.Outcome).HasMaxLength(16);
        r.Property(x => x.Note).HasMaxLength(2000);
        r.Property(x => x.ReviewerId).HasMaxLength(256);
    }
}

/// <summary>A flag's review as the list shows it.</summary>
public sealed record AnomalyReview(string Outcome, string Note, string Reviewer, DateTimeOffset ReviewedAt, long LedgerIndex);

/// <summary>Supervisors review flags on the ledger, so the team sees what is settled and anyone can see who settled it and why.</summary>
public sealed class AnomalyReviewService(LedgerWriter writer, AnomalyRules? rules = null)
{
    public const int MaxNoteLength = 2000;

    private readonly AnomalyRules _rules = rules ?? AnomalyRules.Default;

    public Task<CommandReceipt> ReviewAsync(Actor actor, string? flag, string? outcome, string? note, CancellationToken cancellationToken = default) => CommandTelemetry.RunAsync("review-anomaly", () =>
    {
        var known = FlagKey.TryParse(flag, out var key);
        var noteRefusal = FundRules.Text(note, TextFields.ReviewNote, MaxNoteLength, out var text);
        FundRefusalException.ThrowIf(Authority.Require(actor, Roles.Supervisor)
            ?? (known ? null : new Refusal(RefusalReason.UnknownFlag, flag is { Length: <= 100 } ? flag : "…"))
            ?? (outcome is not null && ReviewOutcomes.All.Contains(outcome) ? null : new Refusal(RefusalReason.UnknownReviewOutcome))
            ?? noteRefusal);
        return writer.ExecuteAsync(async (tx, ct) =>
        {
            if (!await StandsAsync(tx.Db, key, tx.Timestamp.ToUnixTimeMilliseconds(), ct))
            {
                throw new FundRefusalException(new Refusal(RefusalReason.UnknownFlag, key.ToString()));
            }
            var entry = await tx.AppendAsync(FundEvents.Draft(actor.Id, new AnomalyReviewed(key.ToString(), outcome!, text)), ct);
            return new CommandReceipt(entry.Index, entry.Index, entry.BlockHeight);
        }, cancellationToken);
    });

    /// <summary>Whether the flag exists: raised by that entry, or, for a flag of time passing, standing now.</summary>
    private async Task<bool> StandsAsync(LedgerDbContext db, FlagKey key, long now, CancellationToken ct)
    {
        switch (key.Kind)
        {
            case AnomalyKinds.UsageMissing:
                var deadline = now - AnomalyService.Days(_rules.UsageMissingDays);
                return await db.Set<RequestRecord>().AnyAsync(r => r.Id == key.Subject && r.Used == 0 && r.Returned == 0 && r.LastPaidAtMs < deadline, ct);
            case AnomalyKinds.FundsIdle:
                var idle = now - AnomalyService.Days(_rules.IdleDays);
                return await db.Set<RequestRecord>().AnyAsync(r => r.Id == key.Subject && r.State == RequestState.Approved && r.Disbursed == 0 && r.DecidedAtMs < idle, ct);
            case AnomalyKinds.ComplaintUnanswered:
                var answer = now - AnomalyService.Days(_rules.ComplaintAnswerDays);
                return await db.Set<FeedbackRecord>().AnyAsync(f => f.Id == key.Subject && f.Kind == FeedbackKinds.Complaint
                    && f.FirstAnsweredAtMs == null && f.Status != FeedbackStatus.Closed && f.CreatedAtMs < answer, ct);
            case AnomalyKinds.ApprovalConcentration:
                return await db.Set<FundRecord>().FindAsync([key.Subject], ct) is not null;
            case AnomalyKinds.PayeeConcentration:
                return (await PayeeConcentration.DetectAsync(db, new AnomalyFilter(), now, ct)).Any(f => FlagKey.Of(f).Subject == key.Subject);
            default:
                return await db.Set<AnomalyRecord>().FindAsync([key.Subject, key.Kind], ct) is not null;
        }
    }

    internal static async Task ProjectAsync(LedgerDbContext db, Chain.LedgerEntry entry, AnomalyReviewed e, CancellationToken ct)
    {
        if (!FlagKey.TryParse(e.Flag, out var key))
        {
            return;
        }
        var review = await FundProjector.KeptAsync(db, [key.Kind, key.Subject],
            () => new AnomalyReviewRecord { Kind = key.Kind, Subject = key.Subject, Outcome = e.Outcome, Note = e.Note, ReviewerId = entry.Actor }, ct);
        (review.Outcome, review.Note, review.ReviewerId, review.AtMs, review.LedgerIndex) = (e.Outcome, e.Note, entry.Actor, entry.TimestampMs, entry.Index);
    }
}
