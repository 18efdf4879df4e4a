using System.Text;
using Portal.Ledger.Chain.Checkpoints;
using Portal.Ledger.Witnessing;

namespace Portal.Tests.Ledger.Witnessing;

/// <summary>The specifications' own examples: a signed note by the signed-note spec's key, and the cosignature spec's line.</summary>
public sealed class CosignatureTests
{
    [Fact]
    public void The_signed_note_specs_example_key_verifies_its_example_message()
    {
        var key = Ed25519Note.ParseVerifierKey("example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k");
        var note = SignedNote.Parse("This is an example message.\n\n— example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n");
        Assert.True(note.IsSignedBy(key));
        Assert.False((note with { Text = "This is another message.\n" }).IsSignedBy(key));
    }

    [Fact]
    public void The_cosignature_specs_example_line_has_its_key_ID_timestamp_and_signed_message()
    {
        const string Body = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
        var note = SignedNote.Parse(Body + "\n"
            + "— example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n"
            + "— witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==\n");
        var line = Assert.Single(note.Signatures, s => s.Name == "witness.example.com/w1");
        Assert.Equal(0x8d66cf3fu, line.KeyId);
        Assert.True(Cosignature.TrySplit(line.Signature, out var timestamp, out var ed25519));
        Assert.Equal(1679315147ul, timestamp);
        Assert.Equal(64, ed25519.Length);
        Assert.Equal("cosignature/v1\ntime 1679315147\n" + Body, Encoding.UTF8.GetString(Cosignature.Message(Body, timestamp)));
    }

    [Fact]
    public void A_cosignature_verifies_under_its_verifier_key_and_nothing_else()
    {
        var key = new CosignerKey("witness.example/w1", Ed25519Note.GenerateSeed());
        var verifier = CosignatureVerifier.Parse(key.VerifierKey);
        const string Body = "portal.example/ledger\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
        var at = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        var signature = key.Cosign(Body, at);

        Assert.True(verifier.Verify(Body, signature, out var time));
        Assert.Equal(at, time);
        Assert.StartsWith("witness.example/w1+", key.VerifierKey, StringComparison.Ordinal);
        Assert.Equal(Cosignature.SignatureType, Convert.FromBase64String(key.VerifierKey.Split('+', 3)[2])[0]);
        Assert.False(verifier.Verify(Body.Replace("\n5\n", "\n6\n", StringComparison.Ordinal), signature, out _));
        // Not a checkpoint signature: a cosignature key (0x04) has another key ID than the same key as 0x01.
        Assert.NotEqual(Ed25519Note.ComputeKeyId(key.Name, key.PublicKey), key.KeyId);
        Assert.Throws<FormatException>(() => Ed25519Note.ParseVerifierKey(key.VerifierKey));
    }
}
