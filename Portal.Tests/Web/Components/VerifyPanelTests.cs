using System.Text.Json;
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
/// The record page's "Verify in my browser": what it asks of the browser-side verifier, and how each outcome is
/// shown. The verifier itself (verify.js) is tested in Chromium by the end-to-end tests.
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

    [Fact]
    public void A_passing_check_names_every_check_and_says_the_entries_are_in_the_signed_ledger()
    {
        using var _ = CultureScope.Use("en");
        var module = JSInterop.SetupModule(BrowserCheck.ModulePath);
        module.Setup<BrowserCheck.Result>("verifyRecord", i => i.Arguments[0] is IReadOnlyList<long> list && list.SequenceEqual(Indexes) && ReferenceEquals(i.Arguments[1], Shown))
            .SetResult(new BrowserCheck.Result(true,
            [
                new BrowserCheck.Check(true, "entry-included", "proof-leads-to-root", Facts(("index", 12), ("count", 5))),
                new BrowserCheck.Check(true, "entry-included", "proof-leads-to-root", Facts(("index", 40), ("count", 5))),
                new BrowserCheck.Check(true, "entry-included", "proof-leads-to-root", Facts(("index", 41), ("count", 5))),
            ]));
        var panel = Render<VerifyPanel>(p => p.Add(c => c.Indexes, Indexes).Add(c => c.Shown, Shown));

        panel.Find("[data-testid=verify]").Click();

        panel.WaitForAssertion(() => Assert.Contains("All 3 checks passed in your browser", panel.Find("[data-testid=verify-result]").TextContent, StringComparison.Ordinal));
        Assert.Contains("mud-alert-text-success", panel.Find("[data-testid=verify-result]").ClassName ?? "", StringComparison.Ordinal);
        Assert.Single(module.Invocations, i => i.Identifier == "verifyRecord");
    }

    [Fact]
    public void A_failed_check_is_shown_loudly_with_what_failed()
    {
        using var _ = CultureScope.Use("en");
        var module = JSInterop.SetupModule(BrowserCheck.ModulePath);
        module.Setup<BrowserCheck.Result>("verifyRecord", _ => true).SetResult(new BrowserCheck.Result(false,
        [
            new BrowserCheck.Check(true, "ledger-key", "key-same", Facts(("name", "portal.example/ledger"), ("id", "0a1b2c3d"), ("since", "2026-11-20"))),
            new BrowserCheck.Check(false, "stopped", "wrong-hash-length", Facts(("what", "proof-hash"), ("position", 3), ("length", 31))),
        ]));
        var panel = Render<VerifyPanel>(p => p.Add(c => c.Indexes, Indexes).Add(c => c.Shown, Shown));

        panel.Find("[data-testid=verify]").Click();

        panel.WaitForAssertion(() => Assert.Contains("Verification FAILED", panel.Find("[data-testid=verify-result]").TextContent, StringComparison.Ordinal));
        Assert.Contains("mud-alert-filled-error", panel.Find("[data-testid=verify-result]").ClassName ?? "", StringComparison.Ordinal);
        Assert.Contains("Proof hash 3 has 31 bytes; SHA-256 hashes have 32.", panel.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void A_verifier_that_cannot_run_is_a_failure_with_the_reason_not_a_broken_page()
    {
        using var _ = CultureScope.Use("en");
        var module = JSInterop.SetupModule(BrowserCheck.ModulePath);
        module.Setup<BrowserCheck.Result>("verifyRecord", _ => true).SetException(new JSException("crypto.subtle is undefined"));
        var panel = Render<VerifyPanel>(p => p.Add(c => c.Indexes, Indexes).Add(c => c.Shown, Shown));

        panel.Find("[data-testid=verify]").Click();

        panel.WaitForAssertion(() => Assert.Contains("Verification FAILED", panel.Find("[data-testid=verify-result]").TextContent, StringComparison.Ordinal));
        Assert.Contains("crypto.subtle is undefined", panel.Markup, StringComparison.Ordinal);
        Assert.False(panel.Find("[data-testid=verify]").HasAttribute("disabled"));
    }

    [Fact]
    public void Before_the_page_is_interactive_the_button_waits()
    {
        SetRendererInfo(new RendererInfo("Static", isInteractive: false));
        var panel = Render<VerifyPanel>(p => p.Add(c => c.Indexes, Indexes).Add(c => c.Shown, Shown));

        Assert.True(panel.Find("[data-testid=verify]").HasAttribute("disabled"));
    }

    private static Dictionary<string, JsonElement> Facts(params (string Name, object Value)[] facts) =>
        facts.ToDictionary(f => f.Name, f => JsonSerializer.SerializeToElement(f.Value));
}
