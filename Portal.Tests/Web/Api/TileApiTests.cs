using System.Buffers.Binary;
using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using Portal.Ledger.Chain;
using Portal.Ledger.Chain.Merkle;
using Portal.Ledger.Chain.Tiles;
using Portal.Ledger.Storage;
using Portal.Tests.Infrastructure;
using Portal.Tests.Ledger.Chain.Tiles;

namespace Portal.Tests.Web.Api;

/// <summary>
/// The ledger read back through C2SP tlog-tiles over real HTTP, as an outside auditor reads it: every hash tile and
/// entry bundle of the checkpoint's tree, each entry hashed from its bundle, each tile above hashed from the one
/// below, and the whole tree hashed to the signed root; on SQLite and PostgreSQL.
/// </summary>
public sealed class TileApiTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task The_whole_log_read_through_tiles_reproduces_the_checkpoint_root(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var directory = new TempDirectory();
        var environment = await SeededTemplate.EnvironmentForAsync(database.Options, directory.Path);
        await using var server = await PortalServer.StartAsync(environment);
        // No automatic decompression: the bundles' encoding is part of the contract.
        using var http = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = server.BaseAddress };
        var note = await http.GetStringAsync("/api/ledger/checkpoint");
        var lines = note.Split('\n');
        var size = long.Parse(lines[1], System.Globalization.CultureInfo.InvariantCulture);
        var root = Convert.FromBase64String(lines[2]);
        Assert.True(size > TilePath.FullWidth, $"the demo ledger has only {size} entries");

        var levels = new Dictionary<int, List<byte[]>>();
        foreach (var tile in TilePathTests.TilesOf(size))
        {
            using var response = await http.GetAsync($"/api/ledger/{tile}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("public, max-age=31536000, immutable", response.Headers.CacheControl?.ToString());
            var bytes = await response.Content.ReadAsByteArrayAsync();
            Assert.Equal(tile.Width * MerkleHash.Size, bytes.Length);
            var hashes = bytes.Chunk(MerkleHash.Size).ToList();
            if (tile.Level == 0)
            {
                // Each leaf hash is the SHA-256 of 0x00 and the entry as its bundle gives it.
                var entries = await BundleAsync(http, tile with { IsEntries = true });
                Assert.Equal(tile.Width, entries.Count);
                Assert.Equal(hashes.Select(Convert.ToHexString), entries.Select(e => Convert.ToHexString(MerkleHash.Leaf(e))));
                Assert.Equal(tile.First, BinaryPrimitives.ReadInt64BigEndian(entries[0].AsSpan(1)));
            }
            (levels.TryGetValue(tile.Level, out var list) ? list : levels[tile.Level] = []).AddRange(hashes);
        }
        // Each hash above level 0 is the root of the 256 hashes under it.
        foreach (var (level, hashes) in levels.Where(l => l.Key > 0))
        {
            var below = levels[level - 1];
            for (var i = 0; i < hashes.Count; i++)
            {
                Assert.Equal(Convert.ToHexString(RootOf(below.GetRange(i * TilePath.FullWidth, TilePath.FullWidth))), Convert.ToHexString(hashes[i]));
            }
        }
        Assert.Equal(Convert.ToHexString(root), Convert.ToHexString(RootOf(levels[0])));

        // Nothing beyond the tree, and nothing that is not a tile's canonical path.
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/api/ledger/tile/0/{TilePath.FormatIndex(size / 256 + 1)}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/api/ledger/tile/entries/{TilePath.FormatIndex(size / 256)}.p/{size % 256 + 1}")).StatusCode);
        using var malformed = await http.GetAsync("/api/ledger/tile/0/x000/001");
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Contains("zero-padded three-digit", await malformed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tiles_are_not_held_to_the_per_caller_API_limit()
    {
        using var directory = new TempDirectory();
        var environment = PortalServer.SqliteEnvironment(directory.Path, seedDemo: false);
        environment["RateLimits__ApiPermitsPerSecond"] = "1";
        environment["RateLimits__ApiBurst"] = "3";
        await using var server = await PortalServer.StartAsync(environment);

        var tiles = new List<HttpStatusCode>();
        for (var i = 0; i < 30; i++)
        {
            tiles.Add((await server.Client.GetAsync("/api/ledger/tile/0/000")).StatusCode);
        }
        Assert.All(tiles, status => Assert.Equal(HttpStatusCode.NotFound, status)); // an empty ledger has no tile yet
        var others = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
        {
            others.Add((await server.Client.GetAsync("/api/ledger/checkpoint")).StatusCode);
        }
        Assert.Contains(HttpStatusCode.TooManyRequests, others);
    }

    private static async Task<List<byte[]>> BundleAsync(HttpClient http, TilePath bundle)
    {
        using var response = await http.GetAsync($"/api/ledger/{bundle}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("gzip", Assert.Single(response.Content.Headers.ContentEncoding));
        Assert.Equal("public, max-age=31536000, immutable", response.Headers.CacheControl?.ToString());
        await using var gzip = new GZipStream(await response.Content.ReadAsStreamAsync(), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        await gzip.CopyToAsync(plain);
        var bytes = plain.ToArray();
        var entries = new List<byte[]>();
        for (var at = 0; at < bytes.Length;)
        {
            var length = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(at));
            entries.Add(bytes.AsSpan(at + 2, length).ToArray());
            at += 2 + length;
        }
        return entries;
    }

    /// <summary>RFC 6962's root of a list of hashes (MTH of the leaves they stand for, or of the subtrees).</summary>
    private static byte[] RootOf(List<byte[]> hashes)
    {
        if (hashes.Count == 1)
        {
            return hashes[0];
        }
        var split = 1;
        while (split * 2 < hashes.Count)
        {
            split *= 2;
        }
        return SHA256.HashData([0x01, .. RootOf([.. hashes.Take(split)]), .. RootOf([.. hashes.Skip(split)])]);
    }
}
