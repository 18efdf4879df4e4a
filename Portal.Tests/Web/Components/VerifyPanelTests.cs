using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor.Services;
using Portal.Tests.Infrastructure;
using Portal.Web.Components;
using Portal.Web.Components.Shared;
using Portal.Web.Localization;

namespace Portal.Tests.Web.Components;

/// <summary>
/// The record page's "Verify in my browser": what it hands the browser-side verifier (the entries, what the page
/// shows, its summaries in the page's language and the element to write the results into), and that it renders no
/// verdict itself. The verifier and its rendering are tested in Chromium by the end-to-end tests.
/// </summary>
public sealed class VerifyPanelTests : BunitContext
{
    private static readonly long[] Indexes = [12, 40, 41];

    private static readonly ShownValues.Claims Shown = new(7, [new("amount-paid", 41, "amount", "5000.00", "money")], []);

    public VerifyPanelTests()
    {
        Services.AddMudServices();
        Services.AddPortalLocalization();
        JSInterop.Mode = JSRuntimeMode.Strict;
        JSInterop.SetupVoid(_ => true);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    [Theory]
    [InlineData("en", "All {0} checks passed in your browser: these entries are in the signed ledger, unaltered.")]
    [InlineData("zh-CN", "全部 {0} 项检查均已在您的浏览器中通过：这些条目确在已签名的账本中，且未被篡改。")]
    public void The_verifier_gets_the_entries_what_the_page_shows_and_the_page_summaries_and_renders_the_results_itself(string culture, string success)
    {
        using var _ = CultureScope.Use(culture);
        var module = JSInterop.SetupModule(BrowserCheck.ModulePath);
        var run = module.Setup<bool>("checkRecordInto", i => i.Arguments[0] is ElementReference
            && i.Arguments[1] is IReadOnlyList<long> list && list.SequenceEqual(Indexes) && ReferenceEquals(i.Arguments[2], Shown));
        var panel = Render<VerifyPanel>(p => p.Add(c => c.Indexes, Indexes).Add(c => c.Shown, Shown));

        panel.Find("[data-testid=verify]").Click();
        Assert.True(panel.Find("[data-testid=verify]").HasAttribute("disabled"));
        run.SetResult(false);

        panel.WaitForAssertion(() => Assert.False(panel.Find("[data-testid=verify]").HasAttribute("disabled")));
        var texts = Assert.IsType<BrowserCheck.Texts>(Assert.Single(module.Invocations, i => i.Identifier == "checkRecordInto").Arguments[3]);
        Assert.Equal((success, culture), (texts.Success, texts.Lang));
        // Whatever the outcome, the server writes no verdict: the element stays the browser's.
        Assert.Empty(panel.Find("[data-testid=verify-results]").Children);
        Assert.Empty(panel.FindAll("[data-testid=verify-result]"));
    }

    [Fact]
    public void A_verifier_that_cannot_run_is_a_failure_with_the_reason_not_a_broken_page()
    {
        using var _ = CultureScope.Use("en");
        var module = JSInterop.SetupModule(BrowserCheck.ModulePath);
        module.Setup<bool>("checkRecordInto", _ => true).SetException(new JSException("crypto.subtle is undefined"));
        var panel = Render<VerifyPanel>(p => p.Add(c => c.Indexes, Indexes).Add(c => c.Shown, Shown));

        panel.Find("[data-testid=verify]").Click();

        panel.WaitForAssertion(() => Assert.Contains("Verification could not run: crypto.subtle is undefined",
            panel.Find("[data-testid=verify-could-not-run]").TextContent, StringComparison.Ordinal));
        Assert.False(panel.Find("[data-testid=verify]").HasAttribute("disabled"));
    }

    [Fact]
    public void Before_the_page_is_interactive_the_button_waits()
    {
        SetRendererInfo(new RendererInfo("Static", isInteractive: false));
        var panel = Render<VerifyPanel>(p => p.Add(c => c.Indexes, Indexes).Add(c => c.Shown, Shown));

        Assert.True(panel.Find("[data-testid=verify]").HasAttribute("disabled"));
    }
}
