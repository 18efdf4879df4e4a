using System.Text.Json;
using Portal.Ledger.Funds;

namespace Portal.Ledger.Monitoring;

/// <summary>
/// Each fund's totals recomputed from its events alone, as the portal's projection defines them: requested is every
/// filing; approved the requests whose approval completed, less those cancelled after it and the funds returned;
/// paid every confirmed disbursement; used every usage report. It also keeps, per request, what a later event or a
/// published record needs: its fund, amount, state and last step.
/// </summary>
public sealed class FundAudit
{
    private readonly SortedDictionary<long, Fund> _funds = [];
    private readonly Dictionary<long, Request> _requests = [];

    public int RequestCount => _requests.Count;

    private sealed class Fund(string name, string currency, decimal budget)
    {
        public string Name { get; } = name;
        public string Currency { get; } = currency;
        public decimal Budget { get; } = budget;
        public decimal Requested { get; set; }
        public decimal Approved { get; set; }
        public decimal Paid { get; set; }
        public decimal Used { get; set; }
    }

    private enum State : byte
    {
        Pending,
        Approved,
        Closed,
    }

    private struct Request
    {
        public long FundId;
        public decimal Amount;
        public State State;
        public long LastIndex;
    }

    /// <summary>The last entry recorded for a request (its filing or a later step); null when no entry filed it.</summary>
    public long? LastStepOf(long requestId) => _requests.TryGetValue(requestId, out var request) ? request.LastIndex : null;

    /// <summary>Applies one entry; entries of other kinds are ignored.</summary>
    /// <exception cref="DiscrepancyException">The entry does not decode, or refers to a fund or request no earlier entry created.</exception>
    public void Apply(long index, string kind, string payload)
    {
        try
        {
            switch (kind)
            {
                case FundEvents.FundCreated:
                    var created = FundEvents.Deserialize<FundCreated>(payload);
                    if (!_funds.TryAdd(created.FundId, new Fund(created.Name, created.Currency, created.Budget)))
                    {
                        throw new DiscrepancyException($"Entry {index} creates fund {created.FundId} a second time.");
                    }
                    break;
                case FundEvents.RequestFiled:
                    var filed = FundEvents.Deserialize<RequestFiled>(payload);
                    FundOf(index, filed.FundId).Requested += filed.Amount;
                    if (!_requests.TryAdd(filed.RequestId, new Request { FundId = filed.FundId, Amount = filed.Amount, LastIndex = index }))
                    {
                        throw new DiscrepancyException($"Entry {index} files request {filed.RequestId} a second time.");
                    }
                    break;
                case FundEvents.RequestApproved:
                    var approved = FundEvents.Deserialize<RequestApproved>(payload);
                    Step(index, approved.RequestId, (ref Request r) =>
                    {
                        if (approved.Final)
                        {
                            r.State = State.Approved;
                            FundOf(index, r.FundId).Approved += r.Amount;
                        }
                    });
                    break;
                case FundEvents.RequestRejected:
                    Step(index, FundEvents.Deserialize<RequestRejected>(payload).RequestId, (ref Request r) => r.State = State.Closed);
                    break;
                case FundEvents.RequestCancelled:
                    Step(index, FundEvents.Deserialize<RequestCancelled>(payload).RequestId, (ref Request r) =>
                    {
                        if (r.State == State.Approved)
                        {
                            FundOf(index, r.FundId).Approved -= r.Amount;
                        }
                        r.State = State.Closed;
                    });
                    break;
                case FundEvents.DisbursementConfirmed:
                    var paid = FundEvents.Deserialize<DisbursementConfirmed>(payload);
                    Step(index, paid.RequestId, (ref Request r) => FundOf(index, r.FundId).Paid += paid.Amount);
                    break;
                case FundEvents.UsageReported:
                    var used = FundEvents.Deserialize<UsageReported>(payload);
                    Step(index, used.RequestId, (ref Request r) => FundOf(index, r.FundId).Used += used.Amount);
                    break;
                case FundEvents.FundsReturned:
                    var returned = FundEvents.Deserialize<FundsReturned>(payload);
                    Step(index, returned.RequestId, (ref Request r) => FundOf(index, r.FundId).Approved -= returned.Amount);
                    break;
            }
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or ArgumentException)
        {
            throw new DiscrepancyException($"Entry {index} ({kind}) does not decode as a {kind} event: {ex.Message}");
        }
    }

    /// <summary>Every fund's totals, rounded to its currency as the open-data answers are.</summary>
    public IReadOnlyList<FundSummary> Summaries() =>
        _funds.Select(p => FundSummary.Rounded(p.Key, p.Value.Name, p.Value.Currency, p.Value.Budget, p.Value.Requested, p.Value.Approved, p.Value.Paid, p.Value.Used)).ToList();

    private delegate void Change(ref Request request);

    private void Step(long index, long requestId, Change change)
    {
        ref var request = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrNullRef(_requests, requestId);
        if (System.Runtime.CompilerServices.Unsafe.IsNullRef(ref request))
        {
            throw new DiscrepancyException($"Entry {index} refers to request {requestId}, which no earlier entry filed.");
        }
        change(ref request);
        request.LastIndex = index;
    }

    private Fund FundOf(long index, long fundId) =>
        _funds.TryGetValue(fundId, out var fund) ? fund : throw new DiscrepancyException($"Entry {index} refers to fund {fundId}, which no earlier entry created.");

    public void Write(BinaryWriter writer)
    {
        writer.Write(_funds.Count);
        foreach (var (id, f) in _funds)
        {
            writer.Write(id);
            writer.Write(f.Name);
            writer.Write(f.Currency);
            writer.Write(f.Budget);
            writer.Write(f.Requested);
            writer.Write(f.Approved);
            writer.Write(f.Paid);
            writer.Write(f.Used);
        }
        writer.Write(_requests.Count);
        foreach (var (id, r) in _requests)
        {
            writer.Write(id);
            writer.Write(r.FundId);
            writer.Write(r.Amount);
            writer.Write((byte)r.State);
            writer.Write(r.LastIndex);
        }
    }

    public static FundAudit Read(BinaryReader reader)
    {
        var audit = new FundAudit();
        var funds = reader.ReadInt32();
        for (var i = 0; i < funds; i++)
        {
            var id = reader.ReadInt64();
            audit._funds.Add(id, new Fund(reader.ReadString(), reader.ReadString(), reader.ReadDecimal())
            {
                Requested = reader.ReadDecimal(), Approved = reader.ReadDecimal(), Paid = reader.ReadDecimal(), Used = reader.ReadDecimal(),
            });
        }
        var requests = reader.ReadInt32();
        audit._requests.EnsureCapacity(requests);
        for (var i = 0; i < requests; i++)
        {
            audit._requests.Add(reader.ReadInt64(), new Request
            {
                FundId = reader.ReadInt64(), Amount = reader.ReadDecimal(), State = (State)reader.ReadByte(), LastIndex = reader.ReadInt64(),
            });
        }
        return audit;
    }
}

/// <summary>Something the log or the portal serves that does not hold; the monitor stops at the first.</summary>
public sealed class DiscrepancyException(string message) : Exception(message);
