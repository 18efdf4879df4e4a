using Portal.Ledger.Chain;
using Portal.Ledger.Storage;

namespace Portal.Ledger.Funds;

/// <summary>The feedback read models, from the feedback entries: the feedback's state, its timeline and its photos.</summary>
internal static class FeedbackProjection
{
    public static async Task SubmittedAsync(LedgerDbContext db, LedgerEntry entry, FeedbackSubmitted e, CancellationToken ct)
    {
        var request = await FundProjector.FindAsync<RequestRecord>(db, e.RequestId, ct);
        db.Add(new FeedbackRecord
        {
            Id = e.FeedbackId, Record = e.Record, RecordId = e.RecordId, RequestId = e.RequestId, FundId = request.FundId,
            RegionCode = request.RegionCode, DepartmentCode = request.DepartmentCode, Kind = e.Kind, Category = e.Category,
            TextCommitment = e.TextCommitment, ContactCommitment = e.ContactCommitment, Status = FeedbackStatus.Open,
            CreatedAtMs = entry.TimestampMs, LedgerIndex = entry.Index, LastIndex = entry.Index,
        });
        foreach (var photo in e.PhotoSha256 ?? [])
        {
            db.Add(new FeedbackPhotoRecord { FeedbackId = e.FeedbackId, Sha256 = photo });
        }
    }

    public static async Task StepAsync(LedgerDbContext db, LedgerEntry entry, CancellationToken ct)
    {
        var e = FundEvents.Read(entry.Kind, entry.Payload);
        var (id, step) = e switch
        {
            FeedbackAnswered a => (a.FeedbackId, new FeedbackStepRecord { Step = "answered", Role = Roles.Official, Department = a.Department, Text = a.Text }),
            FeedbackEscalated x => (x.FeedbackId, new FeedbackStepRecord { Step = "escalated", Role = Roles.Supervisor, Text = x.Reason }),
            FeedbackClosed c => (c.FeedbackId, new FeedbackStepRecord { Step = "closed", Role = Roles.Supervisor, Text = c.Note, Outcome = c.Outcome }),
            FeedbackHidden h => (h.FeedbackId, new FeedbackStepRecord { Step = "hidden", Role = h.Role, Text = h.Reason }),
            _ => throw new ArgumentException($"{entry.Kind} is not a feedback step.", nameof(entry)),
        };
        var feedback = FundProjector.Touch(db, await FundProjector.FindAsync<FeedbackRecord>(db, id, ct));
        step.LedgerIndex = entry.Index;
        step.FeedbackId = id;
        step.AtMs = entry.TimestampMs;
        db.Add(step);
        feedback.LastIndex = entry.Index;
        feedback.Status = FeedbackRules.StatusAfter(feedback.Status, e);
        switch (e)
        {
            case FeedbackAnswered:
                feedback.FirstAnsweredAtMs ??= entry.TimestampMs;
                break;
            case FeedbackClosed closed:
                feedback.Outcome = closed.Outcome;
                feedback.ClosedAtMs = entry.TimestampMs;
                break;
            case FeedbackHidden:
                feedback.HiddenAtMs = entry.TimestampMs;
                break;
        }
    }
}
