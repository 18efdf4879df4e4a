using Microsoft.EntityFrameworkCore;
using Portal.Ledger.Storage;

namespace Portal.Ledger.Funds;

public sealed record PortalTotals(string Currency, decimal Budget, decimal Requested, decimal Approved, decimal Disbursed, decimal Used, long Beneficiaries, int Funds);

public sealed record PeriodTotal(DateOnly Start, decimal Requested, decimal Approved, decimal Disbursed, decimal Used);

public sealed record CategoryTotal(string Code, string Name, decimal Requested, decimal Approved, decimal Disbursed, decimal Used);

/// <summary>Totals for the public home page and the dashboards, from the fund balances and the daily totals.</summary>
public sealed class TotalsQueries(LedgerStore store)
{
    public async Task<PortalTotals?> TotalsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        var funds = await db.Set<FundRecord>().AsNoTracking().ToListAsync(cancellationToken);
        if (funds.Count == 0)
        {
            return null;
        }
        // Beneficiaries of requests that were approved (and not cancelled): people reached, counted, never named.
        var beneficiaries = await db.Set<RequestRecord>().AsNoTracking()
            .Where(r => r.State == RequestState.Approved).SumAsync(r => (long)r.Beneficiaries, cancellationToken);
        return new PortalTotals(funds[0].Currency, funds.Sum(f => f.Budget), funds.Sum(f => f.Requested), funds.Sum(f => f.Approved),
            funds.Sum(f => f.Disbursed), funds.Sum(f => f.Used), beneficiaries, funds.Count);
    }

    /// <summary>Weekly totals (weeks starting on Monday, UTC days), oldest first.</summary>
    public async Task<IReadOnlyList<PeriodTotal>> ByWeekAsync(CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        var days = await db.Set<DailyTotalRecord>().AsNoTracking().ToListAsync(cancellationToken);
        return days.GroupBy(d => d.Day.AddDays(-(((int)d.Day.DayOfWeek + 6) % 7)))
            .OrderBy(g => g.Key)
            .Select(g => new PeriodTotal(g.Key, g.Sum(d => d.Requested), g.Sum(d => d.Approved), g.Sum(d => d.Disbursed), g.Sum(d => d.Used)))
            .ToList();
    }

    /// <summary>Totals by prefecture (the first four digits of the region code), largest disbursed first.</summary>
    public async Task<IReadOnlyList<CategoryTotal>> ByPrefectureAsync(CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        var names = await db.Set<RegionRecord>().AsNoTracking().Where(r => r.Level == "prefecture").ToDictionaryAsync(r => r.Code, r => r.NameEn, cancellationToken);
        var days = await db.Set<DailyTotalRecord>().AsNoTracking().ToListAsync(cancellationToken);
        return days.GroupBy(d => FundProjector.RegionPrefix(d.RegionCode, 4))
            .Select(g => new CategoryTotal(g.Key, names.GetValueOrDefault(g.Key, g.Key), g.Sum(d => d.Requested), g.Sum(d => d.Approved), g.Sum(d => d.Disbursed), g.Sum(d => d.Used)))
            .OrderByDescending(t => t.Disbursed).ToList();
    }

    /// <summary>Totals by program, largest approved first.</summary>
    public async Task<IReadOnlyList<CategoryTotal>> ByProgramAsync(CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        var names = await db.Set<ProgramRecord>().AsNoTracking().ToDictionaryAsync(p => p.Code, p => p.NameEn, cancellationToken);
        var days = await db.Set<DailyTotalRecord>().AsNoTracking().ToListAsync(cancellationToken);
        return days.GroupBy(d => d.ProgramCode)
            .Select(g => new CategoryTotal(g.Key, names.GetValueOrDefault(g.Key, g.Key), g.Sum(d => d.Requested), g.Sum(d => d.Approved), g.Sum(d => d.Disbursed), g.Sum(d => d.Used)))
            .OrderByDescending(t => t.Approved).ToList();
    }
}
