using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Web.Operations;

/// <summary>
/// The container image as far as this machine can build it (its base image cannot be pulled here): the container
/// settings MSBuild gives <c>PublishContainer</c>, and the published app started the way the image starts it, from
/// its publish folder, as the image's non-root user, configured by environment variables alone.
/// </summary>
public sealed class PublishedAppTests
{
    /// <summary>The user the ASP.NET Core images define (<c>app</c>, <c>APP_UID</c>).</summary>
    private const int ContainerUid = 1654;

    [Fact]
    public async Task The_container_runs_as_the_images_non_root_user_on_port_8080_with_its_data_under_slash_data()
    {
        var result = await ChildProcess.RunAsync(new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                "msbuild", Path.Combine(SolutionPaths.WebProjectDirectory, "Portal.Web.csproj"), "-p:Configuration=Release",
                "-getProperty:ContainerRepository", "-getProperty:ContainerUser", "-getProperty:ContainerWorkingDirectory",
                "-getItem:ContainerPort", "-getItem:ContainerEnvironmentVariable",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        });
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        var evaluated = JsonDocument.Parse(result.Output).RootElement;
        var properties = evaluated.GetProperty("Properties");
        Assert.Equal("portal", properties.GetProperty("ContainerRepository").GetString());
        Assert.Equal("app", properties.GetProperty("ContainerUser").GetString());
        Assert.Equal("/app", properties.GetProperty("ContainerWorkingDirectory").GetString());
        var items = evaluated.GetProperty("Items");
        Assert.Equal(["8080"], items.GetProperty("ContainerPort").EnumerateArray().Select(p => p.GetProperty("Identity").GetString()));
        var variables = items.GetProperty("ContainerEnvironmentVariable").EnumerateArray()
            .ToDictionary(v => v.GetProperty("Identity").GetString()!, v => v.GetProperty("Value").GetString()!);
        Assert.Equal("8080", variables["ASPNETCORE_HTTP_PORTS"]);
        Assert.Equal("Data Source=/data/portal.db", variables["ConnectionStrings__Portal"]);
        foreach (var folder in new[] { "Ledger__SigningKeyPath", "DataProtection__KeysPath", "Evidence__Path" })
        {
            Assert.StartsWith("/data/", variables[folder]);
        }
    }

    [Fact]
    public async Task The_published_app_starts_from_its_folder_as_a_non_root_user_with_only_environment_variables()
    {
        using var directory = new TempDirectory();
        var app = Path.Combine(directory.Path, "app");
        var published = await ChildProcess.RunAsync(new ProcessStartInfo("dotnet")
        {
            ArgumentList = { "publish", Path.Combine(SolutionPaths.WebProjectDirectory, "Portal.Web.csproj"), "-c", SolutionPaths.Configuration, "--no-build", "-o", app, "-nologo" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }, TimeSpan.FromMinutes(5));
        Assert.True(published.ExitCode == 0, published.Output + published.Error);

        // The volume: a folder of the container user's own. The app folder stays root's, as in the image.
        var data = Path.Combine(directory.Path, "data");
        Directory.CreateDirectory(data);
        var root = Environment.UserName == "root";
        if (root)
        {
            var chown = await ChildProcess.RunAsync(new ProcessStartInfo("chown") { ArgumentList = { $"{ContainerUid}:{ContainerUid}", data }, RedirectStandardOutput = true, RedirectStandardError = true });
            Assert.Equal(0, chown.ExitCode);
        }
        var port = PortalServer.FreePort();
        var environment = new Dictionary<string, string>
        {
            ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin",
            ["HOME"] = data,
            // What the image sets (Portal.Web.csproj), with the volume at this test's data folder.
            ["ASPNETCORE_HTTP_PORTS"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ConnectionStrings__Portal"] = $"Data Source={Path.Combine(data, "portal.db")}",
            ["Ledger__SigningKeyPath"] = Path.Combine(data, "ledger-signing.key"),
            ["DataProtection__KeysPath"] = Path.Combine(data, "keys"),
            ["Evidence__Path"] = Path.Combine(data, "evidence"),
            ["Logging__Console__FormatterName"] = "json",
        };
        var info = new ProcessStartInfo(root ? "setpriv" : "dotnet")
        {
            WorkingDirectory = app,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (root)
        {
            foreach (var arg in new[] { $"--reuid={ContainerUid}", $"--regid={ContainerUid}", "--clear-groups", "--", "dotnet" })
            {
                info.ArgumentList.Add(arg);
            }
        }
        info.ArgumentList.Add("Portal.Web.dll");
        info.Environment.Clear();
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        await using var server = await PortalServer.StartAsync(info, new Uri($"http://127.0.0.1:{port}"), environment);
        using (var ready = await server.Client.GetAsync("/health/ready"))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/")).StatusCode);
        // Its key, created in the volume at first start, named after the origin appsettings.json gives.
        Assert.StartsWith("portal.example/ledger+", await server.Client.GetStringAsync("/api/ledger/public-key"));

        // It runs as the image's user, and wrote only in its volume.
        var status = await File.ReadAllLinesAsync($"/proc/{server.ProcessId}/status");
        var uid = status.First(l => l.StartsWith("Uid:", StringComparison.Ordinal)).Split('\t', StringSplitOptions.RemoveEmptyEntries)[1];
        Assert.NotEqual("0", uid);
        if (root)
        {
            Assert.Equal(ContainerUid.ToString(System.Globalization.CultureInfo.InvariantCulture), uid);
        }
        Assert.True(File.Exists(Path.Combine(data, "portal.db")));
        Assert.True(File.Exists(Path.Combine(data, "ledger-signing.key")));
        Assert.False(Directory.Exists(Path.Combine(app, "data")), "the app wrote into its own folder");
    }
}
