using System.Net;
using Portal.Ledger.Chain.Checkpoints;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Web.Operations;

/// <summary>`rotate-key` as an operator runs it, and what auditors see afterwards over HTTP.</summary>
public sealed class KeyRotationCommandTests
{
    [Fact]
    public async Task After_a_rotation_the_old_key_stays_published_and_old_checkpoints_still_verify()
    {
        using var directory = new TempDirectory();
        var environment = await SeededTemplate.EnvironmentAsync(directory.Path);
        string saved, oldKey;
        await using (var server = await PortalServer.StartAsync(environment))
        {
            saved = await server.Client.GetStringAsync("/api/ledger/checkpoint");
            oldKey = (await server.Client.GetStringAsync("/api/ledger/public-key")).Trim();
            Assert.Equal(oldKey + "\n", await server.Client.GetStringAsync("/api/ledger/public-keys"));
        }

        var rotation = await ChildProcess.RunAsync(SolutionPaths.WebDll, ["rotate-key"], environment);
        Assert.True(rotation.ExitCode == 0, rotation.Output + rotation.Error);
        Assert.Contains("stays published", rotation.Output, StringComparison.Ordinal);

        await using (var server = await PortalServer.StartAsync(environment))
        {
            var newKey = (await server.Client.GetStringAsync("/api/ledger/public-key")).Trim();
            Assert.NotEqual(oldKey, newKey);
            Assert.Equal($"{oldKey}\n{newKey}\n", await server.Client.GetStringAsync("/api/ledger/public-keys"));
            using var official = await PortalClient.SignInAsync(server, "official");
            using var filed = await official.PostAsync("/api/requests", new { fundId = 1, program = "education", region = "520102", amount = 1_000m, purpose = "Filed under the new key", beneficiaries = 1 });
            Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
            var latest = SignedNote.Parse(await server.Client.GetStringAsync("/api/ledger/checkpoint"));
            Assert.True(latest.IsSignedBy(Ed25519Note.ParseVerifierKey(newKey)));
            Assert.True(SignedNote.Parse(saved).IsSignedBy(Ed25519Note.ParseVerifierKey(oldKey)));
        }

        var savedFile = directory.File("saved.checkpoint");
        await File.WriteAllTextAsync(savedFile, saved);
        foreach (var command in new[] { new[] { "verify" }, ["verify", "--checkpoint", savedFile] })
        {
            var result = await ChildProcess.RunAsync(SolutionPaths.WebDll, command, environment);
            Assert.True(result.ExitCode == 0, $"{string.Join(' ', command)}: {result.Output}{result.Error}");
        }
    }

    [Fact]
    public async Task A_portal_refuses_to_start_with_a_signing_key_swapped_behind_the_ledger()
    {
        using var directory = new TempDirectory();
        var environment = PortalServer.SqliteEnvironment(directory.Path, seedDemo: false);
        Assert.Equal(0, (await ChildProcess.RunAsync(SolutionPaths.WebDll, ["verify"], environment)).ExitCode);
        var stranger = new Ed25519NoteSigner("test.portal.example/ledger", Ed25519Note.GenerateSeed());
        await File.WriteAllTextAsync(environment["Ledger__SigningKeyPath"], stranger.PrivateKeyText + "\n");

        var refused = await ChildProcess.RunAsync(SolutionPaths.WebDll, ["verify"], environment);

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("is not among the published keys", refused.Output + refused.Error, StringComparison.Ordinal);
    }
}
