using Portal.Ledger.Chain.Checkpoints;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Ledger.Chain;

public sealed class CheckpointTests
{
    private static readonly Ed25519NoteSigner Signer = new("example.com/log", Convert.FromHexString(new string('7', 64)));

    [Fact]
    public void Signed_checkpoint_has_the_c2sp_shape_and_verifies()
    {
        var body = new Checkpoint("example.com/log", 42, new byte[32]).ToNoteText();
        var note = SignedNote.Sign(body, Signer).ToString();
        var lines = note.Split('\n');
        Assert.Equal("example.com/log", lines[0]);
        Assert.Equal("42", lines[1]);
        Assert.Equal(Convert.ToBase64String(new byte[32]), lines[2]);
        Assert.Equal("", lines[3]);
        Assert.StartsWith("\u2014 example.com/log ", lines[4], StringComparison.Ordinal);
        Assert.Equal("", lines[5]);
        Assert.True(SignedNote.Parse(note).IsSignedBy(Signer.ToVerifier()));
    }

    [Fact]
    public void Verifier_key_round_trips_and_carries_the_key_id()
    {
        var text = Signer.VerifierKey;
        var parts = text.Split('+');
        Assert.Equal("example.com/log", parts[0]);
        Assert.Equal(8, parts[1].Length);
        var parsed = Ed25519Note.ParseVerifierKey(text);
        Assert.Equal(Signer.KeyId, parsed.KeyId);
        Assert.Equal(Signer.PublicKey, parsed.PublicKey);
    }

    [Fact]
    public void A_changed_note_or_another_key_fails()
    {
        var note = SignedNote.Sign(new Checkpoint("example.com/log", 42, new byte[32]).ToNoteText(), Signer).ToString();
        var altered = SignedNote.Parse(note.Replace("\n42\n", "\n43\n", StringComparison.Ordinal));
        Assert.False(altered.IsSignedBy(Signer.ToVerifier()));
        var other = new Ed25519NoteSigner("example.com/log", Ed25519Note.GenerateSeed());
        Assert.False(SignedNote.Parse(note).IsSignedBy(other.ToVerifier()));
    }

    [Theory]
    [InlineData("example.com/log\n42\nAAAA\n\n\u2014 example.com/log AAAAAAAA\n")]
    [InlineData("no blank line\n\u2014 x AAAAAAAA\n")]
    [InlineData("example.com/log\n42\n\n")]
    public void Malformed_notes_are_rejected(string note) =>
        Assert.ThrowsAny<FormatException>(() => Checkpoint.Parse(SignedNote.Parse(note).Text));

    [Fact]
    public void Key_file_is_created_once_and_reloaded()
    {
        using var dir = new TempDirectory();
        var path = dir.File("keys/signing.key");
        var first = SigningKeyFile.LoadOrCreate(path, "portal.example/ledger");
        var second = SigningKeyFile.LoadOrCreate(path, "portal.example/ledger");
        Assert.Equal(first.VerifierKey, second.VerifierKey);
        Assert.StartsWith("PRIVATE+KEY+portal.example/ledger+", File.ReadAllText(path), StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
        Assert.Throws<InvalidOperationException>(() => SigningKeyFile.LoadOrCreate(path, "another.origin/log"));
    }
}
