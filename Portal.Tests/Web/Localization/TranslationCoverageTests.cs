using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Web.Localization;

/// <summary>
/// Every text the portal shows through L has its Chinese, and the Chinese resource holds nothing no page uses. Keys are
/// read from the sources (L["..."] in .razor and .cs files, and validation messages, which FieldErrors shows through L).
/// </summary>
public sealed partial class TranslationCoverageTests
{
    private static readonly string WebRoot = SolutionPaths.WebProjectDirectory;

    private static readonly Lazy<Dictionary<string, List<string>>> Keys = new(ReadKeys);

    [Fact]
    public void Every_text_the_pages_show_has_a_Chinese_translation()
    {
        var chinese = Resource("Text.zh-CN.resx");
        var missing = Keys.Value.Where(k => !chinese.ContainsKey(k.Key)).Select(k => $"\"{k.Key}\" ({string.Join(", ", k.Value.Distinct())})").ToList();
        Assert.True(missing.Count == 0, "No zh-CN translation in Text.zh-CN.resx for:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void The_Chinese_resource_has_no_text_that_no_page_uses()
    {
        var unused = Resource("Text.zh-CN.resx").Keys.Where(k => !Keys.Value.ContainsKey(k)).ToList();
        Assert.True(unused.Count == 0, "Keys in Text.zh-CN.resx that no source uses:\n" + string.Join("\n", unused));
    }

    [Fact]
    public void Translations_are_filled_in_and_keep_every_placeholder_of_their_key()
    {
        foreach (var (key, value) in Resource("Text.zh-CN.resx"))
        {
            Assert.False(string.IsNullOrWhiteSpace(value), $"\"{key}\" has an empty translation.");
            Assert.Equal(Placeholders(key), Placeholders(value));
        }
    }

    [Fact]
    public void No_two_keys_differ_only_in_case()
    {
        // The resource compiler matches names ignoring case and keeps only the first of two such keys: the other would
        // silently stay in English.
        var clashes = Keys.Value.Keys.GroupBy(k => k, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => string.Join(" / ", g)).ToList();
        Assert.True(clashes.Count == 0, "Keys that differ only in case:\n" + string.Join("\n", clashes));
    }

    [Fact]
    public void Text_keys_are_literals_so_they_can_be_found_and_translated()
    {
        var interpolated = Sources().SelectMany(f => InterpolatedKey().Matches(File.ReadAllText(f)).Select(m => $"{Relative(f)}: {m.Value}")).ToList();
        Assert.True(interpolated.Count == 0, "Interpolated localizer keys cannot be translated; use L[\"... {0}\", value]:\n" + string.Join("\n", interpolated));
    }

    [Fact]
    public void The_scan_finds_keys_in_pages_code_and_validation_messages()
    {
        // Guards the scan itself: were it to find nothing, the tests above would pass vacuously.
        Assert.Contains("Disbursements", Keys.Value.Keys);
        Assert.Contains("{0} records", Keys.Value.Keys);
        Assert.Contains("Verification could not run", Keys.Value.Keys);
        Assert.Contains("Enter your user name.", Keys.Value.Keys);
        Assert.Contains("portal.example/ledger\n1234\nbase64 root hash\n\n— portal.example/ledger signature", Keys.Value.Keys);
    }

    [Fact]
    public void MudBlazor_translations_are_for_keys_MudBlazor_has_and_keep_their_placeholders()
    {
        var manager = new ResourceManager("MudBlazor.Resources.LanguageResource", typeof(MudBlazor.MudButton).Assembly);
        var english = manager.GetResourceSet(CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: true)!
            .Cast<System.Collections.DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!);
        var chinese = Resource("MudBlazorText.zh-CN.resx");
        foreach (var (key, value) in chinese)
        {
            Assert.True(english.ContainsKey(key), $"MudBlazor has no text '{key}'.");
            Assert.Equal(Placeholders(english[key]), Placeholders(value));
        }
        // What the explorer's grid and the tables' pagers show.
        Assert.Contains("MudDataGrid_Loading", chinese.Keys);
        Assert.Contains("MudDataGridPager_RowsPerPage", chinese.Keys);
        Assert.Contains("MudTablePager_NextPage", chinese.Keys);
    }

    [Fact]
    public void Every_code_the_browser_verifier_can_fail_with_is_worded_in_both_languages_with_the_same_facts()
    {
        // The verifier's results are worded in the browser (verify-text.js), not by the server.
        var texts = File.ReadAllText(Path.Combine(WebRoot, "wwwroot", "js", "verify-text.js"));
        var worded = ScriptText().Matches(texts).Select(m => (Code: m.Groups[1].Value, English: Regex.Unescape(m.Groups[2].Value), Chinese: Regex.Unescape(m.Groups[3].Value))).ToList();
        Assert.True(worded.Count > 100, $"only {worded.Count} texts found in verify-text.js");
        Assert.All(worded, t =>
        {
            Assert.False(string.IsNullOrWhiteSpace(t.Chinese), $"{t.Code} has no Chinese text");
            Assert.Equal(Placeholders(t.English), Placeholders(t.Chinese));
        });
        var script = File.ReadAllText(Path.Combine(WebRoot, "wwwroot", "js", "verify.js"));
        var codes = worded.Select(t => t.Code).ToHashSet(StringComparer.Ordinal);
        var unworded = FailCode().Matches(script).Select(m => m.Groups[1].Value).Distinct().Where(c => !codes.Contains(c)).ToList();
        Assert.True(unworded.Count == 0, "verify.js can fail with codes verify-text.js does not word:\n" + string.Join("\n", unworded));
    }

    private static IEnumerable<string> Sources() =>
        Directory.EnumerateFiles(WebRoot, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
            .Where(f => !Relative(f).Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or "node_modules"));

    private static Dictionary<string, List<string>> ReadKeys()
    {
        var keys = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var file in Sources())
        {
            var text = File.ReadAllText(file);
            foreach (var match in LiteralKey().Matches(text).Concat(ValidationMessage().Matches(text)))
            {
                var key = Regex.Unescape(match.Groups[1].Value);
                if (!keys.TryGetValue(key, out var files))
                {
                    keys[key] = files = [];
                }
                files.Add(Relative(file));
            }
        }
        return keys;
    }

    private static Dictionary<string, string> Resource(string name) =>
        XDocument.Load(Path.Combine(WebRoot, "Resources", "Localization", name)).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!, StringComparer.Ordinal);

    private static List<string> Placeholders(string text) => [.. Placeholder().Matches(text).Select(m => m.Value).Distinct().Order(StringComparer.Ordinal)];

    private static string Relative(string path) => Path.GetRelativePath(WebRoot, path);

    // L["..."], the key a C# string literal (escapes such as \" and \n allowed).
    [GeneratedRegex("""\bL\["((?:[^"\\]|\\.)*)"[\],]""")]
    private static partial Regex LiteralKey();

    [GeneratedRegex("""ErrorMessage\s*=\s*"((?:[^"\\]|\\.)*)\x22""")]
    private static partial Regex ValidationMessage();

    [GeneratedRegex("""\bL\[\$""")]
    private static partial Regex InterpolatedKey();

    [GeneratedRegex("""\{[A-Za-z0-9_]+(?::[^}]*)?\}""")]
    private static partial Regex Placeholder();

    [GeneratedRegex("""  "([a-z0-9-]+)": \["((?:[^"\\]|\\.)*)", "((?:[^"\\]|\\.)*)\x22""")]
    private static partial Regex ScriptText();

    [GeneratedRegex("""fail\('([a-z0-9-]+)'""")]
    private static partial Regex FailCode();
}
