namespace Portal.Tests.Infrastructure;

/// <summary>Where the solution's other build outputs are, for tests that run them as real processes.</summary>
public static class SolutionPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release: the configuration this test assembly was built in, used for the others too.</summary>
    public static string Configuration { get; } =
        new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;

    public static string WebDll => Output("Portal.Web", "Portal.Web.dll");

    public static string WebProjectDirectory => Path.Combine(Root, "Portal.Web");

    public static string BenchmarksDll => Output("Portal.Benchmarks", "Portal.Benchmarks.dll");

    private static string Output(string project, string file)
    {
        var path = Path.Combine(Root, project, "bin", Configuration, "net10.0", file);
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build {project} first ({Configuration}).", path);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Portal.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Portal.sln not found above the test output folder.");
    }
}
