using System.Net;
using System.Net.Http.Json;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Web;

/// <summary>Sign-in and lockout, on a portal of their own so the lockout touches no other test.</summary>
public sealed class SignInTests
{
    [Fact]
    public async Task Five_wrong_passwords_lock_the_account()
    {
        using var directory = new TempDirectory();
        await using var server = await PortalServer.StartAsync(await SeededTemplate.EnvironmentAsync(directory.Path));
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        for (var i = 0; i < 5; i++)
        {
            var wrong = await http.PostAsJsonAsync("/api/account/login", new { userName = "admin", password = $"wrong-password-{i}" });
            Assert.Equal(i < 4 ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden, wrong.StatusCode);
        }
        var right = await http.PostAsJsonAsync("/api/account/login", new { userName = "admin", password = server.DemoPassword("admin") });
        Assert.Equal(HttpStatusCode.Forbidden, right.StatusCode);
        Assert.Contains("locked", await right.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);

        var unknown = await http.PostAsJsonAsync("/api/account/login", new { userName = "nobody", password = "whatever-password" });
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        var official = await http.PostAsJsonAsync("/api/account/login", new { userName = "official", password = server.DemoPassword("official") });
        Assert.Equal(HttpStatusCode.OK, official.StatusCode);
    }
}
