using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Portal.Tests.Infrastructure;
using Portal.Tests.Web;

namespace Portal.Tests.EndToEnd;

/// <summary>A visitor reads the portal in Chinese: the switch in the app bar, the whole page in the new language, pages that still fit a phone.</summary>
public sealed class LanguageTests(SeededPortal portal) : IClassFixture<SeededPortal>
{
    private const string EnglishHeading = "Every movement of public money, on a verifiable ledger";
    private const string ChineseHeading = "每一笔公共资金的流转，都记录在可验证的账本上";

    [Fact]
    public async Task A_visitor_switches_the_home_page_to_Chinese_and_back()
    {
        await using var browser = await BrowserSession.StartAsync();
        // One context, as one browser: its pages share the culture cookie.
        var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1366, Height = 900 } });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        await page.GotoAsync(Url("/"));
        var html = page.Locator("html");
        var heading = page.Locator(".page-title");
        await Assertions.Expect(html).ToHaveAttributeAsync("lang", "en");
        await Assertions.Expect(heading).ToHaveTextAsync(EnglishHeading);

        // Without a circuit the switch is a link through /culture, followed with a full load.
        var toChinese = page.Locator("a[data-testid=language]");
        await Assertions.Expect(toChinese).ToHaveTextAsync("中文");
        await toChinese.ClickAsync();

        await Assertions.Expect(html).ToHaveAttributeAsync("lang", "zh-CN");
        await Assertions.Expect(heading).ToHaveTextAsync(ChineseHeading);
        Assert.Equal("/", new Uri(page.Url).AbsolutePath);
        await Assertions.Expect(page.GetByText("预算", new() { Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText(new Regex(@"^¥[\d,]+(\.\d+)?亿$")).First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "拨付", Exact = true })).ToBeVisibleAsync();
        var toEnglish = page.Locator("a[data-testid=language]");
        await Assertions.Expect(toEnglish).ToHaveTextAsync("English");
        await BrowserSession.ScreenshotAsync(page, "home-zh-CN");

        // The choice is the visitor's, not the page's: a new tab of the same browser opens in Chinese too.
        var phone = await context.NewPageAsync();
        await phone.SetViewportSizeAsync(390, 844);
        await phone.GotoAsync(Url("/"));
        await Assertions.Expect(phone.Locator(".page-title")).ToHaveTextAsync(ChineseHeading);
        await Assertions.Expect(phone.Locator("a[data-testid=language]")).ToBeVisibleAsync();
        await BrowserSession.ScreenshotAsync(phone, "home-zh-CN-phone");

        await toEnglish.ClickAsync();
        await Assertions.Expect(html).ToHaveAttributeAsync("lang", "en");
        await Assertions.Expect(heading).ToHaveTextAsync(EnglishHeading);
        await Assertions.Expect(page.GetByText(new Regex(@"^CN¥[\d,.]+ (billion|million)$")).First).ToBeVisibleAsync();
        Assert.Empty(errors);
    }

    [Fact]
    public async Task On_the_sign_in_page_which_runs_without_a_circuit_the_switch_is_a_link_back_to_the_same_page()
    {
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.NewPageAsync();
        await page.GotoAsync(Url("/account/login?returnUrl=/dashboard"));
        await page.Locator("a[data-testid=language]").ClickAsync();

        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Assertions.Expect(page.Locator("label[for=username]")).ToHaveTextAsync("用户名");
        Assert.Equal("/account/login?returnUrl=/dashboard", new Uri(page.Url).PathAndQuery);
    }

    [Theory]
    [InlineData("zh-CN", "/")]
    [InlineData("zh-CN", "/disbursements")]
    [InlineData("zh-CN", "/disbursements/1")]
    [InlineData("zh-CN", "/ledger")]
    [InlineData("zh-CN", "/ledger/blocks/1")]
    [InlineData("zh-CN", "/ledger/entries/1")]
    [InlineData("zh-CN", "/verify")]
    [InlineData("zh-CN", "/account/login")]
    [InlineData("en", "/")]
    [InlineData("en", "/disbursements")]
    [InlineData("en", "/ledger")]
    public async Task Public_pages_fit_a_phone_in_either_language_with_every_app_bar_control_in_view(string culture, string path)
    {
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.NewPageAsync(width: 390, height: 844);
        await page.GotoAsync(Url($"/culture?name={culture}&redirectUri={Uri.EscapeDataString(path)}"));
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", culture);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        var overflow = await OverflowAsync(page);
        var appBar = await page.EvaluateAsync<double>("() => document.querySelector('.mud-appbar').getBoundingClientRect().height");
        // A control is cut off when it reaches past the navigation's visible box (or the screen's edge).
        var cut = await page.EvaluateAsync<string[]>(@"() => {
            const nav = document.querySelector('.top-nav').getBoundingClientRect();
            return [...document.querySelectorAll('.mud-appbar a, .mud-appbar button')]
                .filter(e => { const r = e.getBoundingClientRect(); return r.right > Math.min(window.innerWidth, nav.right) + 0.5 || r.left < -0.5; })
                .map(e => e.getAttribute('aria-label') || e.textContent.trim());
        }");
        await BrowserSession.ScreenshotAsync(page, $"phone-{culture}" + (path == "/" ? "-home" : path.Replace('/', '-')));
        Assert.True(overflow <= 0, $"{path} is {overflow}px wider than the phone.");
        Assert.True(appBar <= 64, $"{path}'s app bar is {appBar}px high: its buttons wrapped onto a second line.");
        Assert.True(cut.Length == 0, $"{path}: app bar controls cut off at the edge: {string.Join(", ", cut)}");
    }

    [Theory]
    [InlineData("admin", "/admin", 390)]
    [InlineData("admin", "/admin", 1366)]
    [InlineData("official", "/requests", 390)]
    [InlineData("official", "/requests", 1366)]
    public async Task Staff_pages_switch_to_Chinese_and_fit_the_screen(string user, string path, int width)
    {
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.NewPageAsync(width: width, height: 844);
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        await BrowserSession.SignInAsync(page, portal.Server, user, path);

        // The switch is a button once the page is interactive, and reloads the same page in Chinese.
        await page.Locator("button[data-testid=language]").ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        Assert.Equal(path, new Uri(page.Url).AbsolutePath);
        var name = $"staff-zh-CN{path.Replace('/', '-')}-{width}";
        if (path == "/admin")
        {
            await Assertions.Expect(page.Locator(".page-title")).ToHaveTextAsync("系统管理");
            await Assertions.Expect(page.GetByTestId("users")).ToContainTextAsync("监督员");
            await Assertions.Expect(page.GetByTestId("save-user")).ToBeEnabledAsync();
            await Assertions.Expect(page.GetByTestId("save-user")).ToHaveTextAsync("创建账户");
            foreach (var (tab, content) in new[] { ("用户与角色", "users"), ("资金", "funds"), ("审批规则", "policy-tiers") })
            {
                await page.GetByRole(AriaRole.Tab, new() { Name = tab, Exact = true }).ClickAsync();
                await Assertions.Expect(page.GetByTestId(content)).ToBeVisibleAsync();
                await BrowserSession.ScreenshotAsync(page, $"{name}-{content}");
                await AssertFitsAsync(page, $"{path} ({tab})");
            }
            await Assertions.Expect(page.GetByTestId("policy-history")).ToContainTextAsync("¥100,000.00及以下：1 × 审批人");
        }
        else
        {
            await Assertions.Expect(page.Locator(".page-title")).ToHaveTextAsync("资金申请");
            await Assertions.Expect(page.GetByTestId("file-request")).ToBeEnabledAsync();
            await Assertions.Expect(page.GetByTestId("file-request")).ToHaveTextAsync("提交申请");
            await Assertions.Expect(page.GetByTestId("my-requests").Locator("tbody tr").First).ToContainTextAsync(new Regex("待审批|已审批|已驳回|已撤销"));
            await BrowserSession.ScreenshotAsync(page, name);
            await AssertFitsAsync(page, path);

            // The demo official has paid requests with money still to account for.
            await page.Locator("[data-testid^=usage-]").First.ClickAsync();
            var dialog = page.GetByRole(AriaRole.Dialog);
            await Assertions.Expect(dialog).ToContainTextAsync("报告使用情况");
            await Assertions.Expect(dialog).ToContainTextAsync(new Regex(@"已拨付 ¥[\d,]+\.\d{2}"));
            await BrowserSession.ScreenshotAsync(page, $"{name}-usage");
            await AssertFitsAsync(page, $"{path} (usage dialog)");
        }
        Assert.Empty(errors);
    }

    private static async Task AssertFitsAsync(IPage page, string what)
    {
        var overflow = await OverflowAsync(page);
        Assert.True(overflow <= 0, $"{what} is {overflow}px wider than the screen.");
    }

    private static Task<int> OverflowAsync(IPage page) => page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");

    private string Url(string path) => new Uri(portal.Server.BaseAddress, path).ToString();
}
