using Microsoft.EntityFrameworkCore;
using Portal.Ledger.Storage;

namespace Portal.Ledger.Funds;

/// <summary>An approval already given on a pending request.</summary>
public sealed record GivenApproval(string ApproverId, string Department, string DepartmentName, string Role, DateTimeOffset At);

/// <summary>
/// A pending request with what its fund's policy in force asks of it: the tier its amount falls in, whether a
/// supervisor must also sign off, and the approvals given so far.
/// </summary>
public sealed record QueuedRequest(RequestSummary Request, string DepartmentName, int PolicyVersion, ApprovalTier Tier, bool NeedsSupervisorSignOff, IReadOnlyList<GivenApproval> Approvals)
{
    /// <summary>The approvals that count towards the tier, as the fund rules count them (a sign-off alone does not).</summary>
    public int ApprovalsCounted => Request.Approvals;

    public bool HasApproved(string actorId) => Approvals.Any(a => a.ApproverId == actorId);
}

/// <summary>The approvers' queue: pending requests, oldest first, each with the policy that applies to it.</summary>
public sealed class ApprovalQueries(LedgerStore store)
{
    public async Task<IReadOnlyList<QueuedRequest>> PendingAsync(int limit = 200, CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        var requests = await db.Set<RequestRecord>().AsNoTracking().Where(r => r.State == RequestState.Pending)
            .OrderBy(r => r.Id).Take(Math.Clamp(limit, 1, 1_000)).ToListAsync(cancellationToken);
        if (requests.Count == 0)
        {
            return [];
        }
        var ids = requests.ConvertAll(r => r.Id);
        var decisions = (await db.Set<DecisionRecord>().AsNoTracking().Where(d => ids.Contains(d.RequestId) && d.Approved).ToListAsync(cancellationToken))
            .ToLookup(d => d.RequestId);
        var departments = await db.Set<DepartmentRecord>().AsNoTracking().ToDictionaryAsync(d => d.Code, d => d.Name, cancellationToken);
        var fundIds = requests.Select(r => r.FundId).Distinct().ToList();
        var policies = new Dictionary<long, (int Version, ApprovalPolicy Policy)>();
        foreach (var fund in await db.Set<FundRecord>().AsNoTracking().Where(f => fundIds.Contains(f.Id)).ToListAsync(cancellationToken))
        {
            var record = await db.Set<PolicyRecord>().AsNoTracking().FirstAsync(p => p.FundId == fund.Id && p.Version == fund.PolicyVersion, cancellationToken);
            policies[fund.Id] = (record.Version, FundEvents.Deserialize<ApprovalPolicy>(record.PolicyJson));
        }
        return requests.ConvertAll(r =>
        {
            var (version, policy) = policies[r.FundId];
            var given = decisions[r.Id].OrderBy(d => d.AtMs).Select(d => new GivenApproval(
                d.ApproverId, d.Department, departments.GetValueOrDefault(d.Department, d.Department), d.Role, DateTimeOffset.FromUnixTimeMilliseconds(d.AtMs))).ToList();
            return new QueuedRequest(RequestQueries.Summary(r), departments.GetValueOrDefault(r.DepartmentCode, r.DepartmentCode), version,
                policy.TierFor(r.Amount), policy.NeedsSupervisor(r.Amount), given);
        });
    }
}
