using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Portal.Tests.Infrastructure;
using Portal.Tests.Web;

namespace Portal.Tests.EndToEnd;

/// <summary>
/// The content security policy in a real browser: everything the portal does (the circuit, MudBlazor, Chart.js,
/// the in-browser verifier, the live feed) works under it without a single violation, and it does block what it
/// is there to block.
/// </summary>
public sealed class ContentSecurityPolicyTests(SeededPortal portal) : IClassFixture<SeededPortal>
{
    private const string RecordViolations = """
        window.__violations = [];
        document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
        """;

    [Fact]
    public async Task The_public_pages_and_the_dashboard_work_under_the_policy_without_violations()
    {
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.NewPageAsync();
        await page.AddInitScriptAsync(RecordViolations);
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        page.Console += (_, m) =>
        {
            if (m.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                errors.Add(m.Text);
            }
        };

        await page.GotoAsync(new Uri(portal.Server.BaseAddress, "/").ToString());
        await Assertions.Expect(page.GetByTestId("live-status")).ToContainTextAsync("Live");
        await AssertChartsDrawnAsync(page);
        await AssertNoViolationsAsync(page);

        await page.GotoAsync(new Uri(portal.Server.BaseAddress, "/disbursements").ToString());
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Record #") }).First.ClickAsync();
        await page.GetByText("From request to usage").WaitForAsync();
        await BrowserSession.PageScriptAsync(page);
        await page.GetByTestId("verify").ClickAsync();
        await Assertions.Expect(page.GetByTestId("verify-result")).ToContainTextAsync("checks passed");
        await AssertNoViolationsAsync(page);

        await BrowserSession.SignInAsync(page, portal.Server, "supervisor", "/dashboard");
        await Assertions.Expect(page.GetByTestId("live-status")).ToContainTextAsync("Live");
        await AssertChartsDrawnAsync(page);
        await AssertNoViolationsAsync(page);
        Assert.Empty(errors);

        // And the policy is in force: a script injected into the page does not run.
        await page.EvaluateAsync("() => { const s = document.createElement('script'); s.textContent = 'window.__injected = true'; document.body.appendChild(s); }");
        Assert.False(await page.EvaluateAsync<bool>("() => window.__injected === true"));
        Assert.Contains(await page.EvaluateAsync<string[]>("() => window.__violations"), v => v.StartsWith("script-src", StringComparison.Ordinal));
    }

    private static async Task AssertChartsDrawnAsync(IPage page)
    {
        await page.Locator(".chart-box canvas").First.WaitForAsync();
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('.chart-box canvas')].every(c => window.Chart && Chart.getChart(c))");
    }

    private static async Task AssertNoViolationsAsync(IPage page) =>
        Assert.Empty(await page.EvaluateAsync<string[]>("() => window.__violations"));
}
