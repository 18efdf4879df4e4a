using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;

namespace Portal.Tests.Infrastructure;

/// <summary>
/// Runs a script against the portal's browser modules (Portal.Web/wwwroot/js) in Node, for pure functions that need
/// no page: the modules are copied to a folder marked as ES modules, as a browser loads them, and the script's last
/// expression is printed as JSON.
/// </summary>
public static class BrowserModules
{
    public static async Task<JsonElement> EvaluateAsync(string module, string expression)
    {
        using var folder = new TempDirectory();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(SolutionPaths.WebProjectDirectory, "wwwroot", "js"), "*.js"))
        {
            File.Copy(file, Path.Combine(folder.Path, Path.GetFileName(file)));
        }
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "package.json"), """{ "type": "module" }""");
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "run.js"),
            $"import * as m from './{module}';\nconsole.log(JSON.stringify(await (async () => {{ {expression} }})()));\n");
        var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = folder.Path };
        info.ArgumentList.Add("run.js");
        ChildProcess.Result run;
        try
        {
            run = await ChildProcess.RunAsync(info, TimeSpan.FromMinutes(1));
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"Node.js ('node' on PATH) could not be started: {e.Message}. Install Node 20 or later.", e);
        }
        Assert.True(run.ExitCode == 0, $"node exited with {run.ExitCode}:\n{run.Error}");
        return JsonDocument.Parse(run.Output).RootElement.Clone();
    }
}
