using System.Security.Cryptography;

namespace Portal.Tests.Infrastructure;

/// <summary>
/// RFC 6962 section 2.1 transcribed literally over an in-memory list of leaf hashes: recursive, slow and obviously
/// right, to check the store-backed implementation against.
/// </summary>
public static class ReferenceMerkle
{
    public static byte[] Mth(IReadOnlyList<byte[]> leaves, int start, int end)
    {
        var n = end - start;
        if (n == 0)
        {
            return SHA256.HashData([]);
        }
        if (n == 1)
        {
            return leaves[start];
        }
        var k = LargestPowerOfTwoBelow(n);
        return SHA256.HashData([0x01, .. Mth(leaves, start, start + k), .. Mth(leaves, start + k, end)]);
    }

    public static List<byte[]> Path(IReadOnlyList<byte[]> leaves, int m, int start, int end)
    {
        var n = end - start;
        if (n == 1)
        {
            return [];
        }
        var k = LargestPowerOfTwoBelow(n);
        return m < k
            ? [.. Path(leaves, m, start, start + k), Mth(leaves, start + k, end)]
            : [.. Path(leaves, m - k, start + k, end), Mth(leaves, start, start + k)];
    }

    public static List<byte[]> Proof(IReadOnlyList<byte[]> leaves, int m, int n) => SubProof(leaves, m, 0, n, true);

    private static List<byte[]> SubProof(IReadOnlyList<byte[]> leaves, int m, int start, int end, bool b)
    {
        var n = end - start;
        if (m == n)
        {
            return b ? [] : [Mth(leaves, start, end)];
        }
        var k = LargestPowerOfTwoBelow(n);
        return m <= k
            ? [.. SubProof(leaves, m, start, start + k, b), Mth(leaves, start + k, end)]
            : [.. SubProof(leaves, m - k, start + k, end, false), Mth(leaves, start, start + k)];
    }

    private static int LargestPowerOfTwoBelow(int n)
    {
        var k = 1;
        while (k << 1 < n)
        {
            k <<= 1;
        }
        return k;
    }
}
