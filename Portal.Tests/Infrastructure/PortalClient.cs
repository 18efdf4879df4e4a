using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Portal.Tests.Infrastructure;

/// <summary>A signed-in API caller: its own cookie jar and the antiforgery token its sign-in returned.</summary>
public sealed class PortalClient : IDisposable
{
    private readonly HttpClient _http;

    private PortalClient(HttpClient http, string? antiforgeryToken, CookieContainer cookies)
    {
        _http = http;
        AntiforgeryToken = antiforgeryToken;
        Cookies = cookies;
    }

    /// <summary>The sign-in cookie, for other clients of the same person (a SignalR hub connection).</summary>
    public CookieContainer Cookies { get; }

    public string? AntiforgeryToken { get; }

    public HttpClient Http => _http;

    public static PortalClient Anonymous(PortalServer server) => new(NewHttp(server, out var cookies), null, cookies);

    public static PortalClient Bank(PortalServer server, string? key = null)
    {
        var http = NewHttp(server, out var cookies);
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("ApiKey", key ?? server.BankApiKey);
        return new PortalClient(http, null, cookies);
    }

    public static Task<PortalClient> SignInAsync(PortalServer server, string userName) => SignInAsync(server, userName, server.DemoPassword(userName));

    public static async Task<PortalClient> SignInAsync(PortalServer server, string userName, string password)
    {
        var http = NewHttp(server, out var cookies);
        var response = await http.PostAsJsonAsync("/api/account/login", new { userName, password });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new PortalClient(http, body.GetProperty("antiforgeryToken").GetString(), cookies);
    }

    /// <summary>POSTs a JSON command with the antiforgery header, as the portal's own pages do.</summary>
    public Task<HttpResponseMessage> PostAsync(string url, object body, bool withAntiforgery = true)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        if (withAntiforgery && AntiforgeryToken is not null)
        {
            request.Headers.Add("X-CSRF-TOKEN", AntiforgeryToken);
        }
        return _http.SendAsync(request);
    }

    private static HttpClient NewHttp(PortalServer server, out CookieContainer cookies)
    {
        cookies = new CookieContainer();
        var handler = new HttpClientHandler { CookieContainer = cookies, UseCookies = true, AllowAutoRedirect = false };
        return new HttpClient(handler) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public void Dispose() => _http.Dispose();
}
