using System.Net;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Web;

/// <summary>/culture remembers a supported language in the culture cookie and only ever sends the visitor back within the site.</summary>
public sealed class CultureEndpointTests(SeededPortal portal) : IClassFixture<SeededPortal>
{
    private const string CookieName = ".AspNetCore.Culture";

    private PortalServer Server => portal.Server;

    [Fact]
    public async Task A_supported_culture_is_kept_for_a_year_and_the_visitor_goes_back_to_the_page()
    {
        using var http = NewHttp(out _);
        var before = DateTimeOffset.UtcNow;
        var response = await http.GetAsync("/culture?name=zh-CN&redirectUri=" + Uri.EscapeDataString("/disbursements?region=52"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/disbursements?region=52", response.Headers.Location!.OriginalString);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(CookieName + "=", StringComparison.Ordinal));
        Assert.Contains("c%3Dzh-CN%7Cuic%3Dzh-CN", cookie, StringComparison.Ordinal);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", cookie, StringComparison.OrdinalIgnoreCase);
        var expires = DateTimeOffset.Parse(cookie.Split("expires=", StringSplitOptions.None)[1].Split(';')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expires, before.AddDays(364), before.AddDays(366));
    }

    [Fact]
    public async Task With_the_cookie_pages_are_in_Chinese_and_say_so()
    {
        using var http = NewHttp(out _);
        Assert.Equal(HttpStatusCode.Redirect, (await http.GetAsync("/culture?name=zh-CN&redirectUri=/")).StatusCode);
        var page = await http.GetStringAsync("/");
        Assert.Contains("<html lang=\"zh-CN\">", page, StringComparison.Ordinal);
        Assert.Contains("每一笔公共资金的流转", page, StringComparison.Ordinal);
        Assert.Contains("¥", page, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await http.GetAsync("/culture?name=en&redirectUri=/")).StatusCode);
        var english = await http.GetStringAsync("/");
        Assert.Contains("<html lang=\"en\">", english, StringComparison.Ordinal);
        Assert.Contains("Every movement of public money", english, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    [InlineData("javascript:alert(1)")]
    [InlineData("")]
    public async Task A_redirect_off_the_site_goes_home_instead(string redirectUri)
    {
        using var http = NewHttp(out _);
        var response = await http.GetAsync("/culture?name=zh-CN&redirectUri=" + Uri.EscapeDataString(redirectUri));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("fr")]
    [InlineData("zh-TW")]
    [InlineData("")]
    [InlineData("en;c=zh-CN")]
    public async Task An_unsupported_culture_sets_no_cookie(string name)
    {
        using var http = NewHttp(out var cookies);
        var response = await http.GetAsync("/culture?name=" + Uri.EscapeDataString(name) + "&redirectUri=/ledger");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/ledger", response.Headers.Location!.OriginalString);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.Empty(cookies.GetCookies(Server.BaseAddress));
    }

    [Theory]
    [InlineData("/ledger\u00bf", "/ledger%C2%BF")]
    [InlineData("/disbursements?purpose=贵阳", "/disbursements?purpose=%E8%B4%B5%E9%98%B3")]
    [InlineData("/ledger?q=a b", "/ledger?q=a%20b")]
    [InlineData("/ledger?q=%E8%B4%B5", "/ledger?q=%E8%B4%B5")]
    [InlineData("/ledger?q=\ud83d\ude00", "/ledger?q=%F0%9F%98%80")]
    public async Task A_return_address_with_characters_a_header_cannot_carry_is_sent_back_encoded(string redirectUri, string location)
    {
        // A web scanner found this answering 500: "Invalid non-ASCII or control character in header".
        using var http = NewHttp(out _);
        var response = await http.GetAsync("/culture?name=en&redirectUri=" + Uri.EscapeDataString(redirectUri));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(location, response.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("zh-CN,zh;q=0.9,en;q=0.8", "zh-CN")]
    [InlineData("en-US,en;q=0.9", "en")]
    [InlineData("fr-FR", "en")]
    public async Task Without_the_cookie_the_browser_language_decides(string acceptLanguage, string expected)
    {
        using var http = NewHttp(out _);
        http.DefaultRequestHeaders.Add("Accept-Language", acceptLanguage);
        Assert.Contains($"<html lang=\"{expected}\">", await http.GetStringAsync("/ledger"), StringComparison.Ordinal);
    }

    private HttpClient NewHttp(out CookieContainer cookies)
    {
        cookies = new CookieContainer();
        return new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = Server.BaseAddress };
    }
}
