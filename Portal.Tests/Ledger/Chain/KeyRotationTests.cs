using System.Text.Json;
using Portal.Ledger.Chain;
using Portal.Ledger.Chain.Checkpoints;
using Portal.Ledger.Chain.Verifying;
using Portal.Ledger.Chain.Writing;
using Portal.Ledger.Funds;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Ledger.Chain;

/// <summary>Rotating the signing key: recorded in the ledger under the old key, both keys published, history intact.</summary>
public sealed class KeyRotationTests
{
    [Fact]
    public async Task Checkpoints_signed_before_a_rotation_verify_with_the_old_key_and_later_ones_with_the_new()
    {
        await using var ledger = await LedgerHarness.CreateAsync();
        var published = await PublishedAsync(ledger, 5);
        var before = (await ledger.Reader.GetLatestCheckpointAsync())!;

        var (rotated, next) = await RotateAsync(ledger, published);

        Assert.Equal([ledger.Signer.VerifierKey, rotated.NewKey], published.Read());
        Assert.Equal(rotated.NewKey, next.VerifierKey);
        Assert.Equal(ledger.Signer.VerifierKey, Ed25519NoteSigner.ParsePrivateKey(await File.ReadAllTextAsync(rotated.RetiredKeyPath)).VerifierKey);
        var entry = (await ledger.Reader.GetEntryAsync(rotated.LedgerIndex))!;
        Assert.Equal(KeyRotation.Kind, entry.Kind);
        var payload = JsonDocument.Parse(entry.Payload).RootElement;
        Assert.Equal((ledger.Signer.VerifierKey, rotated.NewKey), (payload.GetProperty("previousKey").GetString(), payload.GetProperty("newKey").GetString()));
        // The rotation's own block is signed by the old key: the old key vouches for its successor.
        var rotationBlock = (await ledger.Reader.GetBlockAsync(rotated.BlockHeight))!;

        await using (var writer = new LedgerWriter(ledger.Store, next, ledger.Options, projectors: [new FundProjector()]))
        {
            await writer.AppendAsync(LedgerHarness.Draft(100));
            await writer.AppendAsync(LedgerHarness.Draft(101));
        }
        var latest = SignedNote.Parse((await ledger.Reader.GetLatestCheckpointAsync())!);
        Assert.True(latest.IsSignedBy(next.ToVerifier()));
        Assert.False(latest.IsSignedBy(ledger.Signer.ToVerifier()));
        Assert.True(SignedNote.Parse(before).IsSignedBy(ledger.Signer.ToVerifier()));

        var both = new LedgerVerifier(ledger.Store, published.Verifiers(), LedgerHarness.Origin);
        var result = await both.VerifyAsync();
        Assert.True(result.Ok, result.Message);
        Assert.True((await both.VerifyFromCheckpointAsync(before)).Ok);
        var newOnly = await new LedgerVerifier(ledger.Store, [next.ToVerifier()], LedgerHarness.Origin).VerifyAsync();
        Assert.Equal(1, newOnly.FirstBadCheckpoint);
        var oldOnly = await new LedgerVerifier(ledger.Store, [ledger.Signer.ToVerifier()], LedgerHarness.Origin).VerifyAsync();
        Assert.Equal(rotationBlock.TreeSize + 1, oldOnly.FirstBadCheckpoint);
    }

    [Fact]
    public async Task The_rotation_stores_the_new_keys_signature_on_its_own_tree_and_serving_signs_nothing()
    {
        await using var ledger = await LedgerHarness.CreateAsync();
        var published = await PublishedAsync(ledger, 3);
        var (rotated, next) = await RotateAsync(ledger, published);

        // Before the new key signs a block of its own, the newest tree is the rotation's: stored with both
        // signatures, so a client that knows only the new key can check it.
        var stored = SignedNote.Parse((await ledger.Reader.GetLatestCheckpointAsync())!);
        Assert.Equal(rotated.LedgerIndex + 1, Checkpoint.Parse(stored.Text).TreeSize);
        Assert.True(stored.IsSignedBy(ledger.Signer.ToVerifier()));
        Assert.True(stored.IsSignedBy(next.ToVerifier()));
        Assert.True((await new LedgerVerifier(ledger.Store, published.Verifiers(), LedgerHarness.Origin).VerifyAsync()).Ok);

        // A later tree signed by the retired key (an instance not yet restarted) stays as it was signed.
        await ledger.AppendOneByOneAsync(1);
        var later = SignedNote.Parse((await ledger.Reader.GetLatestCheckpointAsync())!);
        Assert.False(later.IsSignedBy(next.ToVerifier()));
    }

    [Fact]
    public async Task A_running_writer_signs_with_the_rotated_key_from_its_next_block()
    {
        await using var ledger = await LedgerHarness.CreateAsync();
        var published = await PublishedAsync(ledger, 2);
        var key = new SigningKey(ledger.Options.SigningKeyPath, published, ledger.Signer);
        await using var running = new LedgerWriter(ledger.Store, () => key.Current, ledger.Options, projectors: [new FundProjector()]);
        await running.AppendAsync(LedgerHarness.Draft(10));

        // Another process rotates the key; this instance is not restarted.
        var (_, next) = await RotateAsync(ledger, published);
        await running.AppendAsync(LedgerHarness.Draft(11));

        Assert.Equal(next.VerifierKey, key.Current.VerifierKey);
        var latest = SignedNote.Parse((await ledger.Reader.GetLatestCheckpointAsync())!);
        Assert.True(latest.IsSignedBy(next.ToVerifier()));
        Assert.False(latest.IsSignedBy(ledger.Signer.ToVerifier()));
        Assert.True((await new LedgerVerifier(ledger.Store, published.Verifiers(), LedgerHarness.Origin).VerifyAsync()).Ok);
    }

    [Fact]
    public async Task A_key_put_in_the_file_without_being_published_signs_nothing_and_nothing_is_appended()
    {
        await using var ledger = await LedgerHarness.CreateAsync();
        var published = await PublishedAsync(ledger, 2);
        var key = new SigningKey(ledger.Options.SigningKeyPath, published, ledger.Signer);
        await using var running = new LedgerWriter(ledger.Store, () => key.Current, ledger.Options, projectors: [new FundProjector()]);
        var swapped = new Ed25519NoteSigner(LedgerHarness.Origin, Ed25519Note.GenerateSeed());
        await File.WriteAllTextAsync(ledger.Options.SigningKeyPath, swapped.PrivateKeyText + "\n");
        File.SetLastWriteTimeUtc(ledger.Options.SigningKeyPath, DateTime.UtcNow.AddMinutes(1));

        var refusal = await Assert.ThrowsAnyAsync<Exception>(() => running.AppendAsync(LedgerHarness.Draft(10)));

        Assert.Contains("not among the published keys", refusal.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, await ledger.Reader.GetTreeSizeAsync());
        Assert.True((await new LedgerVerifier(ledger.Store, published.Verifiers(), LedgerHarness.Origin).VerifyAsync()).Ok);
    }

    [Fact]
    public async Task A_key_signs_only_the_trees_after_the_rotation_that_introduced_it()
    {
        await using var ledger = await LedgerHarness.CreateAsync();
        var published = await PublishedAsync(ledger, 4);
        var (rotated, next) = await RotateAsync(ledger, published);
        await using (var writer = new LedgerWriter(ledger.Store, next, ledger.Options, projectors: [new FundProjector()]))
        {
            await writer.AppendAsync(LedgerHarness.Draft(100));
        }
        var rotationSize = (await ledger.Reader.GetBlockAsync(rotated.BlockHeight))!.TreeSize;
        Assert.True((await new LedgerVerifier(ledger.Store, published.Verifiers(), LedgerHarness.Origin).VerifyAsync()).Ok);

        // Whoever holds the new key later re-signs history from before it: the same trees, signed by a key the
        // ledger had not yet rotated to.
        var early = await ResignAsync(ledger, 2, next);
        var result = await new LedgerVerifier(ledger.Store, published.Verifiers(), LedgerHarness.Origin).VerifyAsync();
        Assert.Equal(2, result.FirstBadCheckpoint);
        Assert.Contains("had not rotated to", result.Message, StringComparison.Ordinal);
        await SetCheckpointNoteAsync(ledger, 2, early);

        // The block recording the rotation is the old key's to sign.
        var rotation = await ResignAsync(ledger, rotationSize, next);
        result = await new LedgerVerifier(ledger.Store, published.Verifiers(), LedgerHarness.Origin).VerifyAsync();
        Assert.Equal(rotationSize, result.FirstBadCheckpoint);
        Assert.Contains("the previous key", result.Message, StringComparison.Ordinal);
        await SetCheckpointNoteAsync(ledger, rotationSize, rotation);

        // A key published beside the others without a rotation in the ledger signs nothing.
        var stranger = new Ed25519NoteSigner(LedgerHarness.Origin, Ed25519Note.GenerateSeed());
        await ResignAsync(ledger, rotationSize + 1, stranger);
        result = await new LedgerVerifier(ledger.Store, [.. published.Verifiers(), stranger.ToVerifier()], LedgerHarness.Origin).VerifyAsync();
        Assert.Equal(rotationSize + 1, result.FirstBadCheckpoint);
        Assert.Contains("had not rotated to", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verifying_from_a_saved_checkpoint_checks_the_rotations_recorded_before_it()
    {
        await using var ledger = await LedgerHarness.CreateAsync();
        var published = await PublishedAsync(ledger, 3);
        var (rotated, _) = await RotateAsync(ledger, published);
        await ledger.AppendOneByOneAsync(2);
        var saved = (await ledger.Reader.GetLatestCheckpointAsync())!;
        var verifier = new LedgerVerifier(ledger.Store, published.Verifiers(), LedgerHarness.Origin);
        Assert.True((await verifier.VerifyFromCheckpointAsync(saved)).Ok);

        // The rotation lies before the saved checkpoint, so its row is not re-hashed with what follows: an edit that
        // names another new key is caught all the same.
        var stranger = new Ed25519NoteSigner(LedgerHarness.Origin, Ed25519Note.GenerateSeed());
        var payload = new KeyRotationPayload(rotated.PreviousKey, stranger.VerifierKey).ToJson();
        await ledger.ExecuteAsync("UPDATE \"LedgerEntries\" SET \"Payload\" = {0} WHERE \"Index\" = {1}", payload, rotated.LedgerIndex);

        var result = await verifier.VerifyFromCheckpointAsync(saved);
        Assert.False(result.Ok);
        Assert.Equal(rotated.LedgerIndex, result.FirstBadIndex);
    }

    /// <summary>Replaces the stored checkpoint of a tree with the same text signed by another key; returns the original.</summary>
    private static async Task<string> ResignAsync(LedgerHarness ledger, long treeSize, INoteSigner signer)
    {
        await using var db = ledger.Store.CreateContext();
        var original = (await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Checkpoints, c => c.TreeSize == treeSize)).Note;
        await SetCheckpointNoteAsync(ledger, treeSize, SignedNote.Sign(SignedNote.Parse(original).Text, signer).ToString());
        return original;
    }

    /// <summary>Writes a checkpoint row's note, as an attacker with database access would.</summary>
    private static Task SetCheckpointNoteAsync(LedgerHarness ledger, long treeSize, string note) =>
        ledger.ExecuteAsync("UPDATE \"Checkpoints\" SET \"Note\" = {0} WHERE \"TreeSize\" = {1}", note, treeSize);

    private static Task<PublishedKeys> PublishedAsync(LedgerHarness ledger, int entries) => ledger.PublishAndAppendAsync(entries);

    private static Task<(KeyRotated Rotated, Ed25519NoteSigner Next)> RotateAsync(LedgerHarness ledger, PublishedKeys published) => ledger.RotateKeyAsync(published);

    [Fact]
    public void A_signing_key_that_was_never_published_is_refused()
    {
        using var directory = new TempDirectory();
        var published = new PublishedKeys(directory.File("keys.txt"));
        var first = new Ed25519NoteSigner(LedgerHarness.Origin, Ed25519Note.GenerateSeed());
        published.EnsurePublished(first);
        published.EnsurePublished(first);
        Assert.Equal([first.VerifierKey], published.Read());

        var swapped = new Ed25519NoteSigner(LedgerHarness.Origin, Ed25519Note.GenerateSeed());
        var refusal = Assert.Throws<InvalidOperationException>(() => published.EnsurePublished(swapped));
        Assert.Contains("rotate-key", refusal.Message, StringComparison.Ordinal);
    }
}
