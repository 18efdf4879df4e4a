using Portal.Ledger.Chain;
using Portal.Ledger.Chain.Checkpoints;
using Portal.Ledger.Chain.Merkle;

namespace Portal.Tests.Ledger.Chain;

/// <summary>
/// Inputs the C# and browser verifiers must read alike: each case one that one of them used to read differently,
/// or accept where it should not.
/// </summary>
public sealed class StrictParsingTests
{
    private static readonly Ed25519NoteSigner Signer = new("example.com/log", Convert.FromHexString(new string('5', 64)));

    [Fact]
    public void A_saved_note_ending_in_blank_lines_parses_as_the_note_itself()
    {
        var note = SignedNote.Sign(new Checkpoint("example.com/log", 7, new byte[32]).ToNoteText(), Signer).ToString();

        var saved = SignedNote.Parse(note + "\n\n");

        Assert.Equal(note, saved.ToString());
        Assert.True(saved.IsSignedBy(Signer.ToVerifier()));
    }

    [Theory]
    [InlineData("AAAA AAA=")]
    [InlineData("AAAAAA")]
    [InlineData("AAAA-_==")]
    [InlineData("AAB=")]
    [InlineData("A===")]
    public void Base64_that_is_not_standard_padded_and_canonical_is_refused(string text)
    {
        Assert.Throws<FormatException>(() => StrictBase64.Decode(text, "value"));
    }

    [Fact]
    public void A_checkpoint_root_without_padding_is_refused()
    {
        var root = Convert.ToBase64String(new byte[32]).TrimEnd('=');
        Assert.Throws<FormatException>(() => Checkpoint.Parse($"example.com/log\n7\n{root}\n"));
    }

    [Fact]
    public void A_verifier_key_written_with_an_uppercase_key_id_is_the_same_key()
    {
        var parts = Signer.VerifierKey.Split('+', 3);
        var upper = $"{parts[0]}+{parts[1].ToUpperInvariant()}+{parts[2]}";
        Assert.NotEqual(Signer.VerifierKey, upper);

        Assert.Equal(Signer.VerifierKey, Ed25519Note.ParseVerifierKey(upper).VerifierKey);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("{\"previousKey\":null,\"newKey\":\"x\"}")]
    [InlineData("{}")]
    public void A_rotation_payload_that_names_no_two_keys_is_a_format_error(string payload)
    {
        Assert.Throws<FormatException>(() => KeyRotationPayload.Parse(payload));
    }

    [Theory]
    [InlineData(31, 32)]
    [InlineData(32, 33)]
    [InlineData(0, 32)]
    public void An_interior_node_of_children_that_are_not_32_bytes_is_refused(int left, int right)
    {
        Assert.Throws<ArgumentException>(() => MerkleHash.Node(new byte[left], new byte[right]));
    }

    [Fact]
    public void A_compact_range_is_not_built_from_hashes_that_are_not_32_bytes()
    {
        // A hash of another length cannot even be made, so no range can hold one.
        Assert.Throws<ArgumentException>(() => Hash.Of(new byte[31]));
        Assert.Throws<ArgumentException>(() => new CompactRange(3, [Hash.Of(new byte[32])]));
    }
}
