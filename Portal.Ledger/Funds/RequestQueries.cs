using Microsoft.EntityFrameworkCore;
using Portal.Ledger.Storage;

namespace Portal.Ledger.Funds;

public sealed record RequestSummary(
    long Id, long FundId, string Program, string Region, string Department, string RequesterId, decimal Amount, string Purpose,
    int Beneficiaries, RequestState State, DateTimeOffset FiledAt, int Approvals, bool SupervisorSignedOff, decimal Disbursed, decimal Used, decimal Returned,
    DateTimeOffset? FirstApprovedAt = null);

/// <summary>Which requests to list: by state, department or requester; newest first.</summary>
public sealed record RequestQuery(RequestState? State = null, string? Department = null, string? RequesterId = null, bool? Paid = null, bool? Used = null, int Limit = 50);

/// <summary>Read-side queries over requests, for the officials' and approvers' work lists and the demo simulator.</summary>
public sealed class RequestQueries(LedgerStore store)
{
    public async Task<IReadOnlyList<RequestSummary>> ListAsync(RequestQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        var requests = db.Set<RequestRecord>().AsNoTracking();
        if (query.State is { } state)
        {
            requests = requests.Where(r => r.State == state);
        }
        if (query.Department is { } department)
        {
            requests = requests.Where(r => r.DepartmentCode == department);
        }
        if (query.RequesterId is { } requester)
        {
            requests = requests.Where(r => r.RequesterId == requester);
        }
        if (query.Paid is { } paid)
        {
            requests = paid ? requests.Where(r => r.Disbursed > 0) : requests.Where(r => r.Disbursed == 0);
        }
        if (query.Used is { } used)
        {
            requests = used ? requests.Where(r => r.Used > 0) : requests.Where(r => r.Used == 0);
        }
        var rows = await requests.OrderByDescending(r => r.Id).Take(Math.Clamp(query.Limit, 1, 500)).ToListAsync(cancellationToken);
        return rows.ConvertAll(Summary);
    }

    public async Task<RequestSummary?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        var row = await db.Set<RequestRecord>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        return row is null ? null : Summary(row);
    }

    internal static RequestSummary Summary(RequestRecord r) => new(
        r.Id, r.FundId, r.ProgramCode, r.RegionCode, r.DepartmentCode, r.RequesterId, r.Amount, r.Purpose, r.Beneficiaries, r.State,
        DateTimeOffset.FromUnixTimeMilliseconds(r.FiledAtMs),
        r.ApprovalsCounted,
        r.SupervisorSignedOff, r.Disbursed, r.Used, r.Returned,
        r.FirstApprovedAtMs is { } first ? DateTimeOffset.FromUnixTimeMilliseconds(first) : null);
}
