using Microsoft.EntityFrameworkCore;
using Portal.Ledger.Storage;

namespace Portal.Ledger.Funds;

/// <summary>A fund as its administrator sees it: its terms and the policy version decisions are taken under.</summary>
public sealed record FundTerms(
    long Id, string Name, string Currency, decimal Budget, DateOnly PeriodStart, DateOnly PeriodEnd, decimal Approved, int PolicyVersion, long LedgerIndex);

/// <summary>One version of a fund's approval policy and the ledger entry that set it.</summary>
public sealed record PolicyVersion(long FundId, int Version, ApprovalPolicy Policy, long LedgerIndex);

/// <summary>Read-side queries for administering funds and their approval policies.</summary>
public sealed class FundAdminQueries(LedgerStore store)
{
    public async Task<IReadOnlyList<FundTerms>> FundsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        var funds = await db.Set<FundRecord>().AsNoTracking().OrderBy(f => f.Id).ToListAsync(cancellationToken);
        return funds.ConvertAll(f => new FundTerms(f.Id, f.Name, f.Currency, f.Budget, f.PeriodStart, f.PeriodEnd, f.Approved, f.PolicyVersion, f.LedgerIndex));
    }

    /// <summary>Every version of the fund's policy, newest first; empty for an unknown fund.</summary>
    public async Task<IReadOnlyList<PolicyVersion>> PolicyHistoryAsync(long fundId, CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        var versions = await db.Set<PolicyRecord>().AsNoTracking().Where(p => p.FundId == fundId)
            .OrderByDescending(p => p.Version).ToListAsync(cancellationToken);
        return versions.ConvertAll(p => new PolicyVersion(p.FundId, p.Version, FundEvents.Deserialize<ApprovalPolicy>(p.PolicyJson), p.LedgerIndex));
    }
}
