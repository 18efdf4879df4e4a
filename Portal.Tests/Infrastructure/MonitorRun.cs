namespace Portal.Tests.Infrastructure;

/// <summary>The portal executable's `monitor` command as a real process, reading a real portal over HTTP.</summary>
public static class MonitorRun
{
    public static async Task<ChildProcess.Result> RunAsync(PortalServer portal, string state, params string[] more)
    {
        var key = await portal.Client.GetStringAsync("/api/ledger/public-key");
        return await ChildProcess.RunAsync(SolutionPaths.WebDll, ["monitor", "--url", portal.BaseAddress.ToString(), "--key", key, "--state", state, .. more]);
    }

    /// <summary>The evidence folders a failed run left, newest last.</summary>
    public static IReadOnlyList<string> Evidence(string state) =>
        Directory.Exists(Path.Combine(state, "evidence")) ? [.. Directory.GetDirectories(Path.Combine(state, "evidence")).Order()] : [];
}
