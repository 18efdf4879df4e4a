using Portal.Ledger.Chain;
using Portal.Ledger.Chain.Merkle;
using Portal.Ledger.Chain.Tiles;

namespace Portal.Ledger.Monitoring;

/// <summary>
/// The tree a monitor rebuilds from entries, kept as C2SP tiles see it: the right edge (for the root) and, at each
/// tile level, the hashes of the tile still being filled, so every tile the log serves can be compared with the
/// hashes recomputed from the entries, and a later run can compare the wider tiles with what it saw before.
/// </summary>
public sealed class TileTree
{
    private readonly CompactRange _range;
    private readonly List<List<byte[]>> _tails;
    private readonly List<TileHashes> _completed = [];
    private readonly List<byte[]> _leafTileRoots;

    public TileTree()
        : this(new CompactRange(), [[]], [])
    {
    }

    private TileTree(CompactRange range, List<List<byte[]>> tails, List<byte[]> leafTileRoots)
    {
        _range = range;
        _tails = tails;
        _leafTileRoots = leafTileRoots;
    }

    /// <summary>
    /// The root of every full leaf tile so far (the 256 leaves of entry bundle i hash to element i), kept so an entry
    /// read again later can be checked against the tree without reading its neighbours' tiles.
    /// </summary>
    public IReadOnlyList<byte[]> LeafTileRoots => _leafTileRoots;

    public long Size => _range.Size;

    /// <summary>A tile at level 1 or above whose hashes were all recomputed: the log's copy must equal them.</summary>
    public sealed record TileHashes(TilePath Tile, IReadOnlyList<byte[]> Hashes);

    /// <summary>The hashes of the incomplete tile at a tile level (level 0: leaf hashes), as far as they are known.</summary>
    public IReadOnlyList<byte[]> Tail(int level) => level < _tails.Count ? _tails[level] : [];

    public int Levels => _tails.Count;

    public byte[] Root() => _range.Root().ToArray();

    /// <summary>Appends a leaf hash; tiles above level 0 that it completes are queued for <see cref="TakeCompleted"/>.</summary>
    public void Append(byte[] leafHash)
    {
        Add(0, leafHash);
        _range.Append(leafHash, OnNode);
    }

    /// <summary>The full tiles above level 0 completed since the last call, lowest level first.</summary>
    public IReadOnlyList<TileHashes> TakeCompleted()
    {
        if (_completed.Count == 0)
        {
            return [];
        }
        var completed = _completed.ToList();
        _completed.Clear();
        return completed;
    }

    /// <summary>The partial tiles of this tree size above level 0, each with its recomputed hashes.</summary>
    public IEnumerable<TileHashes> PartialTiles()
    {
        for (var level = 1; level < _tails.Count; level++)
        {
            if (_tails[level].Count > 0)
            {
                var width = _tails[level].Count;
                yield return new TileHashes(new TilePath(level, Size >> (TilePath.Height * (level + 1)), width), _tails[level]);
            }
        }
    }

    private void OnNode(NodeRef node, ReadOnlySpan<byte> hash)
    {
        if (node.Level == TilePath.Height)
        {
            _leafTileRoots.Add(hash.ToArray());
        }
        if (node.Level % TilePath.Height == 0)
        {
            Add(node.Level / TilePath.Height, hash.ToArray());
        }
    }

    private void Add(int level, byte[] hash)
    {
        while (_tails.Count <= level)
        {
            _tails.Add([]);
        }
        var tail = _tails[level];
        tail.Add(hash);
        if (tail.Count == TilePath.FullWidth)
        {
            // The range has not counted the leaf being appended yet: it is the tile's last leaf. Leaf tiles are not
            // queued: the monitor compares them with the entries directly.
            var firstLeaf = _range.Size + 1 - (1L << (TilePath.Height * (level + 1)));
            if (level > 0)
            {
                _completed.Add(new TileHashes(new TilePath(level, firstLeaf >> (TilePath.Height * (level + 1)), TilePath.FullWidth), tail.ToList()));
            }
            tail.Clear();
        }
    }

    /// <summary>Writes the tree: size, right edge and tails.</summary>
    public void Write(BinaryWriter writer)
    {
        writer.Write(Size);
        var subtrees = _range.Subtrees().ToList();
        writer.Write(subtrees.Count);
        foreach (var (_, hash) in subtrees)
        {
            writer.Write(hash);
        }
        writer.Write(_tails.Count);
        foreach (var tail in _tails)
        {
            writer.Write(tail.Count);
            tail.ForEach(writer.Write);
        }
        writer.Write((long)_leafTileRoots.Count);
        _leafTileRoots.ForEach(writer.Write);
    }

    /// <exception cref="InvalidDataException">The bytes are not a tree this class wrote.</exception>
    public static TileTree Read(BinaryReader reader)
    {
        var size = reader.ReadInt64();
        var subtrees = ReadHashes(reader);
        var levels = reader.ReadInt32();
        if (size < 0 || levels is < 1 or > TilePath.MaxLevel + 1)
        {
            throw new InvalidDataException("The saved tree is not valid.");
        }
        var tails = new List<List<byte[]>>(levels);
        for (var level = 0; level < levels; level++)
        {
            var tail = ReadHashes(reader);
            if (tail.Count != (int)((size >> (TilePath.Height * level)) & (TilePath.FullWidth - 1)))
            {
                throw new InvalidDataException($"The saved tree's level-{level} tail does not fit its size {size}.");
            }
            tails.Add(tail);
        }
        var roots = reader.ReadInt64();
        if (roots != size >> TilePath.Height)
        {
            throw new InvalidDataException("The saved tree's leaf tile roots do not fit its size.");
        }
        var leafTileRoots = new List<byte[]>((int)roots);
        for (var i = 0L; i < roots; i++)
        {
            leafTileRoots.Add(reader.ReadBytes(MerkleHash.Size));
        }
        try
        {
            return new TileTree(new CompactRange(size, subtrees.ConvertAll(h => Hash.Of(h))), tails, leafTileRoots);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidDataException("The saved tree's right edge does not fit its size.", ex);
        }
    }

    private static List<byte[]> ReadHashes(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        if (count is < 0 or > TilePath.FullWidth)
        {
            throw new InvalidDataException("The saved tree is not valid.");
        }
        var hashes = new List<byte[]>(count);
        for (var i = 0; i < count; i++)
        {
            hashes.Add(reader.ReadBytes(MerkleHash.Size));
        }
        return hashes;
    }
}
