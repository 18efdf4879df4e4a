using System.Net.Http.Json;
using System.Text.Json;
using Portal.Ledger.Chain.Checkpoints;
using Portal.Ledger.Witnessing;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Web;

/// <summary>
/// A portal with a witness policy submits its checkpoints to a real witness (the `witness` command, over real HTTP),
/// serves them with the cosignatures it verified, publishes the policy and shows how many witnesses cosigned. Two
/// portals on forked copies of one database, signing with the same key, cannot both be witnessed.
/// </summary>
public sealed class WitnessedPortalTests
{
    [Fact]
    public async Task Checkpoints_are_served_with_the_witness_cosignature_and_a_fork_is_never_cosigned()
    {
        using var directory = new TempDirectory();
        var environment = await SeededTemplate.EnvironmentAsync(directory.Path);
        var portalKey = SigningKeyFile.LoadOrCreate(environment["Ledger__SigningKeyPath"], environment["Ledger__Origin"]);
        using var witnessFolder = new TempDirectory();
        await using var witness = await WitnessServer.StartAsync(witnessFolder.Path, [portalKey.VerifierKey]);
        var cosigner = CosignatureVerifier.Parse(witness.VerifierKey);
        var policy = Path.Combine(directory.Path, "witness-policy.txt");
        await File.WriteAllTextAsync(policy, $"# the test's one witness\nwitness w1 {witness.VerifierKey} {witness.BaseAddress}\nquorum w1\n");
        environment["Ledger__WitnessPolicyPath"] = policy;

        await using var portal = await PortalServer.StartAsync(environment);
        Assert.Equal(await File.ReadAllTextAsync(policy), await portal.Client.GetStringAsync("/api/ledger/witness-policy"));
        var first = await CosignedCheckpointAsync(portal, cosigner);
        Assert.NotNull(first);

        // A later checkpoint is cosigned too: the portal sends the proof from the size the witness last cosigned.
        await portal.FileRequestAsync("Witnessed");
        var size = await portal.TreeSizeAsync();
        var later = await CosignedCheckpointAsync(portal, cosigner, size);
        Assert.NotNull(later);
        Assert.Contains("Witnessed by 1 of 1 witnesses", await portal.Client.GetStringAsync("/"), StringComparison.Ordinal);
        // The visitor's browser counts the cosignatures itself, against the published policy.
        await using var browser = await BrowserSession.StartAsync();
        var witnessed = await RecordCheckAsync(browser, portal);
        Assert.Contains("checks passed", witnessed, StringComparison.Ordinal);
        Assert.Contains("Witnessed by 1 of 1 witnesses: the quorum of the portal's witness policy cosigned this checkpoint.", witnessed, StringComparison.Ordinal);
        Assert.Contains("The witness quorum is met.", await portal.Client.GetStringAsync("/verify"), StringComparison.Ordinal);
        // A monitor holding the portal to the same policy finds the quorum's cosignature and the log intact.
        using var monitorState = new TempDirectory();
        var monitored = await MonitorRun.RunAsync(portal, monitorState.Path, "--policy", policy);
        Assert.True(monitored.ExitCode == 0, monitored.Output + monitored.Error);
        Assert.Contains("witnessed by 1 of 1 (w1), quorum met", monitored.Output, StringComparison.Ordinal);
        // The portal recorded the policy it serves in the ledger when it started; the monitor reads it there.
        Assert.Contains($"records a new policy, SHA-256 {WitnessPolicyLog.Hash(await File.ReadAllTextAsync(policy))} (the policy this monitor holds it to).", monitored.Output, StringComparison.Ordinal);

        // A fork: a copy of the database, run by a second portal with the same key and policy. Both append a block
        // of their own at the same size; the witness cosigns the first and never the other.
        var forkEnvironment = await PortalServer.ForkAsync(environment, Path.Combine(directory.Path, "fork"));
        await using var fork = await PortalServer.StartAsync(forkEnvironment);
        await portal.FileRequestAsync("Witnessed");
        var genuineSize = await portal.TreeSizeAsync();
        Assert.NotNull(await CosignedCheckpointAsync(portal, cosigner, genuineSize));

        await fork.FileRequestAsync("Witnessed");
        var forkSize = await fork.TreeSizeAsync();
        Assert.Equal(genuineSize, forkSize);
        Assert.NotEqual(await portal.Client.GetStringAsync("/api/ledger/checkpoint"), await fork.Client.GetStringAsync("/api/ledger/checkpoint"));
        // Once the witness has refused the fork's checkpoint, it carries no cosignature, and its pages say so.
        await fork.LogLineAsync($"Witness w1 answered 422 for tree size {forkSize}");
        Assert.Null(await CosignedCheckpointAsync(fork, cosigner, forkSize, TimeSpan.Zero));
        // Its records still verify, with a visible warning: no witness vouches that others see the same ledger.
        var unwitnessed = await RecordCheckAsync(browser, fork);
        Assert.Contains("checks passed", unwitnessed, StringComparison.Ordinal);
        Assert.Contains("Witnessed by 0 of 1 witnesses: fewer than the policy's quorum", unwitnessed, StringComparison.Ordinal);
        // A monitor holding it to the policy does not accept it.
        using var forkState = new TempDirectory();
        var refused = await MonitorRun.RunAsync(fork, forkState.Path, "--policy", policy, "--quorum-wait", "2");
        Assert.True(refused.ExitCode == 1, refused.Output + refused.Error);
        Assert.Contains($"DISCREPANCY: Checkpoint {forkSize:N0} is witnessed by 0 of 1, quorum not met: the policy's quorum did not cosign a newest checkpoint within 2 s.", refused.Error, StringComparison.Ordinal);
    }

    private static async Task<string> RecordCheckAsync(BrowserSession browser, PortalServer portal)
    {
        var id = (await portal.Client.GetFromJsonAsync<JsonElement>("/api/disbursements?limit=1")).GetProperty("items")[0].GetProperty("id").GetInt64();
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(portal.BaseAddress, $"/disbursements/{id}").ToString());
        return await RecordCheck.RunAsync(page);
    }

    /// <summary>The portal's checkpoint once it carries the witness's valid cosignature (of at least a size), or null.</summary>
    private static async Task<SignedNote?> CosignedCheckpointAsync(PortalServer portal, CosignatureVerifier cosigner, long atLeast = 1, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(30));
        do
        {
            var note = SignedNote.Parse(await portal.Client.GetStringAsync("/api/ledger/checkpoint"));
            var size = Checkpoint.Parse(note.Text).TreeSize;
            if (size >= atLeast && note.Signatures.Any(s => cosigner.Verify(note.Text, s, out _)))
            {
                return note;
            }
            await Task.Delay(200);
        }
        while (DateTime.UtcNow < deadline);
        return null;
    }
}
