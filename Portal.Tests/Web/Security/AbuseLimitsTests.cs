using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Web.Security;

/// <summary>
/// Rate limits, body size limits and security headers on the real host. The portal runs with small limits and
/// trusts loopback as its proxy, so each test is its own client by <c>X-Forwarded-For</c>.
/// </summary>
public sealed class AbuseLimitsTests(AbuseLimitsTests.LimitedPortal portal) : IClassFixture<AbuseLimitsTests.LimitedPortal>
{
    private PortalServer Server => portal.Server;

    [Fact]
    public async Task A_client_over_its_api_budget_gets_429_with_retry_after_and_other_clients_are_unaffected()
    {
        using var greedy = Client("203.0.113.10");
        var statuses = new List<HttpStatusCode>();
        // The burst, then requests until one is refused (a token may come back meanwhile on a slow machine).
        for (var i = 0; i < LimitedPortal.ApiBurst * 3 && !statuses.Contains(HttpStatusCode.TooManyRequests); i++)
        {
            using var response = await greedy.GetAsync("/api/funds");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.True(response.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), "429 without a Retry-After of at least a second");
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
                Assert.Equal(429, problem.GetProperty("status").GetInt32());
                Assert.Contains("Try again in", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            }
        }
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, LimitedPortal.ApiBurst), statuses.Take(LimitedPortal.ApiBurst));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);

        using var other = Client("203.0.113.11");
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/funds")).StatusCode);
        // Pages are not API calls: a limited client can still read the portal.
        Assert.Equal(HttpStatusCode.OK, (await greedy.GetAsync("/ledger")).StatusCode);
    }

    [Fact]
    public async Task Sign_in_attempts_from_one_address_are_limited_before_they_reach_the_account()
    {
        using var guesser = Client("203.0.113.20");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < LimitedPortal.SignInPerMinute + 2; i++)
        {
            // Each guess at a different account: lockout per account alone would never stop this.
            using var response = await guesser.PostAsJsonAsync("/api/account/login", new { userName = $"guess{i}", password = "not-the-password" });
            statuses.Add(response.StatusCode);
        }
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, LimitedPortal.SignInPerMinute).Concat(Enumerable.Repeat(HttpStatusCode.TooManyRequests, 2)), statuses);

        // Routing takes a trailing slash and any case; so does the limit.
        using var slashed = await guesser.PostAsJsonAsync("/API/account/login/", new { userName = "guess-slash", password = "not-the-password" });
        Assert.Equal(HttpStatusCode.TooManyRequests, slashed.StatusCode);
        using var refused = await guesser.PostAsJsonAsync("/api/account/login", new { userName = "official", password = Server.DemoPassword("official") });
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("sign-in attempts", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // The refused attempts never reached the account: the right password works from elsewhere, not locked.
        using var elsewhere = Client("203.0.113.21");
        Assert.Equal(HttpStatusCode.OK, (await elsewhere.PostAsJsonAsync("/api/account/login", new { userName = "official", password = Server.DemoPassword("official") })).StatusCode);
    }

    [Fact]
    public async Task A_body_larger_than_any_request_needs_is_refused_with_413_and_nothing_is_appended()
    {
        using var client = Client("203.0.113.30");
        var before = await Server.TreeSizeAsync();
        var huge = new string('a', 11 * 1024 * 1024);
        using var content = new StringContent($"{{\"userName\":\"{huge}\",\"password\":\"x\"}}", Encoding.UTF8, "application/json");

        // As a well-behaved client sends a large body: the server answers before the body is sent (otherwise it
        // closes the connection on the sender).
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/account/login") { Content = content };
        request.Headers.ExpectContinue = true;
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await Server.TreeSizeAsync());
    }

    [Fact]
    public async Task Replays_beyond_a_burst_are_refused_per_address_however_many_connections_it_opens()
    {
        await using var greedy = await FeedClient.ConnectAsync(Server, forwardedFor: "203.0.113.60");
        var head = await greedy.Connection.InvokeAsync<long>("Head");
        for (var i = 0; i < LimitedPortal.HubReplayBurst; i++)
        {
            await greedy.Connection.InvokeAsync<System.Text.Json.JsonElement[]>("Replay", Math.Max(0, head - 5));
        }

        var refused = await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => greedy.Connection.InvokeAsync<System.Text.Json.JsonElement[]>("Replay", 0L));
        Assert.Contains("Too many replays", refused.Message, StringComparison.Ordinal);
        Assert.Contains("try again in", refused.Message, StringComparison.Ordinal);
        // A new connection from the same address does not start afresh; another address is unaffected.
        await using var again = await FeedClient.ConnectAsync(Server, forwardedFor: "203.0.113.60");
        await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => again.SubscribeAsync(afterHeight: head));
        await using var other = await FeedClient.ConnectAsync(Server, forwardedFor: "203.0.113.61");
        Assert.NotEmpty(await other.Connection.InvokeAsync<System.Text.Json.JsonElement[]>("Replay", Math.Max(0, head - 5)));
        // Head is cheap and never limited.
        Assert.Equal(head, await greedy.Connection.InvokeAsync<long>("Head"));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/ledger")]
    [InlineData("/api/funds")]
    [InlineData("/api/ledger/checkpoint")]
    [InlineData("/app.css")]
    [InlineData("/no-such-page")]
    public async Task Every_response_carries_the_security_headers(string path)
    {
        using var client = Client("203.0.113.40");
        using var response = await client.GetAsync(path);

        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("strict-origin-when-cross-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public async Task Hsts_is_sent_over_https_behind_the_proxy_and_never_over_plain_http()
    {
        using var plain = Client("203.0.113.50");
        using var overHttp = await plain.GetAsync("/");
        Assert.False(overHttp.Headers.Contains("Strict-Transport-Security"));

        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = "portal.example";
        request.Headers.Add("X-Forwarded-Proto", "https");
        using var overHttps = await plain.SendAsync(request);
        Assert.Equal("max-age=31536000; includeSubDomains", Assert.Single(overHttps.Headers.GetValues("Strict-Transport-Security")));
    }

    [Fact]
    public async Task Feedback_from_one_address_is_limited_to_a_few_a_minute_and_others_can_still_speak()
    {
        using var talkative = Client("203.0.113.50");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < LimitedPortal.FeedbackPerMinute + 1; i++)
        {
            using var sent = await talkative.PostAsJsonAsync("/api/requests/1/feedback", new { kind = "question", text = $"Question {i}" });
            statuses.Add(sent.StatusCode);
            if (sent.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.Contains("Too much feedback", (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
            }
        }
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Created, LimitedPortal.FeedbackPerMinute).Append(HttpStatusCode.TooManyRequests), statuses);
        // The other path to the same limit, and another address unaffected.
        using var otherPath = await talkative.PostAsJsonAsync("/API/Disbursements/1/feedback/", new { kind = "question", text = "Again" });
        Assert.Equal(HttpStatusCode.TooManyRequests, otherPath.StatusCode);
        using var neighbour = Client("203.0.113.51");
        Assert.Equal(HttpStatusCode.Created, (await neighbour.PostAsJsonAsync("/api/disbursements/1/feedback", new { kind = "confirmation", text = "Received" })).StatusCode);
    }

    private HttpClient Client(string address)
    {
        var client = new HttpClient { BaseAddress = Server.BaseAddress };
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return client;
    }

    public sealed class LimitedPortal : IAsyncLifetime
    {
        public const int ApiBurst = 8;
        public const int SignInPerMinute = 4;
        public const int HubReplayBurst = 3;
        public const int FeedbackPerMinute = 3;

        private readonly TempDirectory _directory = new();

        public PortalServer Server { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            var environment = await SeededTemplate.EnvironmentAsync(_directory.Path);
            environment["RateLimits__ApiBurst"] = ApiBurst.ToString(System.Globalization.CultureInfo.InvariantCulture);
            // Slow enough that no token comes back while a test runs through its burst.
            environment["RateLimits__ApiPermitsPerSecond"] = "1";
            environment["RateLimits__SignInPermitsPerMinute"] = SignInPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture);
            environment["RateLimits__HubReplayBurst"] = HubReplayBurst.ToString(System.Globalization.CultureInfo.InvariantCulture);
            environment["RateLimits__HubReplaysPerMinute"] = "1";
            environment["RateLimits__FeedbackPermitsPerMinute"] = FeedbackPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Server = await PortalServer.StartAsync(environment);
        }

        public async ValueTask DisposeAsync()
        {
            await Server.DisposeAsync();
            _directory.Dispose();
        }
    }
}
