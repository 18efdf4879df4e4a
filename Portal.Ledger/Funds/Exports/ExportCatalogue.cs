namespace Portal.Ledger.Funds.Exports;

/// <summary>
/// The names an export writes beside codes: funds, regions, programs and departments, read once per export (they
/// are definitions, a few thousand rows at most, whatever the number of requests).
/// </summary>
public sealed record ExportCatalogue(
    IReadOnlyDictionary<long, FundRecord> Funds,
    IReadOnlyDictionary<string, RegionRecord> Regions,
    IReadOnlyDictionary<string, ProgramRecord> Programs,
    IReadOnlyDictionary<string, DepartmentRecord> Departments)
{
    public string RegionName(string code) => Regions.TryGetValue(code, out var r) ? r.Name : code;

    /// <summary>The English name, or the Chinese one where a definition has none.</summary>
    public string RegionNameEn(string code) => Regions.TryGetValue(code, out var r) ? (r.NameEn is { Length: > 0 } en ? en : r.Name) : code;

    public string ProgramName(string code) => Programs.TryGetValue(code, out var p) ? p.Name : code;

    public string ProgramNameEn(string code) => Programs.TryGetValue(code, out var p) ? (p.NameEn is { Length: > 0 } en ? en : p.Name) : code;

    public string DepartmentName(string code) => Departments.TryGetValue(code, out var d) ? d.Name : code;

    public string Currency(long fundId) => Funds.TryGetValue(fundId, out var f) ? f.Currency : "CNY";
}
