using Microsoft.Playwright;

namespace Portal.Tests.Infrastructure;

/// <summary>A record page's "Verify in my browser", run as a visitor runs it.</summary>
public static class RecordCheck
{
    /// <summary>
    /// Clicks verify on the record page as loaded (a fresh load: the verdict waited for is this run's) and returns
    /// the page's text once the verdict and every check are shown.
    /// </summary>
    public static async Task<string> RunAsync(IPage page)
    {
        await page.GetByText("From request to usage").WaitForAsync();
        await BrowserSession.PageScriptAsync(page);
        var verify = page.GetByTestId("verify");
        await Assertions.Expect(verify).ToBeEnabledAsync();
        await verify.ClickAsync();
        await page.GetByTestId("verify-result").WaitForAsync();
        await Assertions.Expect(verify).ToBeEnabledAsync();
        return await page.Locator("body").InnerTextAsync();
    }
}
