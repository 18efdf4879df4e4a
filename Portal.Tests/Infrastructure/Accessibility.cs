using System.Text.Json;
using Microsoft.Playwright;

namespace Portal.Tests.Infrastructure;

/// <summary>
/// axe-core (from npm, copied beside the tests by the build) run inside the page against WCAG 2.1 A and AA. The
/// script is evaluated through the DevTools protocol, so a page's content security policy does not stop it.
/// </summary>
public static class Accessibility
{
    private static readonly Lazy<string> Axe = new(() => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "browser", "axe.min.js")));

    /// <summary>Each violation as "rule (impact): help — the elements it found", empty when the page passes.</summary>
    public static async Task<IReadOnlyList<string>> ViolationsAsync(IPage page)
    {
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe !== 'undefined'"))
        {
            await page.EvaluateAsync(Axe.Value);
        }
        var result = await page.EvaluateAsync<JsonElement>("""
            async () => {
                const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
                return r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,
                    targets: v.nodes.slice(0, 5).map(n => n.target.join(' ') + (n.failureSummary ? ' [' + n.failureSummary.replace(/\s+/g, ' ') + ']' : '')) }));
            }
            """);
        return [.. result.EnumerateArray().Select(v =>
            $"{v.GetProperty("id").GetString()} ({v.GetProperty("impact").GetString()}): {v.GetProperty("help").GetString()} — {string.Join(" | ", v.GetProperty("targets").EnumerateArray().Select(t => t.GetString()))}")];
    }
}
