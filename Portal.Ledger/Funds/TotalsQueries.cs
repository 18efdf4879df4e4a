using Microsoft.EntityFrameworkCore;
using Portal.Ledger.Storage;

namespace Portal.Ledger.Funds;

public sealed record PortalTotals(string Currency, decimal Budget, decimal Requested, decimal Approved, decimal Disbursed, decimal Used, long Beneficiaries, int Funds);

/// <param name="Approved">Approved in the period; <paramref name="ReleasedOrReturned"/> is what was released by a cancellation or returned in it.</param>
public sealed record PeriodTotal(DateOnly Start, decimal Requested, decimal Approved, decimal Disbursed, decimal Used, decimal ReleasedOrReturned);

/// <param name="Name">The category's Chinese name; <paramref name="NameEn"/> its English one (the code when it has none).</param>
public sealed record CategoryTotal(string Code, string Name, string NameEn, decimal Requested, decimal Approved, decimal Disbursed, decimal Used);

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

    /// <summary>
    /// The dashboard's breakdowns from one read of the daily totals: weekly (weeks from Monday, UTC days, oldest
    /// first), by prefecture (the first four digits of the region code, largest disbursed first) and by program.
    /// </summary>
    public async Task<TotalsBreakdown> BreakdownAsync(CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        var prefectures = await db.Set<RegionRecord>().AsNoTracking().Where(r => r.Level == "prefecture").ToDictionaryAsync(r => r.Code, r => (r.Name, r.NameEn), cancellationToken);
        var programs = await ProgramNamesAsync(db, cancellationToken);
        var days = await db.Set<DailyTotalRecord>().AsNoTracking().ToListAsync(cancellationToken);
        var weeks = days.GroupBy(d => d.Day.AddDays(-(((int)d.Day.DayOfWeek + 6) % 7)))
            .OrderBy(g => g.Key)
            .Select(g => new PeriodTotal(g.Key, g.Sum(d => d.Requested), g.Sum(d => d.Approved), g.Sum(d => d.Disbursed), g.Sum(d => d.Used), g.Sum(d => d.Released + d.Returned)))
            .ToList();
        return new TotalsBreakdown(
            weeks,
            Categorize(days, d => FundProjector.RegionPrefix(d.RegionCode, 4), prefectures).OrderByDescending(t => t.Disbursed).ToList(),
            Categorize(days, d => d.ProgramCode, programs).OrderByDescending(t => t.Approved).ToList());
    }

    private static Task<Dictionary<string, (string Name, string NameEn)>> ProgramNamesAsync(LedgerDbContext db, CancellationToken cancellationToken) =>
        db.Set<ProgramRecord>().AsNoTracking().ToDictionaryAsync(p => p.Code, p => (p.Name, p.NameEn), cancellationToken);

    private static IEnumerable<CategoryTotal> Categorize(IEnumerable<DailyTotalRecord> days, Func<DailyTotalRecord, string> key, Dictionary<string, (string Name, string NameEn)> names) =>
        days.GroupBy(key).Select(g =>
        {
            var (name, nameEn) = names.GetValueOrDefault(g.Key, (g.Key, g.Key));
            // A category's approved total is its commitment: approvals less what was released or returned.
            return new CategoryTotal(g.Key, name, nameEn, g.Sum(d => d.Requested), g.Sum(d => d.Approved - d.Released - d.Returned), g.Sum(d => d.Disbursed), g.Sum(d => d.Used));
        });
}

public sealed record TotalsBreakdown(IReadOnlyList<PeriodTotal> Weeks, IReadOnlyList<CategoryTotal> Prefectures, IReadOnlyList<CategoryTotal> Programs);
