using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Ledger.Funds;

/// <summary>A version of the red-flag rules, as its <c>flag-rules.set</c> entry set it.</summary>
public sealed class FlagRulesRecord
{
    public int Version { get; set; }
    public required string RulesJson { get; set; }
    public long LedgerIndex { get; set; }
    public long SetAtMs { get; set; }
}

/// <summary>
/// The recent filings of one department for one region and program under one fund, at or below the fund's largest
/// approval threshold: what threshold-splitting adds up. Found by key, so filings earlier in the same block count.
/// </summary>
public sealed class FilingWindowRecord
{
    /// <summary><c>fund/department/region/program</c>.</summary>
    public required string Key { get; set; }

    /// <summary>Each filing as <c>requestId:amount:filedAtMs:ledgerIndex</c>, separated by <c>;</c>, oldest first.</summary>
    public string Filings { get; set; } = "";

    public static string KeyOf(RequestRecord r) => $"{r.FundId}/{r.DepartmentCode}/{r.RegionCode}/{r.ProgramCode}";

    public List<WindowFiling> Read() => Filings.Length == 0 ? [] : [.. Filings.Split(';').Select(WindowFiling.Parse)];

    public void Write(IEnumerable<WindowFiling> filings) => Filings = string.Join(';', filings.Select(f => f.ToString()));
}

public readonly record struct WindowFiling(long RequestId, decimal Amount, long FiledAtMs, long LedgerIndex)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{RequestId}:{Amount}:{FiledAtMs}:{LedgerIndex}");

    public static WindowFiling Parse(string text)
    {
        var parts = text.Split(':');
        return new WindowFiling(long.Parse(parts[0], CultureInfo.InvariantCulture), decimal.Parse(parts[1], CultureInfo.InvariantCulture),
            long.Parse(parts[2], CultureInfo.InvariantCulture), long.Parse(parts[3], CultureInfo.InvariantCulture));
    }
}

internal sealed class FlagRulesMapping : IEntityTypeConfiguration<FlagRulesRecord>
{
    public void Configure(EntityTypeBuilder<FlagRulesRecord> f)
    {
        f.ToTable("FlagRules");
        f.HasKey(x => x.Version);
        f.Property(x => x.Version).ValueGeneratedNever();
        f.Property(x => x.RulesJson).HasMaxLength(4000);
    }
}

internal sealed class FilingWindowMapping : IEntityTypeConfiguration<FilingWindowRecord>
{
    public void Configure(EntityTypeBuilder<FilingWindowRecord> w)
    {
        w.ToTable("FilingWindows");
        w.HasKey(x => x.Key);
        w.Property(x => x.Key).HasMaxLength(200);
    }
}
