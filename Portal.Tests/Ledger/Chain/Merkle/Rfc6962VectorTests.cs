using Portal.Ledger.Chain;
using Portal.Ledger.Chain.Merkle;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Ledger.Chain.Merkle;

/// <summary>The eight-leaf test vectors published with Certificate Transparency and transparency-dev/merkle.</summary>
public sealed class Rfc6962VectorTests
{
    private static readonly string[] LeafInputs =
        ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"];

    private static readonly string[] Roots =
    [
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ];

    private static List<byte[]> LeafHashes() => LeafInputs.Select(h => MerkleHash.Leaf(Convert.FromHexString(h))).ToList();

    [Fact]
    public void Compact_range_roots_match_the_published_roots_for_every_size()
    {
        var range = new CompactRange();
        Assert.Equal(Roots[0], Convert.ToHexStringLower(range.Root()));
        foreach (var (leaf, size) in LeafHashes().Select((l, i) => (l, i + 1)))
        {
            range.Append(leaf);
            Assert.Equal(Roots[size], Convert.ToHexStringLower(range.Root()));
        }
    }

    [Fact]
    public void Reference_implementation_agrees_with_the_published_roots()
    {
        var leaves = LeafHashes();
        for (var size = 0; size <= 8; size++)
        {
            Assert.Equal(Roots[size], Convert.ToHexStringLower(ReferenceMerkle.Mth(leaves, 0, size)));
        }
    }

    [Fact]
    public void Published_inclusion_proof_of_leaf_5_in_tree_of_8_verifies()
    {
        var leaves = LeafHashes();
        byte[][] path =
        [
            Convert.FromHexString("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
            Convert.FromHexString("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
            Convert.FromHexString("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
        ];
        Assert.Equal(path, ReferenceMerkle.Path(leaves, 5, 0, 8));
        ProofVerifier.VerifyInclusion(5, 8, leaves[5], path, Convert.FromHexString(Roots[8]));
    }

    [Fact]
    public void Published_consistency_proof_from_3_to_8_verifies()
    {
        byte[][] path =
        [
            Convert.FromHexString("0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7"),
            Convert.FromHexString("07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7"),
            Convert.FromHexString("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"),
            Convert.FromHexString("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"),
        ];
        Assert.Equal(path, ReferenceMerkle.Proof(LeafHashes(), 3, 8));
        ProofVerifier.VerifyConsistency(3, 8, Convert.FromHexString(Roots[3]), Convert.FromHexString(Roots[8]), path);
    }
}
