using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Web.Operations;

/// <summary>
/// The portal logs through source-generated message templates, each with an event ID of its own, so that an
/// operator can alert on one event and a log store can index its arguments; never through a built string.
/// </summary>
public sealed partial class LogEventTests
{
    private static readonly string[] Projects = ["Portal.Web", "Portal.Ledger"];

    [Fact]
    public void Every_log_message_has_an_event_id_of_its_own()
    {
        var messages = new[] { typeof(Portal.Ledger.Chain.Writing.LedgerWriter).Assembly, typeof(Portal.Web.Hosting.PortalApp).Assembly }
            .SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Select(m => (Method: $"{m.DeclaringType!.Name}.{m.Name}", Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(m => m.Attribute is not null)
            .ToList();
        Assert.True(messages.Count >= 15, $"only {messages.Count} log messages found");
        Assert.Empty(messages.Where(m => m.Attribute!.EventId <= 0).Select(m => m.Method));
        Assert.Empty(messages.GroupBy(m => m.Attribute!.EventId).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.Method))}"));
    }

    [Fact]
    public void No_code_logs_a_built_string()
    {
        var offenders = Projects
            .SelectMany(p => Directory.EnumerateFiles(Path.Combine(SolutionPaths.Root, p), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetRelativePath(SolutionPaths.Root, f), Line: i + 1, Text: line)))
            .Where(l => DirectLogCall().IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToList();
        Assert.Empty(offenders);
    }

    [GeneratedRegex(@"(?<!Math)\.Log(Trace|Debug|Information|Warning|Error|Critical)?\(")]
    private static partial Regex DirectLogCall();
}
