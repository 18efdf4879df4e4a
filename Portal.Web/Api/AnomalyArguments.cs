using System.Globalization;
using Portal.Ledger.Funds;

namespace Portal.Web.Api;

/// <summary>Parses the anomaly list's query string as strictly as the open-data one: a wrong value is named, never ignored.</summary>
public static class AnomalyArguments
{
    private static readonly string[] Known = ["kind", "fund", "region", "department", "from", "to", "reviewed", "cursor", "limit"];

    public static bool TryParse(IQueryCollection query, out AnomalyFilter filter, out AnomalyCursor? cursor, out int limit, out string error)
    {
        filter = new AnomalyFilter();
        cursor = null;
        limit = AnomalyService.DefaultLimit;
        error = "";
        if (query.Keys.FirstOrDefault(k => !Known.Contains(k, StringComparer.Ordinal)) is { } unknown)
        {
            error = $"Unknown parameter '{OpenDataArguments.Clip(unknown)}'. Known: {string.Join(", ", Known)}.";
            return false;
        }
        var kind = OpenDataArguments.Single(query, "kind", ref error);
        if (kind is not null && !AnomalyKinds.All.Contains(kind, StringComparer.Ordinal))
        {
            error = $"'kind' must be one of {string.Join(", ", AnomalyKinds.All)}; got '{OpenDataArguments.Clip(kind)}'.";
            return false;
        }
        long? fund = null;
        if (OpenDataArguments.Single(query, "fund", ref error) is { } fundText)
        {
            if (!long.TryParse(fundText, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id < 1)
            {
                error = $"'fund' must be a fund id, a whole number from 1; got '{OpenDataArguments.Clip(fundText)}'.";
                return false;
            }
            fund = id;
        }
        var region = OpenDataArguments.Single(query, "region", ref error);
        if (region is not null && !RegionCodes.IsWellFormed(region))
        {
            error = $"'region' must be an administrative division code of 2, 4, 6, 9 or 12 digits (e.g. 5201 for Guiyang); got '{OpenDataArguments.Clip(region)}'.";
            return false;
        }
        var department = OpenDataArguments.Single(query, "department", ref error);
        if (department is not null && !OpenDataArguments.CodePattern().IsMatch(department))
        {
            error = $"'department' must be a code of lowercase letters, digits and '-'; got '{OpenDataArguments.Clip(department)}'.";
            return false;
        }
        if (!OpenDataArguments.TryTime(query, "from", endOfDay: false, out var from, ref error) || !OpenDataArguments.TryTime(query, "to", endOfDay: true, out var to, ref error))
        {
            return false;
        }
        if (from is not null && to is not null && from >= to)
        {
            error = "'from' must be before 'to'.";
            return false;
        }
        bool? reviewed = null;
        if (OpenDataArguments.Single(query, "reviewed", ref error) is { } reviewedText)
        {
            if (reviewedText is not ("true" or "false"))
            {
                error = $"'reviewed' is true or false; got '{OpenDataArguments.Clip(reviewedText)}'.";
                return false;
            }
            reviewed = reviewedText == "true";
        }
        if (OpenDataArguments.Single(query, "cursor", ref error) is { } cursorText && !AnomalyCursor.TryDecode(cursorText, out cursor!))
        {
            error = "'cursor' is not a cursor this API returned; start again without it.";
            return false;
        }
        if (OpenDataArguments.Single(query, "limit", ref error) is { } limitText
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > AnomalyService.MaxLimit))
        {
            error = $"'limit' must be a whole number from 1 to {AnomalyService.MaxLimit}; got '{OpenDataArguments.Clip(limitText)}'.";
            return false;
        }
        filter = new AnomalyFilter(kind, fund, region, department, from, to, reviewed);
        return error.Length == 0;
    }
}
