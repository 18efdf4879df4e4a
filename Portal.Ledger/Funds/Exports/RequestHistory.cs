namespace Portal.Ledger.Funds.Exports;

/// <summary>One event of a request, read from its ledger entry.</summary>
public sealed record RequestStep(long LedgerIndex, DateTimeOffset Time, IFundEvent Event)
{
    /// <summary>Whether the step falls in an export's time window: from <paramref name="from"/>, before <paramref name="to"/>.</summary>
    public bool In(DateTimeOffset? from, DateTimeOffset? to) => (from is null || Time >= from) && (to is null || Time < to);
}

/// <summary>
/// A request as the ledger tells it up to a tree size: its filing and every later step, in ledger order. The
/// standards' exports are written from these alone, so a file says what the entries say and nothing a read model
/// might have added. <see cref="InWindow"/> applies an export's time filter, which selects the steps it reports.
/// </summary>
public sealed record RequestHistory(RequestStep Filed, IReadOnlyList<RequestStep> Steps, DateTimeOffset? From, DateTimeOffset? To)
{
    public RequestFiled Filing => (RequestFiled)Filed.Event;

    public long RequestId => Filing.RequestId;

    // Each read once, when the history is made: the writers ask for them many times per request, a million requests.

    /// <summary>The step that decided the request (its final approval or a rejection), if any.</summary>
    public RequestStep? Decision { get; } = Steps.FirstOrDefault(s => s.Event is RequestApproved { Final: true } or RequestRejected);

    public RequestStep? Cancellation { get; } = Steps.FirstOrDefault(s => s.Event is RequestCancelled);

    public decimal Disbursed { get; } = Steps.Select(s => s.Event).OfType<DisbursementConfirmed>().Sum(p => p.Amount);

    public decimal Used { get; } = Steps.Select(s => s.Event).OfType<UsageReported>().Sum(u => u.Amount);

    public decimal Returned { get; } = Steps.Select(s => s.Event).OfType<FundsReturned>().Sum(r => r.Amount);

    public RequestState State => Cancellation is not null ? RequestState.Cancelled
        : Decision?.Event switch
        {
            RequestApproved => RequestState.Approved,
            RequestRejected => RequestState.Rejected,
            _ => RequestState.Pending,
        };

    /// <summary>Whether the approval came before a cancellation, so the cancellation released a commitment.</summary>
    public bool CancelledAfterApproval => Cancellation is { } c && Decision is { Event: RequestApproved } d && d.LedgerIndex < c.LedgerIndex;

    /// <summary>Paid in full, and every yuan paid reported as used or returned: no step can follow.</summary>
    public bool IsClosed => State == RequestState.Approved && Disbursed > 0 && Disbursed >= Filing.Amount && Used + Returned >= Disbursed;

    public RequestStep Latest => Steps.Count == 0 ? Filed : Steps[^1];

    public bool InWindow(RequestStep step) => step.In(From, To);

    /// <summary>The steps after the filing that the export's time filter selects.</summary>
    public IEnumerable<RequestStep> StepsInWindow => Steps.Where(InWindow);
}
