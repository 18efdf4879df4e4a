using Portal.Tests.Infrastructure;

namespace Portal.Tests.Web;

/// <summary>
/// A fork between two monitor runs: the monitor verified the genuine portal; its operator then serves a copy of an
/// earlier database that went on with other entries, signed with the same key. The second run reports the fork and
/// keeps both signed checkpoints as evidence, and its state stays at the genuine checkpoint.
/// </summary>
public sealed class MonitorForkTests
{
    [Fact]
    public async Task A_fork_between_two_runs_is_reported_with_both_checkpoints()
    {
        using var directory = new TempDirectory();
        var environment = await SeededTemplate.EnvironmentAsync(directory.Path);
        await using var genuine = await PortalServer.StartAsync(environment);
        var forkEnvironment = await PortalServer.ForkAsync(environment, Path.Combine(directory.Path, "fork"));

        await genuine.FileRequestAsync("Genuine");
        using var state = new TempDirectory();
        var first = await MonitorRun.RunAsync(genuine, state.Path);
        Assert.True(first.ExitCode == 0, first.Output + first.Error);
        var verified = await File.ReadAllTextAsync(Path.Combine(state.Path, "checkpoint"));
        var verifiedSize = await genuine.TreeSizeAsync();

        // The copy goes on without the genuine request and grows past the size the monitor verified.
        await using var fork = await PortalServer.StartAsync(forkEnvironment);
        await fork.FileRequestAsync("Forked");
        await fork.FileRequestAsync("Forked again");
        Assert.True(await fork.TreeSizeAsync() > verifiedSize);

        var second = await MonitorRun.RunAsync(fork, state.Path);
        Assert.True(second.ExitCode == 1, second.Output + second.Error);
        Assert.Contains($"DISCREPANCY: FORK: checkpoint {await fork.TreeSizeAsync():N0} does not extend checkpoint {verifiedSize:N0} verified", second.Error, StringComparison.Ordinal);
        var evidence = Assert.Single(MonitorRun.Evidence(state.Path));
        Assert.Equal(verified, await File.ReadAllTextAsync(Path.Combine(evidence, $"verified-checkpoint-{verifiedSize}")));
        Assert.Equal(await fork.Client.GetStringAsync("/api/ledger/checkpoint"), await File.ReadAllTextAsync(Path.Combine(evidence, $"checkpoint-{await fork.TreeSizeAsync()}")));
        // The state still vouches for the genuine checkpoint: the genuine portal still holds.
        Assert.Equal(verified, await File.ReadAllTextAsync(Path.Combine(state.Path, "checkpoint")));
        var third = await MonitorRun.RunAsync(genuine, state.Path);
        Assert.True(third.ExitCode == 0, third.Output + third.Error);
    }
}
