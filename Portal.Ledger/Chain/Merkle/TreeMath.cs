using System.Numerics;

namespace Portal.Ledger.Chain.Merkle;

/// <summary>
/// Pure RFC 9162 tree arithmetic. Proofs are first planned as lists of leaf ranges, then each range is
/// expressed through the complete subtrees the store holds, so any root or proof costs O(log n) node reads.
/// </summary>
public static class TreeMath
{
    /// <summary>Largest power of two strictly smaller than <paramref name="n"/> (n &gt;= 2).</summary>
    public static long SplitPoint(long n) => 1L << (63 - BitOperations.LeadingZeroCount((ulong)(n - 1)));

    /// <summary>The complete subtrees that make up leaves [start, end), left to right.</summary>
    public static IEnumerable<NodeRef> Decompose(long start, long end)
    {
        while (start < end)
        {
            // Largest aligned power of two that starts at 'start' and fits before 'end'.
            var size = start == 0 ? 1L << 62 : start & -start;
            while (size > end - start)
            {
                size >>= 1;
            }
            var level = BitOperations.Log2((ulong)size);
            yield return new NodeRef(level, start >> level);
            start += size;
        }
    }

    /// <summary>RFC 9162 section 2.1.3.1 PATH(m, D[0:n]) as leaf ranges, leaf-most first.</summary>
    public static List<LeafRange> InclusionPath(long index, long treeSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, treeSize);
        var path = new List<LeafRange>();
        AppendPath(index, 0, treeSize, path);
        return path;
    }

    private static void AppendPath(long m, long start, long end, List<LeafRange> path)
    {
        var n = end - start;
        if (n <= 1)
        {
            return;
        }
        var k = SplitPoint(n);
        if (m < k)
        {
            AppendPath(m, start, start + k, path);
            path.Add(new LeafRange(start + k, end));
        }
        else
        {
            AppendPath(m - k, start + k, end, path);
            path.Add(new LeafRange(start, start + k));
        }
    }

    /// <summary>RFC 9162 section 2.1.4.1 PROOF(m, D[0:n]) as leaf ranges.</summary>
    public static List<LeafRange> ConsistencyPath(long from, long to)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(from, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(from, to);
        var path = new List<LeafRange>();
        AppendSubProof(from, 0, to, true, path);
        return path;
    }

    private static void AppendSubProof(long m, long start, long end, bool isOriginalRoot, List<LeafRange> path)
    {
        var n = end - start;
        if (m == n)
        {
            if (!isOriginalRoot)
            {
                path.Add(new LeafRange(start, end));
            }
            return;
        }
        var k = SplitPoint(n);
        if (m <= k)
        {
            AppendSubProof(m, start, start + k, isOriginalRoot, path);
            path.Add(new LeafRange(start + k, end));
        }
        else
        {
            AppendSubProof(m - k, start + k, end, false, path);
            path.Add(new LeafRange(start, start + k));
        }
    }
}

/// <summary>Leaves [Start, End) of the log; its hash is MTH(D[Start:End]).</summary>
public readonly record struct LeafRange(long Start, long End);
