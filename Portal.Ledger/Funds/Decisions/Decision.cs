namespace Portal.Ledger.Funds;

/// <summary>
/// What a fund command comes to, decided from the state it read and nothing else: the events to append, in order,
/// or the refusal. No events and no refusal is a decision too (a replayed payment, regions already defined).
/// </summary>
public sealed record Decision(IReadOnlyList<IFundEvent> Events, Refusal? Refusal)
{
    public static Decision Append(params IFundEvent[] events) => new(events, null);

    public static implicit operator Decision(Refusal refusal) => new([], refusal);
}
