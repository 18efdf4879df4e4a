using Microsoft.EntityFrameworkCore;
using Portal.Ledger.Storage;

namespace Portal.Ledger.Funds;

/// <summary>
/// payee-concentration: one payee receiving a large share of a program's or a county's payments in the window before
/// now. The Herfindahl-Hirschman index of the payees' shares of the amount paid, Σ sᵢ², is 1 for a single payee and
/// 1/n for n equal ones; above <c>payeeConcentrationHhi</c> (0.25: as concentrated as four equal payees, the level
/// competition authorities call highly concentrated) over at least <c>payeeConcentrationMinimumPayments</c> payments,
/// the group is flagged, naming its largest payee. Computed when asked, as of a moment, like approval-concentration.
/// The largest payee must have been paid on two requests or more: one large grant is not concentration. Individuals
/// are never named: each individual payment counts as its own payee.
/// </summary>
internal static class PayeeConcentration
{
    public const string Program = "program";
    public const string County = "county";

    public static async Task<List<Anomaly>> DetectAsync(LedgerDbContext db, AnomalyFilter filter, long now, CancellationToken ct)
    {
        if (filter.Department is not null || await FlagDetection.RulesAsync(db, ct) is not var (version, rules))
        {
            return [];
        }
        var since = now - AnomalyService.Days(rules.PayeeConcentrationWindowDays);
        var query = db.Set<DisbursementRecord>().AsNoTracking().Where(d => d.PaidAtMs >= since && d.PaidAtMs <= now);
        if (filter.FundId is { } fund)
        {
            query = query.Where(d => d.FundId == fund);
        }
        if (filter.Region is { } region)
        {
            query = query.InRegion(d => d.RegionCode, region);
        }
        var payments = await query.Select(d => new Payment(d.Id, d.FundId, d.ProgramCode, d.CountyCode, d.Payee, d.Amount, d.Currency, d.RequestId, d.LedgerIndex))
            .ToListAsync(ct);
        var flags = new List<Anomaly>();
        // A program spans counties: with a region filter, only the counties' groups are whole.
        if (filter.Region is null)
        {
            flags.AddRange(Groups(payments, p => p.Program, Program, version, rules, now));
        }
        flags.AddRange(Groups(payments, p => p.County, County, version, rules, now));
        return flags;
    }

    private static IEnumerable<Anomaly> Groups(List<Payment> payments, Func<Payment, string> code, string scope, int version, FlagRules rules, long now)
    {
        foreach (var group in payments.GroupBy(p => (p.FundId, Code: code(p))).OrderBy(g => g.Key.FundId).ThenBy(g => g.Key.Code, StringComparer.Ordinal))
        {
            var list = group.ToList();
            var total = list.Sum(p => p.Amount);
            if (list.Count < rules.PayeeConcentrationMinimumPayments || total <= 0)
            {
                continue;
            }
            // Organisations by name; an individual's payment is a payee of its own.
            var payees = list.GroupBy(p => p.Payee ?? $"#{p.Id}").Select(g => (Payee: g.Key, Amount: g.Sum(p => p.Amount), Payments: g.ToList())).ToList();
            var hhi = payees.Sum(p => (double)(p.Amount / total) * (double)(p.Amount / total));
            if (hhi <= (double)rules.PayeeConcentrationHhi)
            {
                continue;
            }
            var top = payees.OrderByDescending(p => p.Amount).ThenBy(p => p.Payee, StringComparer.Ordinal).First();
            // One large grant, paid at once or in instalments, is not concentration: the payee must have won two.
            if (top.Payments.Select(p => p.RequestId).Distinct().Count() < 2)
            {
                continue;
            }
            var shown = top.Payments.OrderBy(p => p.LedgerIndex).TakeLast(100).ToList();
            var facts = new AnomalyFacts(total, list[0].Currency, rules.PayeeConcentrationWindowDays, Payee: top.Payee.StartsWith('#') ? null : top.Payee,
                Count: list.Count, Total: payees.Count, Scope: scope, Code: group.Key.Code, Hhi: Math.Round((decimal)hhi, 2),
                Share: Math.Round(top.Amount / total * 100, 1));
            var anomaly = new Anomaly(AnomalyKinds.PayeeConcentration, group.Key.FundId, null, null, DateTimeOffset.FromUnixTimeMilliseconds(now),
                AnomalyText.English(AnomalyKinds.PayeeConcentration, null, null, facts), null, facts,
                RequestIds: [.. shown.Select(p => p.RequestId).Distinct()], RuleVersion: version, DisbursementIds: [.. shown.Select(p => p.Id)],
                LedgerIndexes: [.. shown.Select(p => p.LedgerIndex)]);
            yield return anomaly;
        }
    }

    /// <summary>The stable subject of a group's flag, for its reviews: a hash of fund, scope and code.</summary>
    public static long Subject(long fundId, string scope, string code)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes($"{fundId}|{scope}|{code}"))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }
        return (long)(hash >> 2) + 1;
    }

    private sealed record Payment(long Id, long FundId, string Program, string County, string? Payee, decimal Amount, string Currency, long RequestId, long LedgerIndex);
}
