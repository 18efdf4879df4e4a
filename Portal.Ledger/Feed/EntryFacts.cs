using Portal.Ledger.Funds;

namespace Portal.Ledger.Feed;

/// <summary>
/// What a fund event itself names of the fund, request, region, program, department and amount it concerns. The
/// steps after a filing name only their request (and an approval or rejection the deciding department); the feed
/// fills the rest from the request. <see cref="WholeRequest"/>: the step moves the request's whole amount (an
/// approval, rejection or cancellation), which it does not state itself.
/// </summary>
internal sealed record EntryFacts(long? FundId, long? RequestId, string? Region, string? Program, string? Department, decimal? Amount, bool WholeRequest = false)
{
    public static EntryFacts None { get; } = new(null, null, null, null, null, null);

    public static EntryFacts Of(IFundEvent? e) => e switch
    {
        FundCreated f => None with { FundId = f.FundId, Amount = f.Budget },
        PolicySet p => None with { FundId = p.FundId },
        RequestFiled r => new(r.FundId, r.RequestId, r.Region, r.Program, r.Department, r.Amount),
        RequestApproved a => None with { RequestId = a.RequestId, Department = a.Department, WholeRequest = true },
        RequestRejected r => None with { RequestId = r.RequestId, Department = r.Department, WholeRequest = true },
        RequestCancelled c => None with { RequestId = c.RequestId, WholeRequest = true },
        DisbursementConfirmed d => None with { RequestId = d.RequestId, Amount = d.Amount },
        UsageReported u => None with { RequestId = u.RequestId, Amount = u.Amount },
        FundsReturned r => None with { RequestId = r.RequestId, Amount = r.Amount },
        // Definitions of regions, programs and departments, and the ledger's own entries, concern no fund.
        _ => None,
    };
}
