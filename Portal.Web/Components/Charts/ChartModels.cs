namespace Portal.Web.Components.Charts;

public enum ChartJsKind
{
    Line,
    Bar,
    Doughnut,
}

/// <summary>One series: its label, its values (one per label of the chart) and an optional CSS colour.</summary>
public sealed record ChartJsSeries(string Label, IReadOnlyList<decimal> Data, string? Color = null);

public sealed record ChartJsData(IReadOnlyList<string> Labels, IReadOnlyList<ChartJsSeries> Datasets)
{
    public static ChartJsData Empty { get; } = new([], []);
}

/// <param name="Currency">When set, values are money in this currency: tooltips and axes format them so.</param>
/// <param name="Locale">The culture for number formatting, e.g. "zh-CN".</param>
public sealed record ChartJsOptions(string? Title = null, string? Currency = null, string? Locale = null, bool Legend = true, bool Animate = false);
