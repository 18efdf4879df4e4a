using Portal.Ledger.Chain;
using Portal.Ledger.Chain.Merkle;

namespace Portal.Tests.Ledger.Chain;

/// <summary>The byte formats are a public contract (docs/ledger-format.md): these pin them byte for byte.</summary>
public sealed class EncodingTests
{
    [Fact]
    public void Entry_leaf_input_is_the_documented_layout()
    {
        var bytes = EntryEncoding.Encode(258, 1_700_000_000_123, "k", "ab", "{}");
        Assert.Equal(
            "01" + "0000000000000102" + "0000018bcfe5687b" + "0001" + "6b" + "0002" + "6162" + "00000002" + "7b7d",
            Convert.ToHexStringLower(bytes));
    }

    [Fact]
    public void Entry_strings_are_utf8_with_byte_lengths()
    {
        var bytes = EntryEncoding.Encode(0, 0, "资金", "é", "\"贵阳\"");
        // "资金" is 6 UTF-8 bytes; the payload is 8.
        Assert.Equal(0x00, bytes[17]);
        Assert.Equal(6, bytes[18]);
        Assert.Equal(1 + 8 + 8 + 2 + 6 + 2 + 2 + 4 + 8, bytes.Length);
    }

    [Fact]
    public void A_leaf_input_decodes_to_its_fields_and_nothing_else_does()
    {
        var bytes = EntryEncoding.Encode(258, 1_700_000_000_123, "资金", "é", "{\"a\":1}");
        Assert.True(EntryEncoding.TryDecode(bytes, out var entry));
        Assert.Equal(new DecodedEntry(258, 1_700_000_000_123, "资金", "é", "{\"a\":1}"), entry);
        Assert.False(EntryEncoding.TryDecode([.. bytes, 0], out _));
        Assert.False(EntryEncoding.TryDecode(bytes.AsSpan(0, bytes.Length - 1), out _));
        Assert.False(EntryEncoding.TryDecode([0x02, .. bytes.AsSpan(1)], out _));
        // An invalid UTF-8 byte in the payload.
        Assert.False(EntryEncoding.TryDecode([.. bytes.AsSpan(0, bytes.Length - 1), 0xff], out _));
    }

    [Fact]
    public void Leaf_hash_is_sha256_of_zero_byte_and_leaf_input()
    {
        var input = EntryEncoding.Encode(7, 1, "kind", "actor", "{\"a\":1}");
        Assert.Equal(System.Security.Cryptography.SHA256.HashData([0x00, .. input]), EntryEncoding.LeafHash(7, 1, "kind", "actor", "{\"a\":1}"));
    }

    [Fact]
    public void Block_header_is_the_documented_layout()
    {
        var previous = Hash.Of(Enumerable.Repeat((byte)0xaa, 32).ToArray());
        var root = Hash.Of(Enumerable.Repeat((byte)0xbb, 32).ToArray());
        var header = new BlockHeader(3, previous, 10, 4, 14, root, 1_700_000_000_000);
        var hex = Convert.ToHexStringLower(header.Encode());
        Assert.Equal(
            "01" + "0000000000000003" + new string('a', 64) + "000000000000000a" + "00000004" + "000000000000000e" + new string('b', 64) + "0000018bcfe56800",
            hex);
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(header.Encode()), header.Hash().ToArray());
    }
}
