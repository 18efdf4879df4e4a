using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Ledger.Storage;

namespace Portal.Ledger.Funds;

public static class AnomalyKinds
{
    /// <summary>A payment on a request that was not approved (only possible for entries that bypassed the rules).</summary>
    public const string PaymentWithoutApproval = "payment-without-approval";

    /// <summary>The same payee received the same amount twice within the window.</summary>
    public const string DuplicatePayment = "duplicate-payment";

    /// <summary>Money was paid, and no usage has been reported after the allowed time.</summary>
    public const string UsageMissing = "usage-missing";

    /// <summary>A request was approved and nothing has been paid after the allowed time.</summary>
    public const string FundsIdle = "funds-idle";

    /// <summary>One approver took most of a fund's recent approvals.</summary>
    public const string ApprovalConcentration = "approval-concentration";
}

/// <summary>The thresholds of the anomaly checks.</summary>
public sealed record AnomalyRules(int UsageMissingDays = 30, int IdleDays = 45, int DuplicateWindowDays = 7, int ConcentrationWindowDays = 30, int ConcentrationMinimum = 20, double ConcentrationShare = 0.5)
{
    public static AnomalyRules Default { get; } = new();
}

public sealed record Anomaly(string Kind, long FundId, long? RequestId, long? DisbursementId, DateTimeOffset DetectedAt, string Detail, long? LedgerIndex);

/// <summary>
/// Anomalies for supervisors. Those an entry reveals are flagged when it is projected (and rebuilt with the rest);
/// those that are about time passing or about patterns are computed when asked, as of a moment.
/// </summary>
public sealed class AnomalyService(LedgerStore store, AnomalyRules? rules = null)
{
    private readonly AnomalyRules _rules = rules ?? AnomalyRules.Default;

    public async Task<IReadOnlyList<Anomaly>> DetectAsync(DateTimeOffset asOf, int limit = 500, CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        var now = asOf.ToUnixTimeMilliseconds();
        var anomalies = new List<Anomaly>();

        var flagged = await db.Set<AnomalyRecord>().AsNoTracking().OrderByDescending(a => a.LedgerIndex).Take(limit).ToListAsync(cancellationToken);
        anomalies.AddRange(flagged.Select(a => new Anomaly(a.Kind, a.FundId, a.RequestId, a.DisbursementId, DateTimeOffset.FromUnixTimeMilliseconds(a.DetectedAtMs), a.Detail, a.LedgerIndex)));

        var usageDeadline = now - (long)TimeSpan.FromDays(_rules.UsageMissingDays).TotalMilliseconds;
        var unreported = await db.Set<RequestRecord>().AsNoTracking()
            .Where(r => r.LastPaidAtMs != null && r.LastPaidAtMs < usageDeadline && r.Used == 0 && r.Returned == 0)
            .OrderBy(r => r.LastPaidAtMs).Take(limit).ToListAsync(cancellationToken);
        anomalies.AddRange(unreported.Select(r => new Anomaly(AnomalyKinds.UsageMissing, r.FundId, r.Id, null,
            DateTimeOffset.FromUnixTimeMilliseconds(r.LastPaidAtMs!.Value).AddDays(_rules.UsageMissingDays),
            $"Request {r.Id}: {Money.Format(r.Disbursed)} paid, no usage reported within {_rules.UsageMissingDays} days.", null)));

        var idleDeadline = now - (long)TimeSpan.FromDays(_rules.IdleDays).TotalMilliseconds;
        var idle = await db.Set<RequestRecord>().AsNoTracking()
            .Where(r => r.State == RequestState.Approved && r.Disbursed == 0 && r.DecidedAtMs != null && r.DecidedAtMs < idleDeadline)
            .OrderBy(r => r.DecidedAtMs).Take(limit).ToListAsync(cancellationToken);
        anomalies.AddRange(idle.Select(r => new Anomaly(AnomalyKinds.FundsIdle, r.FundId, r.Id, null,
            DateTimeOffset.FromUnixTimeMilliseconds(r.DecidedAtMs!.Value).AddDays(_rules.IdleDays),
            $"Request {r.Id}: {Money.Format(r.Amount)} approved and unpaid for more than {_rules.IdleDays} days.", null)));

        var windowStart = now - (long)TimeSpan.FromDays(_rules.ConcentrationWindowDays).TotalMilliseconds;
        var recent = await db.Set<DecisionRecord>().AsNoTracking()
            .Where(d => d.Approved && d.AtMs >= windowStart && d.AtMs <= now)
            .Join(db.Set<RequestRecord>(), d => d.RequestId, r => r.Id, (d, r) => new { r.FundId, d.ApproverId })
            .GroupBy(x => new { x.FundId, x.ApproverId })
            .Select(g => new { g.Key.FundId, g.Key.ApproverId, Count = g.Count() })
            .ToListAsync(cancellationToken);
        foreach (var fund in recent.GroupBy(x => x.FundId))
        {
            var total = fund.Sum(x => x.Count);
            var top = fund.MaxBy(x => x.Count)!;
            if (total >= _rules.ConcentrationMinimum && top.Count > total * _rules.ConcentrationShare)
            {
                anomalies.Add(new Anomaly(AnomalyKinds.ApprovalConcentration, fund.Key, null, null, asOf,
                    string.Create(CultureInfo.InvariantCulture, $"{top.ApproverId} gave {top.Count} of the fund's {total} approvals in the last {_rules.ConcentrationWindowDays} days."), null));
            }
        }
        return anomalies.OrderByDescending(a => a.DetectedAt).Take(limit).ToList();
    }

    /// <summary>Flags a payment the projector applies that reveals an anomaly by itself.</summary>
    internal static async Task FlagPaymentAsync(LedgerDbContext db, Chain.LedgerEntry entry, RequestRecord request, DisbursementConfirmed payment, CancellationToken ct)
    {
        if (request.State != RequestState.Approved)
        {
            db.Add(new AnomalyRecord
            {
                LedgerIndex = entry.Index, Kind = AnomalyKinds.PaymentWithoutApproval, FundId = request.FundId, RequestId = request.Id,
                DisbursementId = payment.DisbursementId, DetectedAtMs = entry.TimestampMs,
                Detail = $"Disbursement {payment.DisbursementId} paid {Money.Format(payment.Amount)} on request {request.Id}, which is {request.State.ToString().ToLowerInvariant()}, not approved.",
            });
        }
        if (payment.Payee is not { Length: > 0 } payee)
        {
            return;
        }
        var since = entry.TimestampMs - (long)TimeSpan.FromDays(AnomalyRules.Default.DuplicateWindowDays).TotalMilliseconds;
        var amount = payment.Amount;
        // One keyed row per payee and amount (found in memory when written earlier in this block).
        var last = await db.Set<PayeeAmountRecord>().FindAsync([payee, amount], ct);
        if (last is null)
        {
            db.Add(new PayeeAmountRecord { Payee = payee, Amount = amount, LastPaidAtMs = entry.TimestampMs, LastDisbursementId = payment.DisbursementId });
            return;
        }
        if (last.LastPaidAtMs >= since)
        {
            db.Add(new AnomalyRecord
            {
                LedgerIndex = entry.Index, Kind = AnomalyKinds.DuplicatePayment, FundId = request.FundId, RequestId = request.Id,
                DisbursementId = payment.DisbursementId, DetectedAtMs = entry.TimestampMs,
                Detail = $"Payee '{payee}' received {Money.Format(amount)} again (disbursement {payment.DisbursementId}); disbursement {last.LastDisbursementId} paid the same within {AnomalyRules.Default.DuplicateWindowDays} days.",
            });
        }
        FundProjector.Touch(db, last).LastPaidAtMs = entry.TimestampMs;
        last.LastDisbursementId = payment.DisbursementId;
    }
}
