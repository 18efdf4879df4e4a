namespace Portal.Benchmarks;

internal static class Stats
{
    /// <summary>The nearest-rank percentile (p in 0..1) of the samples.</summary>
    public static double Percentile(IReadOnlyCollection<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(p * sorted.Count))];
    }
}
