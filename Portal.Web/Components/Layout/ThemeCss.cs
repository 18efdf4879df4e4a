using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace Portal.Web.Components.Layout;

/// <summary>
/// The portal's theme as one style sheet holding both palettes: light by default, dark when the visitor's system
/// prefers it, and either when the visitor chose one (<see cref="ThemeChoice"/>). MudThemeProvider renders only
/// the palette of the mode it is given, which a page without a circuit cannot switch; so both are rendered once,
/// through MudBlazor itself, and the dark one is put under the selectors that apply it.
/// </summary>
public sealed partial class ThemeCss(IServiceScopeFactory scopes, ILoggerFactory loggers)
{
    private Task<string>? _css;
    private readonly Lock _gate = new();

    public Task<string> GetAsync()
    {
        lock (_gate)
        {
            return _css ??= BuildAsync();
        }
    }

    private async Task<string> BuildAsync()
    {
        var light = await RenderAsync(dark: false);
        var dark = await RenderAsync(dark: true);
        var lightRoot = RootRule(light);
        var darkRoot = RootRule(dark);
        var css = new StringBuilder();
        // What MudThemeProvider renders besides the palette (scrollbars, charts) is the same in both modes.
        foreach (Match style in StyleElement().Matches(light))
        {
            var text = style.Groups[1].Value;
            css.AppendLine(text.Contains(lightRoot, StringComparison.Ordinal) ? text.Replace(lightRoot, "", StringComparison.Ordinal).Trim() : text.Trim());
        }
        css.Append(":root{").Append(lightRoot).AppendLine("}");
        css.Append("@media (prefers-color-scheme: dark){:root:not([data-theme=light]){").Append(darkRoot).AppendLine("}}");
        css.Append(":root[data-theme=dark]{").Append(darkRoot).AppendLine("}");
        return css.ToString();
    }

    private async Task<string> RenderAsync(bool dark)
    {
        await using var scope = scopes.CreateAsyncScope();
        await using var renderer = new HtmlRenderer(scope.ServiceProvider, loggers);
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<MudThemeProvider>(ParameterView.FromDictionary(new Dictionary<string, object?>
            {
                [nameof(MudThemeProvider.Theme)] = PortalTheme.Theme,
                [nameof(MudThemeProvider.IsDarkMode)] = dark,
            }));
            return output.ToHtmlString();
        });
    }

    private static string RootRule(string html) =>
        RootBlock().Match(html) is { Success: true } root ? root.Groups[1].Value : throw new InvalidOperationException("MudThemeProvider rendered no :root rule.");

    [GeneratedRegex(@"<style>(.*?)</style>", RegexOptions.Singleline)]
    private static partial Regex StyleElement();

    [GeneratedRegex(@":root\s*\{([^}]*)\}", RegexOptions.Singleline)]
    private static partial Regex RootBlock();
}
