using System.Globalization;

namespace Portal.Ledger.Chain.Tiles;

/// <summary>
/// A C2SP tlog-tiles (v0.1.0) tile: level <see cref="Level"/> (or the entry bundles, <see cref="IsEntries"/>),
/// index <see cref="Index"/>, and <see cref="Width"/> hashes or entries (256 for a full tile). Its path is
/// <c>tile/&lt;L&gt;/&lt;N&gt;[.p/&lt;W&gt;]</c> or <c>tile/entries/&lt;N&gt;[.p/&lt;W&gt;]</c>, with N in zero-padded
/// three-digit elements, all but the last prefixed <c>x</c> (1234067 is <c>x001/x234/067</c>).
/// </summary>
public sealed record TilePath(int Level, long Index, int Width, bool IsEntries = false)
{
    public const int Height = 8;

    public const int FullWidth = 1 << Height;

    /// <summary>The highest level a tile can have: level 8 tiles already cover 2^64 leaves.</summary>
    public const int MaxLevel = 63;

    /// <summary>The entry bundle with this index as a tree of <paramref name="treeSize"/> leaves holds it: full, or partial at the tree's edge.</summary>
    public static TilePath Bundle(long index, long treeSize) =>
        new(0, index, (int)Math.Min(FullWidth, treeSize - (index << Height)), IsEntries: true);

    public bool IsPartial => Width < FullWidth;

    /// <summary>The tree level of the hashes in this tile (8 per tile level); entry bundles hold leaves.</summary>
    public int TreeLevel => IsEntries ? 0 : Level * Height;

    /// <summary>The tree position of the first hash or entry at <see cref="TreeLevel"/>.</summary>
    public long First => Index * FullWidth;

    /// <summary>The leaves a tree must have for this tile to be complete at its width.</summary>
    public long TreeSizeNeeded => (First + Width) << TreeLevel;

    /// <summary>The canonical path below the prefix.</summary>
    public override string ToString()
    {
        var index = FormatIndex(Index);
        var kind = IsEntries ? "entries" : Level.ToString(CultureInfo.InvariantCulture);
        return IsPartial ? $"tile/{kind}/{index}.p/{Width.ToString(CultureInfo.InvariantCulture)}" : $"tile/{kind}/{index}";
    }

    public static string FormatIndex(long index)
    {
        var parts = new List<string>();
        do
        {
            parts.Add((index % 1000).ToString("000", CultureInfo.InvariantCulture));
            index /= 1000;
        }
        while (index > 0);
        parts.Reverse();
        return string.Join('/', parts.Select((p, i) => i < parts.Count - 1 ? "x" + p : p));
    }

    /// <summary>
    /// Parses a path after <c>tile/</c> (such as <c>0/x001/x234/067.p/8</c> or <c>entries/001</c>); null, with the
    /// reason, when it is not the canonical path of a tile.
    /// </summary>
    public static TilePath? Parse(string path, out string? error)
    {
        error = null;
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            error = "A tile path is <level>/<index>[.p/<width>] or entries/<index>[.p/<width>].";
            return null;
        }
        var kind = path[..slash];
        var rest = path[(slash + 1)..];
        var entries = kind == "entries";
        var level = 0;
        if (!entries && !TryLevel(kind, out level))
        {
            error = $"'{kind}' is not a tile level (0 to {MaxLevel}, no leading zeros) nor 'entries'.";
            return null;
        }
        var width = FullWidth;
        var partial = rest.IndexOf(".p/", StringComparison.Ordinal);
        if (partial >= 0)
        {
            var w = rest[(partial + 3)..];
            if (!int.TryParse(w, NumberStyles.None, CultureInfo.InvariantCulture, out width) || width is < 1 or >= FullWidth
                || w != width.ToString(CultureInfo.InvariantCulture))
            {
                error = $"'{w}' is not a partial tile width (1 to 255, no leading zeros).";
                return null;
            }
            rest = rest[..partial];
        }
        if (!TryIndex(rest, out var index))
        {
            error = $"'{rest}' is not a tile index: zero-padded three-digit elements, all but the last prefixed x (1234067 is x001/x234/067).";
            return null;
        }
        return new TilePath(level, index, width, entries);
    }

    private static bool TryLevel(string text, out int level) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out level) && level <= MaxLevel
        && text == level.ToString(CultureInfo.InvariantCulture);

    private static bool TryIndex(string text, out long index)
    {
        index = 0;
        var parts = text.Split('/');
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            var last = i == parts.Length - 1;
            var digits = last ? part : part.StartsWith('x') ? part[1..] : null;
            if (digits is not { Length: 3 } || !digits.All(char.IsAsciiDigit) || (last && part.StartsWith('x')))
            {
                return false;
            }
            if (index > (long.MaxValue - 999) / 1000)
            {
                return false;
            }
            index = index * 1000 + int.Parse(digits, CultureInfo.InvariantCulture);
        }
        // One way only to write an index: no leading all-zero elements (x000/123 is 123).
        return FormatIndex(index) == text;
    }
}
