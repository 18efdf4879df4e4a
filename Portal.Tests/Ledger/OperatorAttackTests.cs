using Portal.Ledger.Chain;
using Portal.Ledger.Chain.Checkpoints;
using Portal.Ledger.Chain.Merkle;
using Portal.Ledger.Chain.Verifying;
using Portal.Ledger.Chain.Writing;
using Portal.Ledger.Funds;
using Portal.Ledger.Storage;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Ledger;

/// <summary>
/// Attacks by the operator: whoever can write the database (and, where said, holds a key), on a real database
/// written behind the portal's back, each checked the way an auditor checks it, with the real `verify` command.
/// </summary>
public sealed class OperatorAttackTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task A_rewritten_tail_whose_checkpoints_were_deleted_fails_at_the_first_unsigned_block(DatabaseProvider provider)
    {
        await using var ledger = await LedgerHarness.CreateAsync(provider);
        await ledger.AppendOneByOneAsync(6);
        Assert.True((await VerifyCommandAsync(ledger)).ExitCode == 0);

        // Roll back from block 3 (entry 3 on), append other entries in their place, and drop the checkpoints the
        // rewrite produced: entries, nodes and headers are all consistent again, and none of them is keyed.
        await StoredLedger.RollBackAsync(ledger.Store, height: 3, firstIndex: 3);
        await using (var rewriter = new LedgerWriter(ledger.Store, Stranger(), ledger.Options, projectors: [new FundProjector()]))
        {
            for (var n = 0; n < 3; n++)
            {
                await rewriter.AppendAsync(LedgerHarness.Draft(900 + n));
            }
        }
        await ledger.ExecuteAsync("DELETE FROM \"Checkpoints\" WHERE \"TreeSize\" > 3");

        var result = await ledger.Verifier.VerifyAsync();
        Assert.False(result.Ok);
        Assert.Equal(3, result.FirstBadHeight);
        Assert.Contains("Block 3 has no checkpoint", result.Message, StringComparison.Ordinal);
        await VerifyCommandFailsAsync(ledger, "height 3");
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Rows_beyond_the_head_block_fail_verification_and_are_never_served(DatabaseProvider provider)
    {
        await using var ledger = await LedgerHarness.CreateAsync(provider);
        await ledger.AppendOneByOneAsync(5);
        var headCheckpoint = await ledger.Reader.GetLatestCheckpointAsync();

        // The head block's row is removed: its entry, nodes and checkpoint stay behind, beyond the new head.
        await ledger.ExecuteAsync("DELETE FROM \"LedgerBlocks\" WHERE \"Height\" = 4");

        var result = await ledger.Verifier.VerifyAsync();
        Assert.False(result.Ok);
        Assert.Equal(4, result.FirstBadIndex);
        Assert.Contains("beyond the head", result.Message, StringComparison.Ordinal);
        Assert.Null(await ledger.Reader.GetEntryAsync(4));
        Assert.Empty(await ledger.Reader.GetEntriesAsync(4, 10));
        Assert.NotEqual(headCheckpoint, await ledger.Reader.GetLatestCheckpointAsync());
        Assert.StartsWith($"{LedgerHarness.Origin}\n4\n", await ledger.Reader.GetLatestCheckpointAsync(), StringComparison.Ordinal);

        // Entry and nodes gone too: the checkpoint of the rolled-back tree is the evidence that remains.
        await ledger.ExecuteAsync("DELETE FROM \"LedgerEntries\" WHERE \"Index\" = 4");
        await ledger.ExecuteAsync($"DELETE FROM \"MerkleNodes\" WHERE \"Id\" >= {NodeRef.InteriorNodesBefore(4)}");
        result = await ledger.Verifier.VerifyAsync();
        Assert.Equal(5, result.FirstBadCheckpoint);
        await VerifyCommandFailsAsync(ledger, "tree size 5");
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task An_orphan_rotation_from_an_unpublished_key_gets_no_signature_by_the_genuine_key(DatabaseProvider provider)
    {
        await using var ledger = await LedgerHarness.CreateAsync(provider);
        await ledger.PublishAndAppendAsync(4);

        // The attacker's key signs a block whose entry claims a rotation from it to the genuine key. The portal
        // used to co-sign such a tree on request with the genuine key.
        var attacker = Stranger();
        await using (var forger = new LedgerWriter(ledger.Store, attacker, ledger.Options, projectors: [new FundProjector()]))
        {
            await forger.AppendAsync(new EntryDraft(KeyRotation.Kind, "operator:mallory", new KeyRotationPayload(attacker.VerifierKey, ledger.Signer.VerifierKey).ToJson()));
        }

        var served = SignedNote.Parse((await ledger.Reader.GetLatestCheckpointAsync())!);
        Assert.False(served.IsSignedBy(ledger.Signer.ToVerifier()));
        var command = await VerifyCommandFailsAsync(ledger, "index 4");
        Assert.Contains("not allowed to sign", command.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task A_rotation_from_a_key_to_itself_is_refused_and_cannot_reopen_history(DatabaseProvider provider)
    {
        await using var ledger = await LedgerHarness.CreateAsync(provider);
        var published = await ledger.PublishAndAppendAsync(3);
        var (rotated, next) = await ledger.RotateKeyAsync(published);

        // Whoever holds the new key records a rotation from it to itself, then re-signs history before the genuine
        // rotation with it.
        long selfRotation;
        await using (var holder = new LedgerWriter(ledger.Store, next, ledger.Options, projectors: [new FundProjector()]))
        {
            await holder.AppendAsync(LedgerHarness.Draft(100));
            selfRotation = (await holder.AppendAsync(new EntryDraft(KeyRotation.Kind, "operator:mallory", new KeyRotationPayload(next.VerifierKey, next.VerifierKey).ToJson()))).Index;
        }
        await ResignAsync(ledger, 2, next);

        var result = await new LedgerVerifier(ledger.Store, published.Verifiers(), LedgerHarness.Origin).VerifyAsync();
        Assert.False(result.Ok);
        // History is checked in order: the re-signed tree fails first, and without it the self-rotation itself.
        Assert.Equal(2, result.FirstBadCheckpoint);
        await ResignAsync(ledger, 2, ledger.Signer);
        result = await new LedgerVerifier(ledger.Store, published.Verifiers(), LedgerHarness.Origin).VerifyAsync();
        Assert.Equal(selfRotation, result.FirstBadIndex);
        Assert.Contains("to itself", result.Message, StringComparison.Ordinal);
        Assert.True(rotated.LedgerIndex < selfRotation);
        await VerifyCommandFailsAsync(ledger, $"index {selfRotation}");
    }

    [Fact]
    public async Task A_retired_key_may_not_sign_once_its_successor_has()
    {
        await using var ledger = await LedgerHarness.CreateAsync();
        var published = await ledger.PublishAndAppendAsync(3);
        var (_, next) = await ledger.RotateKeyAsync(published);
        var verifier = new LedgerVerifier(ledger.Store, published.Verifiers(), LedgerHarness.Origin);

        // An instance not yet restarted signs with the retired key: allowed until the new key signs.
        await ledger.AppendOneByOneAsync(1);
        await using (var restarted = new LedgerWriter(ledger.Store, next, ledger.Options, projectors: [new FundProjector()]))
        {
            await restarted.AppendAsync(LedgerHarness.Draft(100));
        }
        Assert.True((await verifier.VerifyAsync()).Ok);

        // The retired key, stolen later, signs a tree after the one its successor signed.
        await using (var thief = new LedgerWriter(ledger.Store, ledger.Signer, ledger.Options, projectors: [new FundProjector()]))
        {
            await thief.AppendAsync(LedgerHarness.Draft(101));
        }
        var result = await verifier.VerifyAsync();
        Assert.Equal(7, result.FirstBadCheckpoint);
        Assert.Contains("retired", result.Message, StringComparison.Ordinal);
    }

    private static Ed25519NoteSigner Stranger() => new(LedgerHarness.Origin, Ed25519Note.GenerateSeed());

    /// <summary>Replaces the stored checkpoint of a tree with the same text signed by another key.</summary>
    private static async Task ResignAsync(LedgerHarness ledger, long treeSize, INoteSigner signer)
    {
        await using var db = ledger.Store.CreateContext();
        var original = db.Checkpoints.Single(c => c.TreeSize == treeSize).Note;
        await ledger.ExecuteAsync("UPDATE \"Checkpoints\" SET \"Note\" = {0} WHERE \"TreeSize\" = {1}", SignedNote.Sign(SignedNote.Parse(original).Text, signer).ToString(), treeSize);
    }

    /// <summary>Runs the `verify` command, asserts it fails naming the place, and returns its output for further checks.</summary>
    private static async Task<ChildProcess.Result> VerifyCommandFailsAsync(LedgerHarness ledger, string place)
    {
        var command = await VerifyCommandAsync(ledger);
        Assert.Equal(1, command.ExitCode);
        Assert.Contains(place, command.Error, StringComparison.Ordinal);
        return command;
    }

    /// <summary>The operator's own `verify` command, run as an auditor runs it against this database and key folder.</summary>
    private static Task<ChildProcess.Result> VerifyCommandAsync(LedgerHarness ledger)
    {
        if (ledger.Database.Options.Provider == DatabaseProvider.Sqlite)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
        return ChildProcess.RunAsync(SolutionPaths.WebDll, ["verify"], PortalServer.EnvironmentFor(ledger.Database.Options, ledger.Database.Directory, seedDemo: false));
    }
}
