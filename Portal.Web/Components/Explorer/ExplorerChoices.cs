using Portal.Ledger.Funds;
using Portal.Web.Localization;

namespace Portal.Web.Components.Explorer;

/// <summary>
/// The explorer's choices by code: the names a citizen reads for the codes records carry, and the region tree the
/// filter offers (prefectures under the province the ledger defines, counties under them).
/// </summary>
public sealed class ExplorerChoices(FilterChoices choices)
{
    private readonly Dictionary<string, Choice> _regions = choices.Regions.ToDictionary(r => r.Code);

    public static ExplorerChoices Empty { get; } = new(new FilterChoices([], [], [], []));

    public IReadOnlyList<Choice> Programs => choices.Programs;

    public IReadOnlyList<Choice> Departments => choices.Departments;

    /// <summary>The top of the region tree the ledger defines (the demo's is Guizhou, 52).</summary>
    public string? Province => choices.Regions.FirstOrDefault(r => r.Parent is null)?.Code;

    public IEnumerable<Choice> Regions(string? parent) => parent is null ? [] : choices.Regions.Where(r => r.Parent == parent);

    /// <summary>Whether the drop-down lists the region: the province itself and townships are not listed.</summary>
    public bool Offers(string code) => Regions(Province).Any(p => p.Code == code || Regions(p.Code).Any(c => c.Code == code));

    public string RegionName(string code) => _regions.TryGetValue(code, out var r) ? Names.Of(r) : code;

    public string DepartmentName(string code) => choices.Departments.FirstOrDefault(d => d.Code == code) is { } d ? Names.Of(d) : code;

    public string ProgramName(string code) => choices.Programs.FirstOrDefault(p => p.Code == code) is { } p ? Names.Of(p) : code;
}
