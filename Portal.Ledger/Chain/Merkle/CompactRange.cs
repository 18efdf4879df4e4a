namespace Portal.Ledger.Chain.Merkle;

/// <summary>
/// The right edge of the tree: the roots of the complete subtrees of a tree of <see cref="Size"/> leaves, at most
/// one per level. Appending a leaf completes O(1) amortized interior nodes, reported to the caller so they can be
/// stored or checked. Hashes live in one fixed buffer, so appending allocates nothing.
/// </summary>
public sealed class CompactRange
{
    private const int MaxLevels = 64;

    private readonly byte[] _hashes = new byte[MaxLevels * MerkleHash.Size];
    private readonly int[] _levels = new int[MaxLevels];
    private int _count;

    public long Size { get; private set; }

    public CompactRange()
    {
    }

    /// <summary>Restores a range from the complete subtrees of [0, size), left to right.</summary>
    public CompactRange(long size, IReadOnlyList<Hash> subtreeHashes)
    {
        var refs = TreeMath.Decompose(0, size).ToList();
        if (refs.Count != subtreeHashes.Count)
        {
            throw new ArgumentException($"A tree of {size} leaves has {refs.Count} subtrees, got {subtreeHashes.Count}.", nameof(subtreeHashes));
        }
        for (var i = 0; i < refs.Count; i++)
        {
            Push(refs[i].Level, subtreeHashes[i]);
        }
        Size = size;
    }

    public CompactRange Clone()
    {
        var copy = new CompactRange { Size = Size, _count = _count };
        _hashes.AsSpan(0, _count * MerkleHash.Size).CopyTo(copy._hashes);
        _levels.AsSpan(0, _count).CopyTo(copy._levels);
        return copy;
    }

    /// <summary>
    /// Appends a leaf hash; <paramref name="onNode"/> receives each interior node it completes, lowest first. The
    /// span is only valid during the call.
    /// </summary>
    public void Append(ReadOnlySpan<byte> leafHash, Action<NodeRef, ReadOnlySpan<byte>>? onNode = null)
    {
        if (leafHash.Length != MerkleHash.Size)
        {
            throw new ArgumentException("A leaf hash is 32 bytes.", nameof(leafHash));
        }
        var index = Size;
        Push(0, leafHash);
        var level = 0;
        while (_count >= 2 && _levels[_count - 2] == level)
        {
            // Hash the two rightmost subtrees into the left one's slot, in place.
            var left = Slot(_count - 2);
            MerkleHash.Node(left, Slot(_count - 1), left);
            _count--;
            level++;
            _levels[_count - 1] = level;
            onNode?.Invoke(new NodeRef(level, index >> level), left);
        }
        Size++;
    }

    /// <summary>The complete subtrees of [0, <see cref="Size"/>), left to right, each with its position in the tree.</summary>
    public IEnumerable<(NodeRef Node, Hash Hash)> Subtrees()
    {
        var start = 0L;
        for (var i = 0; i < _count; i++)
        {
            var level = _levels[i];
            yield return (new NodeRef(level, start >> level), Hash.Of(Slot(i)));
            start += 1L << level;
        }
    }

    public Hash Root()
    {
        if (_count == 0)
        {
            return Hash.EmptyTree;
        }
        var hash = Slot(_count - 1).ToArray();
        for (var i = _count - 2; i >= 0; i--)
        {
            MerkleHash.Node(Slot(i), hash, hash);
        }
        return Hash.Own(hash);
    }

    private Span<byte> Slot(int i) => _hashes.AsSpan(i * MerkleHash.Size, MerkleHash.Size);

    private void Push(int level, ReadOnlySpan<byte> hash)
    {
        // A shorter hash would leave the slot's old bytes in place and still hash to some root.
        if (hash.Length != MerkleHash.Size)
        {
            throw new ArgumentException($"A subtree hash is {MerkleHash.Size} bytes, not {hash.Length}.", nameof(hash));
        }
        hash.CopyTo(Slot(_count));
        _levels[_count] = level;
        _count++;
    }
}
