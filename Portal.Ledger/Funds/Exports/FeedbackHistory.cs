namespace Portal.Ledger.Funds.Exports;

/// <summary>
/// A citizen's feedback as the ledger tells it up to a tree size: its submission and every later step (answers,
/// escalations, closing, hiding), read from their entries, with the text and salt that open its commitment while
/// the text is public (null once hidden, at that size or since).
/// </summary>
public sealed record FeedbackHistory(RequestStep Submitted, IReadOnlyList<RequestStep> Steps, string? Text, string? TextSalt)
{
    public FeedbackSubmitted Submission => (FeedbackSubmitted)Submitted.Event;

    /// <summary>The newest step: the feedback's state at the export's size.</summary>
    public RequestStep Latest => Steps.Count > 0 ? Steps[^1] : Submitted;

    public RequestStep? Hiding => Steps.LastOrDefault(s => s.Event is FeedbackHidden);

    public RequestStep? Closing => Steps.LastOrDefault(s => s.Event is FeedbackClosed);

    public IEnumerable<RequestStep> Answers => Steps.Where(s => s.Event is FeedbackAnswered);

    public IEnumerable<RequestStep> Escalations => Steps.Where(s => s.Event is FeedbackEscalated);

    /// <summary>The status at the export's size, folded from the steps as the read model folds them.</summary>
    public string Status => FeedbackQueries.StatusName(Steps.Aggregate(FeedbackStatus.Open, (status, step) => FeedbackRules.StatusAfter(status, step.Event)));
}
