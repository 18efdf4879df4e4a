namespace Portal.Ledger.Chain;

/// <summary>
/// The right edge of the tree: the roots of the complete subtrees of a tree of <see cref="Size"/> leaves.
/// Appending a leaf completes O(1) amortized interior nodes, reported to the caller so they can be stored.
/// </summary>
public sealed class CompactRange
{
    private readonly List<(int Level, byte[] Hash)> _stack = [];

    public long Size { get; private set; }

    public CompactRange()
    {
    }

    /// <summary>Restores a range from the complete subtrees of [0, size), left to right.</summary>
    public CompactRange(long size, IReadOnlyList<byte[]> subtreeHashes)
    {
        var refs = TreeMath.Decompose(0, size).ToList();
        if (refs.Count != subtreeHashes.Count)
        {
            throw new ArgumentException($"A tree of {size} leaves has {refs.Count} subtrees, got {subtreeHashes.Count}.", nameof(subtreeHashes));
        }
        for (var i = 0; i < refs.Count; i++)
        {
            _stack.Add((refs[i].Level, subtreeHashes[i]));
        }
        Size = size;
    }

    public CompactRange Clone()
    {
        var copy = new CompactRange { Size = Size };
        copy._stack.AddRange(_stack);
        return copy;
    }

    /// <summary>Appends a leaf hash; <paramref name="onNode"/> receives each interior node it completes, lowest first.</summary>
    public void Append(byte[] leafHash, Action<NodeRef, byte[]>? onNode = null)
    {
        var index = Size;
        _stack.Add((0, leafHash));
        var level = 0;
        while (_stack.Count >= 2 && _stack[^2].Level == level)
        {
            var right = _stack[^1].Hash;
            var left = _stack[^2].Hash;
            _stack.RemoveRange(_stack.Count - 2, 2);
            var parent = MerkleHash.Node(left, right);
            level++;
            _stack.Add((level, parent));
            onNode?.Invoke(new NodeRef(level, index >> level), parent);
        }
        Size++;
    }

    public byte[] Root()
    {
        if (_stack.Count == 0)
        {
            return MerkleHash.EmptyRoot;
        }
        var hash = _stack[^1].Hash;
        for (var i = _stack.Count - 2; i >= 0; i--)
        {
            hash = MerkleHash.Node(_stack[i].Hash, hash);
        }
        return hash;
    }
}
