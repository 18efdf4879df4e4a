using Portal.Ledger.Chain.Tiles;

namespace Portal.Tests.Ledger.Chain.Tiles;

/// <summary>C2SP tlog-tiles paths: the spec's examples, and one canonical way to write each tile.</summary>
public sealed class TilePathTests
{
    [Theory]
    [InlineData(1234067L, "x001/x234/067")]
    [InlineData(0L, "000")]
    [InlineData(5L, "005")]
    [InlineData(999L, "999")]
    [InlineData(1000L, "x001/000")]
    [InlineData(123456789012L, "x123/x456/x789/012")]
    public void Indexes_are_zero_padded_three_digit_elements_all_but_the_last_prefixed_x(long index, string path)
    {
        Assert.Equal(path, TilePath.FormatIndex(index));
        Assert.Equal(new TilePath(0, index, 256), TilePath.Parse($"0/{path}", out _));
    }

    [Theory]
    [InlineData("0/x001/x234/067", 0, 1234067L, 256, false)]
    [InlineData("1/x123/456", 1, 123456L, 256, false)]
    [InlineData("2/000.p/1", 2, 0L, 1, false)]
    [InlineData("entries/001.p/2", 0, 1L, 2, true)]
    [InlineData("entries/x001/000", 0, 1000L, 256, true)]
    public void Paths_parse_to_their_tile_and_back(string path, int level, long index, int width, bool entries)
    {
        var tile = TilePath.Parse(path, out var error);
        Assert.Null(error);
        Assert.Equal(new TilePath(level, index, width, entries), tile);
        Assert.Equal($"tile/{path}", tile!.ToString());
    }

    [Theory]
    [InlineData("0/x000/123")]     // a leading zero element
    [InlineData("0/1234")]         // four digits
    [InlineData("0/12")]           // two digits
    [InlineData("0/x123")]         // the last element prefixed
    [InlineData("0/123/456")]      // an inner element not prefixed
    [InlineData("00/123")]         // a level with a leading zero
    [InlineData("64/000")]         // beyond level 63
    [InlineData("0/000.p/0")]      // an empty tile
    [InlineData("0/000.p/256")]    // a partial as wide as a full tile
    [InlineData("0/000.p/08")]     // a width with a leading zero
    [InlineData("data/000")]       // sumdb's name for bundles, not C2SP's
    [InlineData("0/-01")]
    [InlineData("")]
    public void Anything_but_the_canonical_path_of_a_tile_is_refused_with_a_reason(string path)
    {
        Assert.Null(TilePath.Parse(path, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void A_tree_of_70000_leaves_has_the_tiles_the_spec_lists()
    {
        // C2SP tlog-tiles: 273 full level-0 tiles and a partial of width 112; one full level-1 tile and a partial of
        // width 17; a level-2 partial of width 1.
        var tiles = TilesOf(70_000).ToList();
        Assert.Equal(273, tiles.Count(t => t.Level == 0 && !t.IsPartial));
        Assert.Equal(112, Assert.Single(tiles, t => t.Level == 0 && t.IsPartial).Width);
        Assert.Equal(1, tiles.Count(t => t.Level == 1 && !t.IsPartial));
        Assert.Equal(17, Assert.Single(tiles, t => t.Level == 1 && t.IsPartial).Width);
        Assert.Equal(new TilePath(2, 0, 1), Assert.Single(tiles, t => t.Level == 2));
        Assert.All(tiles, t => Assert.True(t.TreeSizeNeeded <= 70_000, $"{t} needs {t.TreeSizeNeeded} leaves"));
        Assert.Equal(70_000, tiles.Where(t => t.Level == 0).Sum(t => t.Width));
    }

    /// <summary>Every tile of a tree: at each level, full tiles then the partial one (width floor(s/256^l) mod 256).</summary>
    internal static IEnumerable<TilePath> TilesOf(long size)
    {
        for (var level = 0; size >> (TilePath.Height * level) > 0; level++)
        {
            var hashes = size >> (TilePath.Height * level);
            for (var n = 0L; n < hashes / TilePath.FullWidth; n++)
            {
                yield return new TilePath(level, n, TilePath.FullWidth);
            }
            if (hashes % TilePath.FullWidth is var width and > 0)
            {
                yield return new TilePath(level, hashes / TilePath.FullWidth, (int)width);
            }
        }
    }
}
