using System.Security.Cryptography;
using Portal.Ledger.Chain;
using Portal.Ledger.Chain.Tiles;
using Portal.Ledger.Monitoring;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Ledger.Monitoring;

/// <summary>The monitor's tree gives every tile's hashes and the root as RFC 6962 defines them, across saved runs.</summary>
public sealed class TileTreeTests
{
    private static readonly List<byte[]> Leaves = [.. Enumerable.Range(0, 70_000).Select(i => SHA256.HashData(BitConverter.GetBytes(i)))];

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(255)]
    [InlineData(256)]
    [InlineData(257)]
    [InlineData(65_535)]
    [InlineData(65_536)]
    [InlineData(70_000)]
    public void Every_tile_above_the_leaves_and_the_root_are_those_of_the_tree(int size)
    {
        var tree = new TileTree();
        var tiles = new List<TileTree.TileHashes>();
        for (var i = 0; i < size; i++)
        {
            tree.Append(Leaves[i]);
            tiles.AddRange(tree.TakeCompleted());
        }
        tiles.AddRange(tree.PartialTiles());
        AssertTree(tree, tiles, size);
    }

    [Fact]
    public void A_tree_saved_and_read_back_goes_on_as_if_never_stopped()
    {
        var tree = new TileTree();
        var tiles = new List<TileTree.TileHashes>();
        foreach (var stop in new[] { 300, 65_600, 70_000 })
        {
            while (tree.Size < stop)
            {
                tree.Append(Leaves[(int)tree.Size]);
                tiles.AddRange(tree.TakeCompleted());
            }
            using var stream = new MemoryStream();
            using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            {
                tree.Write(writer);
            }
            stream.Position = 0;
            tree = TileTree.Read(new BinaryReader(stream));
            Assert.Equal(stop, tree.Size);
            Assert.Equal(ReferenceMerkle.Mth(Leaves, 0, stop), tree.Root());
        }
        tiles.AddRange(tree.PartialTiles());
        AssertTree(tree, tiles, 70_000);
    }

    [Fact]
    public void A_saved_tree_whose_parts_do_not_fit_its_size_is_refused()
    {
        var tree = new TileTree();
        for (var i = 0; i < 300; i++)
        {
            tree.Append(Leaves[i]);
        }
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            tree.Write(writer);
        }
        var bytes = stream.ToArray();
        // The size is the first eight bytes: one leaf more no longer fits the tails saved with it.
        bytes[0]++;
        Assert.Throws<InvalidDataException>(() => TileTree.Read(new BinaryReader(new MemoryStream(bytes))));
    }

    private static void AssertTree(TileTree tree, List<TileTree.TileHashes> tiles, int size)
    {
        Assert.Equal(ReferenceMerkle.Mth(Leaves, 0, size), tree.Root());
        Assert.Equal(size / 256, tree.LeafTileRoots.Count);
        for (var i = 0; i < tree.LeafTileRoots.Count; i++)
        {
            Assert.Equal(ReferenceMerkle.Mth(Leaves, i * 256, (i + 1) * 256), tree.LeafTileRoots[i]);
        }
        Assert.Equal(size % 256, tree.Tail(0).Count);
        // Every tile of levels 1 and up that this size holds, full or partial, once each, with the tree's hashes.
        var expected = new List<TilePath>();
        for (var level = 1; size >> (8 * level) > 0; level++)
        {
            var entries = size >> (8 * level);
            for (var index = 0; index * 256 < entries; index++)
            {
                expected.Add(new TilePath(level, index, Math.Min(256, entries - (index * 256))));
            }
        }
        Assert.Equal(expected.Select(t => t.ToString()).Order(), tiles.Select(t => t.Tile.ToString()).Order());
        foreach (var tile in tiles)
        {
            var span = 1 << (8 * tile.Tile.Level);
            for (var i = 0; i < tile.Tile.Width; i++)
            {
                var first = (int)((tile.Tile.Index * 256) + i) * span;
                Assert.Equal(ReferenceMerkle.Mth(Leaves, first, first + span), tile.Hashes[i]);
            }
        }
    }
}
