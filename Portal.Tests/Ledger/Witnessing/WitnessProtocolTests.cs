using System.Net;
using Portal.Ledger.Chain;
using Portal.Ledger.Chain.Checkpoints;
using Portal.Ledger.Chain.Writing;
using Portal.Ledger.Witnessing;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Ledger.Witnessing;

/// <summary>
/// The `witness` command speaks C2SP tlog-witness v1.0.0 over real HTTP to a real ledger's checkpoints: every answer
/// the contract names, its cosignatures verify under the key it prints, its state survives a restart, and it never
/// cosigns two inconsistent checkpoints of one log (two forks of one ledger cannot both be witnessed).
/// </summary>
public sealed class WitnessProtocolTests
{
    [Fact]
    public async Task Every_answer_of_add_checkpoint_is_the_one_the_specification_names()
    {
        await using var ledger = await LedgerHarness.CreateAsync();
        using var directory = new TempDirectory();
        await ledger.AppendOneByOneAsync(5);
        var five = await ledger.Reader.GetLatestCheckpointAsync();
        await using var witness = await WitnessServer.StartAsync(directory.Path, [ledger.Signer.VerifierKey]);
        var cosigner = CosignatureVerifier.Parse(witness.VerifierKey);

        // Unknown origin: 404. Not signed by the log's key: 403.
        var stranger = new Ed25519NoteSigner("other.example/log", Ed25519Note.GenerateSeed());
        Assert.Equal(HttpStatusCode.NotFound, (await witness.AddCheckpointAsync(0, [], Resign(five!, stranger, "other.example/log"))).StatusCode);
        var forged = new Ed25519NoteSigner(LedgerHarness.Origin, Ed25519Note.GenerateSeed());
        Assert.Equal(HttpStatusCode.Forbidden, (await witness.AddCheckpointAsync(0, [], Resign(five!, forged, LedgerHarness.Origin))).StatusCode);
        var tampered = five!.Replace("\n5\n", "\n6\n", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await witness.AddCheckpointAsync(0, [], tampered)).StatusCode);
        // Old size above the checkpoint's: 400. A proof from old size 0: 422.
        Assert.Equal(HttpStatusCode.BadRequest, (await witness.AddCheckpointAsync(6, [], five)).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await witness.AddCheckpointAsync(0, [new byte[32]], five)).StatusCode);
        // A malformed body: 400.
        using var malformed = await witness.Client.PostAsync("add-checkpoint", new StringContent("old 01\n\n" + five));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);

        // First contact from size 0: cosigned, and the cosignature verifies under the key the witness printed.
        var first = await witness.AddCheckpointAsync(0, [], five);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.True(cosigner.Verify(SignedNote.Parse(five).Text, CosignatureLine(five, await first.Content.ReadAsStringAsync()), out _));

        // Not the size it last cosigned: 409 with its size.
        await ledger.AppendOneByOneAsync(3);
        var eight = (await ledger.Reader.GetLatestCheckpointAsync())!;
        var conflict = await witness.AddCheckpointAsync(0, [], eight);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal("text/x.tlog.size", conflict.Content.Headers.ContentType?.MediaType);
        Assert.Equal("5\n", await conflict.Content.ReadAsStringAsync());

        // A proof that does not verify: 422; the right one: 200.
        var proof = (await ledger.Reader.GetConsistencyProofAsync(5, 8)).Path;
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await witness.AddCheckpointAsync(5, [.. proof.Take(proof.Count - 1), new byte[32]], eight)).StatusCode);
        var next = await witness.AddCheckpointAsync(5, proof, eight);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.True(cosigner.Verify(SignedNote.Parse(eight).Text, CosignatureLine(eight, await next.Content.ReadAsStringAsync()), out _));

        // The same size again: cosigned again if the root is the same; 422 with another root.
        Assert.Equal(HttpStatusCode.OK, (await witness.AddCheckpointAsync(8, [], eight)).StatusCode);
        var otherRoot = ledger.Signer.SignedCheckpoint(new Checkpoint(LedgerHarness.Origin, 8, new byte[32]));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await witness.AddCheckpointAsync(8, [], otherRoot)).StatusCode);

        // Too large a body is refused before it is read.
        using var large = await witness.Client.PostAsync("add-checkpoint", new StringContent(new string('a', Witness.MaxBodyBytes + 1)));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);
    }

    [Fact]
    public async Task A_restarted_witness_keeps_its_key_and_state_and_cosigns_only_one_of_two_forks()
    {
        await using var ledger = await LedgerHarness.CreateAsync();
        using var directory = new TempDirectory();
        await ledger.AppendOneByOneAsync(4);
        var four = (await ledger.Reader.GetLatestCheckpointAsync())!;
        string key;
        Uri address;
        await using (var witness = await WitnessServer.StartAsync(directory.Path, [ledger.Signer.VerifierKey]))
        {
            Assert.Equal(HttpStatusCode.OK, (await witness.AddCheckpointAsync(0, [], four)).StatusCode);
            key = witness.VerifierKey;
            address = witness.BaseAddress;
        }

        await using var restarted = await WitnessServer.StartAsync(directory.Path, [ledger.Signer.VerifierKey], address);
        Assert.Equal(key, restarted.VerifierKey);
        var size = await restarted.AddCheckpointAsync(0, [], four);
        Assert.Equal(HttpStatusCode.Conflict, size.StatusCode);
        Assert.Equal("4\n", await size.Content.ReadAsStringAsync());

        // Two forks from size 4, both signed by the log's key: whichever comes first is cosigned, the other never.
        await ledger.AppendOneByOneAsync(2);
        var genuine = (await ledger.Reader.GetLatestCheckpointAsync())!;
        var genuineProof = (await ledger.Reader.GetConsistencyProofAsync(4, 6)).Path;
        await StoredLedger.RollBackAsync(ledger.Store, height: 4, firstIndex: 4);
        await using (var rewriter = new LedgerWriter(ledger.Store, ledger.Signer, ledger.Options))
        {
            await rewriter.AppendAsync(LedgerHarness.Draft(900));
            await rewriter.AppendAsync(LedgerHarness.Draft(901));
        }
        var fork = (await ledger.Reader.GetLatestCheckpointAsync())!;
        var forkProof = (await ledger.Reader.GetConsistencyProofAsync(4, 6)).Path;
        Assert.NotEqual(genuine, fork);

        Assert.Equal(HttpStatusCode.OK, (await restarted.AddCheckpointAsync(4, forkProof, fork)).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await restarted.AddCheckpointAsync(6, [], genuine)).StatusCode);
        var stale = await restarted.AddCheckpointAsync(4, genuineProof, genuine);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal("6\n", await stale.Content.ReadAsStringAsync());
    }

    private static NoteSignature CosignatureLine(string checkpoint, string response)
    {
        Assert.StartsWith("— ", response, StringComparison.Ordinal);
        Assert.EndsWith("\n", response, StringComparison.Ordinal);
        return Assert.Single(SignedNote.Parse(checkpoint + response).Signatures, s => !s.Name.Equals(LedgerHarness.Origin, StringComparison.Ordinal));
    }

    private static string Resign(string note, Ed25519NoteSigner signer, string origin)
    {
        var checkpoint = Checkpoint.Parse(SignedNote.Parse(note).Text);
        return SignedNote.Sign((checkpoint with { Origin = origin }).ToNoteText(), signer).ToString();
    }
}

internal static class SignerExtensions
{
    /// <summary>A checkpoint signed by this key, as a log holding it could sign any tree it liked.</summary>
    public static string SignedCheckpoint(this Ed25519NoteSigner signer, Checkpoint checkpoint) => SignedNote.Sign(checkpoint.ToNoteText(), signer).ToString();
}
