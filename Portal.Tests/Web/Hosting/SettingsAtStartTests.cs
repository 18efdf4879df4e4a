using Portal.Tests.Infrastructure;

namespace Portal.Tests.Web.Hosting;

/// <summary>Settings are checked when the portal starts: a wrong one stops it with its key named, before it serves anyone.</summary>
public sealed class SettingsAtStartTests
{
    [Theory]
    [InlineData("Live__PollMilliseconds", "5", "Live:PollMilliseconds")]
    [InlineData("Live__SendTimeoutSeconds", "-1", "Live:SendTimeoutSeconds")]
    [InlineData("Demo__SimulateIntervalMs", "10", "Demo:SimulateIntervalMs")]
    [InlineData("RateLimits__ApiBurst", "-3", "RateLimits")]
    [InlineData("ForwardedHeaders__KnownProxies__0", "proxy.example", "ForwardedHeaders:KnownProxies")]
    public async Task A_setting_out_of_range_stops_the_portal_at_start_naming_its_key(string variable, string value, string key)
    {
        using var directory = new TempDirectory();
        var environment = PortalServer.SqliteEnvironment(directory.Path, seedDemo: false);
        environment[variable] = value;
        environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";

        var run = await ChildProcess.RunAsync(SolutionPaths.WebDll, [], environment, TimeSpan.FromMinutes(1));

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains(key, run.Output + run.Error, StringComparison.Ordinal);
    }
}
