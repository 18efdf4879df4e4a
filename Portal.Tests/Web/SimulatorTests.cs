using System.Globalization;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Web;

public sealed class SimulatorTests
{
    [Fact]
    public async Task With_Demo_Simulate_the_ledger_keeps_growing_and_stays_verifiable()
    {
        using var directory = new TempDirectory();
        var environment = await SeededTemplate.EnvironmentAsync(directory.Path);
        environment["Demo__Simulate"] = "true";
        environment["Demo__SimulateIntervalMs"] = "250";
        long start, now;
        await using (var server = await PortalServer.StartAsync(environment))
        {
            start = await SizeAsync(server);
            var deadline = DateTime.UtcNow.AddSeconds(30);
            do
            {
                await Task.Delay(500);
                now = await SizeAsync(server);
            }
            while (now < start + 10 && DateTime.UtcNow < deadline);
        }
        Assert.True(now >= start + 10, $"The ledger grew from {start} to {now} entries only.");
        var verify = await ChildProcess.RunAsync(SolutionPaths.WebDll, ["verify"], environment);
        Assert.True(verify.ExitCode == 0, verify.Error);
        var rebuild = await ChildProcess.RunAsync(SolutionPaths.WebDll, ["rebuild-projections", "--check"], environment);
        Assert.True(rebuild.ExitCode == 0, rebuild.Error);
    }

    private static async Task<long> SizeAsync(PortalServer server) =>
        long.Parse((await server.Client.GetStringAsync("/api/ledger/checkpoint")).Split('\n')[1], CultureInfo.InvariantCulture);
}
