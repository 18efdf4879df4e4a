using System.Globalization;
using System.Text.RegularExpressions;
using Portal.Ledger.Funds;

namespace Portal.Web.Api;

/// <summary>
/// Parses the open-data query string strictly: every value that is not exactly right is reported by name, so a
/// client learns what to fix instead of silently getting another answer.
/// </summary>
public static partial class OpenDataArguments
{
    public const int DefaultLimit = 50;

    private static readonly string[] Activities = ["fund", "region", "program", "department", "from", "to", "treeSize"];
    private static readonly string[] Records = [.. Activities, "minAmount", "maxAmount"];
    private static readonly string[] Pages = [.. Records, "cursor", "limit"];

    /// <summary>Parses the query of one shape of answer; <paramref name="extra"/> names parameters its endpoint reads itself.</summary>
    public static bool TryParse(IQueryCollection query, OpenDataShape shape, out OpenDataQuery parsed, out string error, params string[] extra)
    {
        parsed = new OpenDataQuery(new DisbursementFilter(), null, DefaultLimit, null);
        var known = (shape switch
        {
            OpenDataShape.Page => Pages,
            OpenDataShape.Records => Records,
            _ => Activities,
        }).Concat(extra).ToArray();
        if (!TryParse(query, known, shape == OpenDataShape.Page, out var filter, out var cursor, out var limit, out var treeSize, out error))
        {
            return false;
        }
        if (cursor?.TreeSize is { } pinned && treeSize is { } asked && pinned != asked)
        {
            error = $"'cursor' continues a listing at tree size {pinned}; 'treeSize' asks for {asked}. Give one, or the same.";
            return false;
        }
        parsed = new OpenDataQuery(filter, cursor, limit, treeSize ?? cursor?.TreeSize);
        return true;
    }

    private static bool TryParse(IQueryCollection query, string[] known, bool paged, out DisbursementFilter filter, out DisbursementCursor? cursor, out int limit, out long? treeSize, out string error)
    {
        filter = new DisbursementFilter();
        cursor = null;
        limit = DefaultLimit;
        treeSize = null;
        error = "";
        var unknown = query.Keys.FirstOrDefault(k => !known.Contains(k, StringComparer.Ordinal));
        if (unknown is not null)
        {
            error = $"Unknown parameter '{Clip(unknown)}'. Known: {string.Join(", ", known)}.";
            return false;
        }
        if (Single(query, "treeSize", ref error) is { } sizeText)
        {
            if (!long.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size < 1)
            {
                error = $"'treeSize' must be a tree size the ledger signed a checkpoint for, a whole number from 1; got '{Clip(sizeText)}'.";
                return false;
            }
            treeSize = size;
        }
        long? fund = null;
        if (Single(query, "fund", ref error) is { } fundText)
        {
            if (!long.TryParse(fundText, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id < 1)
            {
                error = $"'fund' must be a fund id, a whole number from 1; got '{Clip(fundText)}'.";
                return false;
            }
            fund = id;
        }
        var region = Single(query, "region", ref error);
        if (region is not null && !RegionCodes.IsWellFormed(region))
        {
            error = $"'region' must be an administrative division code of 2, 4, 6, 9 or 12 digits (e.g. 5201 for Guiyang); got '{Clip(region)}'.";
            return false;
        }
        var program = Single(query, "program", ref error);
        var department = Single(query, "department", ref error);
        foreach (var (name, value) in new[] { ("program", program), ("department", department) })
        {
            if (value is not null && !CodePattern().IsMatch(value))
            {
                error = $"'{name}' must be a code of lowercase letters, digits and '-'; got '{Clip(value)}'.";
                return false;
            }
        }
        if (!TryTime(query, "from", endOfDay: false, out var from, ref error) || !TryTime(query, "to", endOfDay: true, out var to, ref error))
        {
            return false;
        }
        if (from is not null && to is not null && from >= to)
        {
            error = "'from' must be before 'to'.";
            return false;
        }
        if (!TryAmount(query, "minAmount", out var min, ref error) || !TryAmount(query, "maxAmount", out var max, ref error))
        {
            return false;
        }
        if (min is not null && max is not null && min > max)
        {
            error = "'minAmount' must not exceed 'maxAmount'.";
            return false;
        }
        if (error.Length > 0)
        {
            return false;
        }
        filter = new DisbursementFilter(fund, region, program, department, from, to, min, max);
        if (!paged)
        {
            return true;
        }
        if (Single(query, "cursor", ref error) is { } cursorText && !DisbursementCursor.TryDecode(cursorText, out cursor!))
        {
            error = "'cursor' is not a cursor this API returned; start again without it.";
            return false;
        }
        if (Single(query, "limit", ref error) is { } limitText
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > OpenDataService.MaxLimit))
        {
            error = $"'limit' must be a whole number from 1 to {OpenDataService.MaxLimit}; got '{Clip(limitText)}'.";
            return false;
        }
        return error.Length == 0;
    }

    internal static string? Single(IQueryCollection query, string name, ref string error)
    {
        if (!query.TryGetValue(name, out var values))
        {
            return null;
        }
        if (values.Count != 1)
        {
            error = $"'{name}' may be given once.";
            return null;
        }
        return values[0] is { Length: > 0 } value ? value : null;
    }

    /// <summary>A date (yyyy-MM-dd, UTC, whole day inclusive) or an ISO 8601 time with offset.</summary>
    internal static bool TryTime(IQueryCollection query, string name, bool endOfDay, out DateTimeOffset? value, ref string error)
    {
        value = null;
        if (Single(query, name, ref error) is not { } text)
        {
            return error.Length == 0;
        }
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            var day = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            value = endOfDay ? day.AddDays(1) : day;
            return true;
        }
        if (text.Contains('T', StringComparison.Ordinal)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            value = time;
            return true;
        }
        error = $"'{name}' must be a real date (yyyy-MM-dd) or an ISO 8601 time; got '{Clip(text)}'.";
        return false;
    }

    private static bool TryAmount(IQueryCollection query, string name, out decimal? value, ref string error)
    {
        value = null;
        if (Single(query, name, ref error) is not { } text)
        {
            return error.Length == 0;
        }
        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) || amount > Money.Max)
        {
            error = $"'{name}' must be a non-negative amount such as 1570000.00; got '{Clip(text)}'.";
            return false;
        }
        value = amount;
        return true;
    }

    internal static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "…";

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    internal static partial Regex CodePattern();
}

/// <summary>What an open-data answer lists, which decides the parameters it takes.</summary>
public enum OpenDataShape
{
    /// <summary>A page of disbursement records: filters, cursor, limit.</summary>
    Page,

    /// <summary>Every disbursement record matching the filters (CSV, Atom).</summary>
    Records,

    /// <summary>Every request with its steps (IATI activities, OCDS releases): no amount bounds, which select payments, not requests.</summary>
    Activities,
}

/// <param name="TreeSize">The ledger state asked for (by <c>treeSize</c>, or by a cursor that carries it); null for the newest.</param>
public sealed record OpenDataQuery(DisbursementFilter Filter, DisbursementCursor? Cursor, int Limit, long? TreeSize);
