using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Ledger.Chain;
using Portal.Ledger.Storage;

namespace Portal.Ledger.Funds;

/// <summary>
/// One department's recent usage reports that state exactly what was paid, not yet part of a flag: what
/// usage-equals-payment counts. Kept like <see cref="FilingWindowRecord"/>, by key, parsed once per load.
/// </summary>
public sealed class ExactUsageRecord
{
    private readonly TextList<ExactUsage> _reports = new(ExactUsage.Parse);

    /// <summary><c>fund/department</c>.</summary>
    public required string Key { get; set; }

    /// <summary>Each as <c>requestId:ledgerIndex:reportedAtMs</c>, separated by <c>;</c>, oldest first.</summary>
    public string Reports
    {
        get => _reports.Text;
        set => _reports.Text = value;
    }

    public List<ExactUsage> List => _reports.Items;

    public void Changed() => _reports.Changed();

    public static string KeyOf(RequestRecord r) => $"{r.FundId}/{r.DepartmentCode}";
}

public readonly record struct ExactUsage(long RequestId, long LedgerIndex, long ReportedAtMs)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{RequestId}:{LedgerIndex}:{ReportedAtMs}");

    public static ExactUsage Parse(string text)
    {
        var p = text.Split(':');
        return new ExactUsage(long.Parse(p[0], CultureInfo.InvariantCulture), long.Parse(p[1], CultureInfo.InvariantCulture), long.Parse(p[2], CultureInfo.InvariantCulture));
    }
}

internal sealed class ExactUsageMapping : IEntityTypeConfiguration<ExactUsageRecord>
{
    public void Configure(EntityTypeBuilder<ExactUsageRecord> e)
    {
        e.ToTable("ExactUsages");
        e.HasKey(x => x.Key);
        e.Property(x => x.Key).HasMaxLength(100);
        e.Property(x => x.Reports).UsePropertyAccessMode(PropertyAccessMode.Property);
        e.Ignore(x => x.List);
    }
}

/// <summary>
/// usage-equals-payment: a department whose usage reports state exactly the amount paid on the request, to the cent,
/// again and again. One such report is ordinary (a grant spent to the last yuan); a department that does it
/// <c>usageEqualsPaymentMinimum</c> times within the window is more likely copying the payment than counting receipts.
/// Raised by the report that completes the pattern, naming every report in it; the next flag needs as many new ones.
/// </summary>
internal static class UsageEqualsPayment
{
    public static async Task UsedAsync(LedgerDbContext db, LedgerEntry entry, RequestRecord request, UsageReported e, CancellationToken ct)
    {
        if (e.Amount != request.Disbursed || request.Disbursed == 0 || await FlagDetection.RulesAsync(db, ct) is not var (version, rules))
        {
            return;
        }
        var key = ExactUsageRecord.KeyOf(request);
        var record = await FundProjector.KeptAsync(db, [key], () => new ExactUsageRecord { Key = key }, ct);
        var since = entry.TimestampMs - AnomalyService.Days(rules.UsageEqualsPaymentWindowDays);
        record.List.RemoveAll(r => r.ReportedAtMs < since);
        record.List.Add(new ExactUsage(request.Id, entry.Index, entry.TimestampMs));
        if (record.List.Count >= rules.UsageEqualsPaymentMinimum)
        {
            var reports = record.List.ToList();
            record.List.Clear();
            var facts = new AnomalyFacts(Days: rules.UsageEqualsPaymentWindowDays, Count: reports.Count, Department: request.DepartmentCode);
            await FlagRecording.RaiseAsync(db, entry, AnomalyKinds.UsageEqualsPayment, request, facts,
                [.. reports.Select(r => r.RequestId)], [.. reports.Select(r => r.LedgerIndex)], version, null, ct);
        }
        record.Changed();
    }
}
