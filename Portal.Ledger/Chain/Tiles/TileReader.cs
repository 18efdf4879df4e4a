using System.Buffers.Binary;
using System.IO.Compression;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Portal.Ledger.Chain.Merkle;
using Portal.Ledger.Storage;

namespace Portal.Ledger.Chain.Tiles;

/// <summary>
/// Reads C2SP tlog-tiles from the stored tree: hash tiles (the stored complete-subtree hashes at the tile's tree
/// level, end to end) and entry bundles (each entry's exact leaf input, uint16 length-prefixed, gzip-compressed).
/// A tile is served only once the ledger's head tree holds all of it, so whatever is served never changes.
/// </summary>
public sealed class TileReader(LedgerStore store)
{
    /// <summary>The tile's hashes, or null when the head tree does not hold it (or no tree could).</summary>
    public async Task<byte[]?> ReadHashesAsync(TilePath tile, CancellationToken cancellationToken = default)
    {
        if (tile.IsEntries)
        {
            throw new ArgumentException("An entry bundle is read with ReadBundleAsync.", nameof(tile));
        }
        await using var db = store.CreateContext();
        if (!await HeldAsync(db, tile, cancellationToken))
        {
            return null;
        }
        var hashes = new byte[tile.Width * MerkleHash.Size];
        if (tile.TreeLevel == 0)
        {
            // Leaves are the entries' own hashes: one range read.
            var leaves = await EntriesAsync(db, tile, e => e.LeafHash, cancellationToken);
            for (var i = 0; i < leaves.Count; i++)
            {
                leaves[i].CopyTo(hashes, i * MerkleHash.Size);
            }
            return hashes;
        }
        var refs = Enumerable.Range(0, tile.Width).Select(i => new NodeRef(tile.TreeLevel, tile.First + i)).ToList();
        var nodes = await NodeStore.ReadAsync(db, refs, cancellationToken);
        for (var i = 0; i < refs.Count; i++)
        {
            nodes[refs[i]].Span.CopyTo(hashes.AsSpan(i * MerkleHash.Size));
        }
        return hashes;
    }

    /// <summary>The entry bundle, gzip-compressed, or null when the head tree does not hold all its entries.</summary>
    public async Task<byte[]?> ReadBundleAsync(TilePath tile, CancellationToken cancellationToken = default)
    {
        if (!tile.IsEntries)
        {
            throw new ArgumentException("A hash tile is read with ReadHashesAsync.", nameof(tile));
        }
        await using var db = store.CreateContext();
        if (!await HeldAsync(db, tile, cancellationToken))
        {
            return null;
        }
        var entries = await EntriesAsync(db, tile, e => e, cancellationToken);
        using var output = new MemoryStream();
        await using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            var length = new byte[2];
            foreach (var entry in entries)
            {
                var leaf = LedgerEntry.From(entry).LeafData();
                if (leaf.Length > EntryEncoding.MaxLeafInputBytes)
                {
                    // Refused at append since bundles existed; an older entry this large cannot be bundled.
                    throw new LedgerCorruptException($"Entry {entry.Index} is {leaf.Length} bytes, more than an entry bundle can hold.");
                }
                BinaryPrimitives.WriteUInt16BigEndian(length, (ushort)leaf.Length);
                gzip.Write(length);
                gzip.Write(leaf);
            }
        }
        return output.ToArray();
    }

    /// <summary>The tile's entries in index order, each as <paramref name="select"/> reads it; every one must be stored.</summary>
    private static async Task<List<T>> EntriesAsync<T>(LedgerDbContext db, TilePath tile, Expression<Func<EntryRecord, T>> select, CancellationToken cancellationToken)
    {
        var entries = await db.Entries.AsNoTracking().Where(e => e.Index >= tile.First && e.Index < tile.First + tile.Width)
            .OrderBy(e => e.Index).Select(select).ToListAsync(cancellationToken);
        if (entries.Count != tile.Width)
        {
            throw new LedgerCorruptException($"Entries {tile.First} to {tile.First + tile.Width - 1} are not all stored.");
        }
        return entries;
    }

    /// <summary>Whether the head tree holds every hash or entry of the tile.</summary>
    private static async Task<bool> HeldAsync(LedgerDbContext db, TilePath tile, CancellationToken cancellationToken)
    {
        // Beyond level 7 no tree of at most 2^63 leaves has a complete hash; beyond the head, nothing is served.
        if (tile.TreeLevel > 62 || tile.First + tile.Width > long.MaxValue >> tile.TreeLevel)
        {
            return false;
        }
        return tile.TreeSizeNeeded <= await LedgerReader.HeadSizeAsync(db, cancellationToken);
    }
}
