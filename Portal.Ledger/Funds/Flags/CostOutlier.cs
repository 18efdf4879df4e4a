using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Ledger.Chain;
using Portal.Ledger.Storage;

namespace Portal.Ledger.Funds;

/// <summary>
/// The distribution of a program's amounts per beneficiary under one fund, from every filing so far: counts in bins
/// of 1 % on a log scale, which hold the median and the median absolute deviation to within half a bin whatever the
/// number of requests. Kept like <see cref="FilingWindowRecord"/>, by key, parsed once per load.
/// </summary>
public sealed class CostDistributionRecord
{
    private readonly TextList<CostBin> _bins = new(CostBin.Parse);

    /// <summary><c>fund/program</c>.</summary>
    public required string Key { get; set; }

    /// <summary>Each bin as <c>bin:count</c>, separated by <c>;</c>, in bin order.</summary>
    public string Bins
    {
        get => _bins.Text;
        set => _bins.Text = value;
    }

    public List<CostBin> List => _bins.Items;

    public void Changed() => _bins.Changed();

    public static string KeyOf(RequestRecord r) => $"{r.FundId}/{r.ProgramCode}";
}

/// <summary>Requests whose amount per beneficiary has its natural logarithm in [<c>Bin</c> × 0.01, (<c>Bin</c> + 1) × 0.01).</summary>
public readonly record struct CostBin(int Bin, int Count)
{
    public const double Width = 0.01;

    public double Center => (Bin + 0.5) * Width;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Bin}:{Count}");

    public static CostBin Parse(string text)
    {
        var p = text.Split(':');
        return new CostBin(int.Parse(p[0], CultureInfo.InvariantCulture), int.Parse(p[1], CultureInfo.InvariantCulture));
    }

    public static int Of(double logValue) => (int)Math.Floor(logValue / Width);
}

internal sealed class CostDistributionMapping : IEntityTypeConfiguration<CostDistributionRecord>
{
    public void Configure(EntityTypeBuilder<CostDistributionRecord> c)
    {
        c.ToTable("CostDistributions");
        c.HasKey(x => x.Key);
        c.Property(x => x.Key).HasMaxLength(100);
        c.Property(x => x.Bins).UsePropertyAccessMode(PropertyAccessMode.Property);
        c.Ignore(x => x.List);
    }
}

/// <summary>
/// cost-outlier: a filing whose amount per beneficiary is far from its program's: the modified z-score
/// 0.6745 (ln x − median) / MAD of the logarithms (Iglewicz and Hoaglin) beyond <c>costOutlierCutoff</c>, once the program
/// has <c>costOutlierMinimumSample</c> earlier filings. On a log scale because costs spread by factors, not sums: five
/// times the median is as far as a fifth of it. A MAD below 5 % is taken as 5 %: amounts and head counts are rounded,
/// and a program whose requests all cost the same per head must not flag every rounding.
/// </summary>
internal static class CostOutlier
{
    public const double MinimumMad = 0.05;

    public static async Task FiledAsync(LedgerDbContext db, LedgerEntry entry, RequestRecord request, CancellationToken ct)
    {
        if (request.Beneficiaries < 1 || request.Amount <= 0)
        {
            return;
        }
        var key = CostDistributionRecord.KeyOf(request);
        var distribution = await FundProjector.KeptAsync(db, [key], () => new CostDistributionRecord { Key = key }, ct);
        var perHead = request.Amount / request.Beneficiaries;
        var value = Math.Log((double)perHead);
        var bins = distribution.List;
        if (await FlagDetection.RulesAsync(db, ct) is var (version, rules) && bins.Sum(b => b.Count) >= rules.CostOutlierMinimumSample)
        {
            var median = Median(bins);
            var mad = Math.Max(MinimumMad, Mad(bins, median));
            var z = 0.6745 * (value - median) / mad;
            if (Math.Abs(z) > (double)rules.CostOutlierCutoff)
            {
                var facts = new AnomalyFacts(request.Amount, await FlagDetection.CurrencyAsync(db, request.FundId, ct), Count: request.Beneficiaries,
                    PerBeneficiary: Math.Round(perHead, 2), Median: Math.Round((decimal)Math.Exp(median), 2), ZScore: Math.Round((decimal)z, 1),
                    Threshold: rules.CostOutlierCutoff, Program: request.ProgramCode);
                await FlagRecording.RaiseAsync(db, entry, AnomalyKinds.CostOutlier, request, facts, [request.Id], [entry.Index], version, null, ct);
            }
        }
        Add(bins, CostBin.Of(value));
        distribution.Changed();
    }

    private static void Add(List<CostBin> bins, int bin)
    {
        var at = bins.FindIndex(b => b.Bin >= bin);
        if (at >= 0 && bins[at].Bin == bin)
        {
            bins[at] = bins[at] with { Count = bins[at].Count + 1 };
        }
        else
        {
            bins.Insert(at < 0 ? bins.Count : at, new CostBin(bin, 1));
        }
    }

    /// <summary>The center of the bin that holds the middle filing.</summary>
    internal static double Median(List<CostBin> bins)
    {
        var half = (bins.Sum(b => b.Count) + 1) / 2;
        var seen = 0;
        foreach (var bin in bins)
        {
            seen += bin.Count;
            if (seen >= half)
            {
                return bin.Center;
            }
        }
        return bins[^1].Center;
    }

    /// <summary>The median of the filings' distances from the median, by their bins' centers.</summary>
    internal static double Mad(List<CostBin> bins, double median)
    {
        var distances = bins.Select(b => (Distance: Math.Abs(b.Center - median), b.Count)).OrderBy(d => d.Distance).ToList();
        var half = (bins.Sum(b => b.Count) + 1) / 2;
        var seen = 0;
        foreach (var (distance, count) in distances)
        {
            seen += count;
            if (seen >= half)
            {
                return distance;
            }
        }
        return 0;
    }
}
