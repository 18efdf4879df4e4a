namespace Portal.Ledger.Funds;

/// <summary>What a citizen sends about a request or a payment (<paramref name="Record"/>: "request" or "disbursement").</summary>
public sealed record SubmitFeedback(
    string Record, long RecordId, string? Kind, string? Category, string? Text, IReadOnlyList<string>? PhotoSha256, string? Contact);

/// <summary>A feedback as the command holds it once its shape is checked: lower-case hashes, trimmed text.</summary>
public sealed record ValidFeedback(string Record, long RecordId, string Kind, string? Category, string Text, IReadOnlyList<string> Photos, string? Contact);

/// <summary>
/// The shape of feedback commands, checked before anything is queued. Anyone may send feedback, so these are the
/// only gate in front of the ledger for anonymous text: the same text rules as every official's field apply.
/// </summary>
public static class FeedbackRules
{
    /// <summary>
    /// A feedback's status after one more step, as the read model and the exports fold it: an answer moves an open
    /// feedback to answered (not an escalated one back), an escalation and a closing set theirs, a hiding none.
    /// </summary>
    public static FeedbackStatus StatusAfter(FeedbackStatus status, IFundEvent step) => step switch
    {
        FeedbackAnswered when status == FeedbackStatus.Open => FeedbackStatus.Answered,
        FeedbackEscalated => FeedbackStatus.Escalated,
        FeedbackClosed => FeedbackStatus.Closed,
        _ => status,
    };

    public const int MaxTextLength = 2000;
    public const int MaxContactLength = 200;
    public const int MaxPhotos = 5;

    public const string RequestRecord = "request";
    public const string DisbursementRecord = Privacy.PersonalFields.Disbursement;

    public static Refusal? Check(SubmitFeedback command, out ValidFeedback valid)
    {
        valid = null!;
        if (command.Kind is null || !FeedbackKinds.All.Contains(command.Kind))
        {
            return new Refusal(RefusalReason.UnknownFeedbackKind);
        }
        var category = string.IsNullOrWhiteSpace(command.Category) ? null : command.Category;
        if (command.Kind == FeedbackKinds.Complaint && (category is null || !FeedbackCategories.All.Contains(category)))
        {
            return new Refusal(RefusalReason.UnknownFeedbackCategory);
        }
        if (command.Kind != FeedbackKinds.Complaint && category is not null)
        {
            return new Refusal(RefusalReason.CategoryOnlyForComplaints);
        }
        if (FundRules.Text(command.Text, TextFields.FeedbackText, MaxTextLength, out var text) is { } badText)
        {
            return badText;
        }
        string? contact = null;
        if (!string.IsNullOrWhiteSpace(command.Contact))
        {
            if (FundRules.Text(command.Contact, TextFields.Contact, MaxContactLength, out var trimmed) is { } badContact)
            {
                return badContact;
            }
            contact = trimmed;
        }
        var photos = new List<string>();
        foreach (var photo in command.PhotoSha256 ?? [])
        {
            if (FundRules.Sha256(photo, TextFields.PhotoHash, out var hex) is { } badHash)
            {
                return badHash;
            }
            if (hex is null)
            {
                return new Refusal(RefusalReason.NotASha256, RefusalTexts.Field(TextFields.PhotoHash));
            }
            if (!photos.Contains(hex))
            {
                photos.Add(hex);
            }
        }
        if (photos.Count > MaxPhotos)
        {
            return new Refusal(RefusalReason.TooManyPhotos, MaxPhotos);
        }
        valid = new ValidFeedback(command.Record, command.RecordId, command.Kind, category, text, photos, contact);
        return null;
    }

    /// <summary>An answer, a reason or a note of an official or a supervisor: required text of at most 2,000 characters.</summary>
    public static Refusal? Note(string? value, string field, out string text, bool required = true) =>
        FundRules.Text(value, field, MaxTextLength, out text, required);

    public static Refusal? Outcome(string? outcome) =>
        outcome is not null && FeedbackOutcomes.All.Contains(outcome) ? null : new Refusal(RefusalReason.UnknownFeedbackOutcome);
}
