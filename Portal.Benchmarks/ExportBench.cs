using System.Diagnostics;
using System.Globalization;

namespace Portal.Benchmarks;

/// <summary>
/// The standards' exports under a running portal (over loopback HTTP): the whole ledger as IATI activities and as
/// OCDS releases, with the server's resident memory before and its peak during each (the peak is reset first, so it
/// is the export's own); then one county's files, the filtered export a reporter would ask for, many times each.
/// Start the portal on a large ledger first (generate-demo).
/// </summary>
internal static class ExportBench
{
    private static readonly string[] Everything = ["/api/iati/activities.xml", "/api/ocds/releases.json", "/api/disbursements.csv"];

    public static async Task<int> RunAsync(Arguments args)
    {
        using var http = new HttpClient { BaseAddress = new Uri(args.Required("url")), Timeout = TimeSpan.FromMinutes(30) };
        var pid = args.Get("pid");
        var county = args.Get("region") ?? "520102";
        var samples = args.Int("samples", 20);
        foreach (var path in Everything)
        {
            ResetPeak(pid);
            var before = Resident(pid);
            var stopwatch = Stopwatch.StartNew();
            var (bytes, size) = await DownloadAsync(http, path);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"GET {path} (everything, tree size {size}): {bytes / 1048576.0:F1} MiB in {stopwatch.Elapsed.TotalSeconds:F1} s; server RSS {before} before, peak {Peak(pid)} during"));
        }
        foreach (var path in Everything)
        {
            var url = $"{path}?region={county}";
            await DownloadAsync(http, url);
            var times = new List<double>();
            long last = 0;
            for (var i = 0; i < samples; i++)
            {
                var stopwatch = Stopwatch.StartNew();
                (last, _) = await DownloadAsync(http, url);
                times.Add(stopwatch.Elapsed.TotalMilliseconds);
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"GET {url}: {last / 1024.0:F0} KiB, median {Stats.Percentile(times, 0.5):F0} ms, max {times.Max():F0} ms over {samples}"));
        }
        return 0;
    }

    /// <summary>Reads the whole answer as it streams, keeping none of it.</summary>
    private static async Task<(long Bytes, string Size)> DownloadAsync(HttpClient http, string url)
    {
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[81920];
        long bytes = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            bytes += read;
        }
        return (bytes, response.Headers.TryGetValues("Ledger-Tree-Size", out var values) ? values.Single() : "?");
    }

    /// <summary>Clears the process's peak resident size (Linux: 5 to clear_refs), so the next peak is the export's own.</summary>
    private static void ResetPeak(string? pid)
    {
        if (pid is not null)
        {
            File.WriteAllText($"/proc/{pid}/clear_refs", "5");
        }
    }

    private static string Resident(string? pid) => pid is null ? "?" : Field(pid, "VmRSS");

    private static string Peak(string? pid) => pid is null ? "?" : Field(pid, "VmHWM");

    private static string Field(string pid, string name) =>
        File.ReadAllLines($"/proc/{pid}/status").First(l => l.StartsWith(name, StringComparison.Ordinal)).Split(':')[1].Trim();
}
