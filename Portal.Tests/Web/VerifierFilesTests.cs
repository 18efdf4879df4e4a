using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Web;

/// <summary>
/// The standalone verifier's files are what the page and the README say they are: each script and style sheet
/// under the integrity hash verifier.html pins, each file under the SHA-256 the README publishes, and no script
/// inline or from elsewhere. The portal serves it under a policy that runs only its own files.
/// </summary>
public sealed partial class VerifierFilesTests(SeededPortal portal) : IClassFixture<SeededPortal>
{
    private const string Update = "run scripts/update-verifier-hashes.sh and commit the result";

    private static readonly string WebRoot = Path.Combine(SolutionPaths.WebProjectDirectory, "wwwroot");

    private static string Html => File.ReadAllText(Path.Combine(WebRoot, "verifier.html"));

    [Fact]
    public void Every_script_and_style_sheet_is_pinned_by_its_current_integrity_hash()
    {
        var pinned = Pinned().Matches(Html).ToDictionary(m => m.Groups["file"].Value, m => m.Groups["hash"].Value);
        Assert.Equal(["js/feed-client.js", "js/sha256.js", "js/verifier-page.js", "js/verify-text.js", "js/verify-view.js", "js/verify.js", "verifier.css"],
            pinned.Keys.Order(StringComparer.Ordinal));
        Assert.All(pinned, p => Assert.True(p.Value == Sri(p.Key), $"{p.Key}: verifier.html pins {p.Value}, the file is {Sri(p.Key)}: {Update}."));
        // Every module the page imports, directly or not, is pinned (the portal's own pages have modules of their own).
        var imported = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<string>(["js/verifier-page.js"]);
        while (pending.TryDequeue(out var module))
        {
            foreach (var file in Import().Matches(File.ReadAllText(Path.Combine(WebRoot, module))).Select(m => $"js/{m.Groups[1].Value}"))
            {
                if (imported.Add(file))
                {
                    pending.Enqueue(file);
                }
            }
        }
        Assert.NotEmpty(imported);
        Assert.All(imported, file => Assert.Contains(file, pinned.Keys));
    }

    [Fact]
    public void The_page_runs_no_inline_or_foreign_script()
    {
        var scripts = Regex.Matches(Html, "<script\\b[^>]*>(.*?)</script>", RegexOptions.Singleline);
        Assert.Single(scripts);
        Assert.All(scripts, s =>
        {
            Assert.Empty(s.Groups[1].Value.Trim());
            Assert.Matches("src=\"js/[a-z-]+\\.js\"", s.Value);
        });
        Assert.DoesNotMatch("(src|href)=\"(https?:)?//", Html);
        Assert.DoesNotMatch("\\son[a-z]+=", Html);
    }

    [Fact]
    public void The_README_publishes_the_SHA_256_of_every_file_of_the_page()
    {
        var readme = File.ReadAllText(Path.Combine(SolutionPaths.Root, "README.md"));
        var listing = Listing().Match(readme);
        Assert.True(listing.Success, "README.md has no verifier-sha256 listing");
        var published = Line().Matches(listing.Groups[1].Value).ToDictionary(m => m.Groups[2].Value, m => m.Groups[1].Value);
        Assert.Equal(["js/feed-client.js", "js/sha256.js", "js/verifier-page.js", "js/verify-text.js", "js/verify-view.js", "js/verify.js", "verifier.css", "verifier.html"],
            published.Keys.Order(StringComparer.Ordinal));
        Assert.All(published, p =>
        {
            var actual = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(WebRoot, p.Key))));
            Assert.True(p.Value == actual, $"{p.Key}: the README publishes {p.Value}, the file is {actual}: {Update}.");
        });
    }

    [Fact]
    public async Task The_portal_serves_the_files_as_they_are_under_a_policy_that_runs_only_them()
    {
        var response = await portal.Server.Client.GetAsync("/verifier.html");
        response.EnsureSuccessStatusCode();
        Assert.Equal(File.ReadAllBytes(Path.Combine(WebRoot, "verifier.html")), await response.Content.ReadAsByteArrayAsync());
        var policy = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        // It may read any portal: its connections are not limited to the one that served it.
        Assert.Contains("connect-src 'self' https: http: wss: ws:", policy, StringComparison.Ordinal);
        var script = await portal.Server.Client.GetByteArrayAsync("/js/verify.js");
        Assert.Equal(File.ReadAllBytes(Path.Combine(WebRoot, "js", "verify.js")), script);
    }

    private static string Sri(string file) => $"sha384-{Convert.ToBase64String(SHA384.HashData(File.ReadAllBytes(Path.Combine(WebRoot, file))))}";

    [GeneratedRegex("""(?:href|src)="(?<file>[^"]+)" integrity="(?<hash>[^"]*)\x22""")]
    private static partial Regex Pinned();

    [GeneratedRegex("""from '\./([a-z0-9-]+\.js)'""")]
    private static partial Regex Import();

    [GeneratedRegex("""<!-- verifier-sha256:start -->\s*```\n(.*?)```\s*<!-- verifier-sha256:end -->""", RegexOptions.Singleline)]
    private static partial Regex Listing();

    [GeneratedRegex("""^([0-9a-f]{64})  (\S+)$""", RegexOptions.Multiline)]
    private static partial Regex Line();
}
