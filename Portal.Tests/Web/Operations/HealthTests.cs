using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Web.Operations;

/// <summary>
/// /health/live and /health/ready as a load balancer, an orchestrator and a monitoring system read them, on a
/// running portal and on portals whose PostgreSQL server or Redis backplane is stopped under them.
/// </summary>
public sealed class HealthTests(SeededPortal portal) : IClassFixture<SeededPortal>
{
    [Fact]
    public async Task A_running_portal_is_live_and_ready_for_anyone_and_never_cached()
    {
        using var anonymous = new HttpClient { BaseAddress = portal.Server.BaseAddress };
        foreach (var path in new[] { "/health/live", "/health/ready" })
        {
            using var response = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
            Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
            Assert.True(response.Headers.CacheControl?.NoStore, $"{path} must not be stored by a cache");
        }
    }

    [Fact]
    public async Task Readiness_in_json_lists_each_check()
    {
        var report = await ReadyJsonAsync(portal.Server);
        Assert.Equal(HttpStatusCode.OK, report.Status);
        Assert.Equal("Healthy", report.Json.GetProperty("status").GetString());
        Assert.True(TimeSpan.TryParse(report.Json.GetProperty("totalDuration").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _));
        var entries = report.Json.GetProperty("entries");
        Assert.Equal(["database", "migrations", "signing-key"], entries.EnumerateObject().Select(e => e.Name).Order());
        foreach (var entry in entries.EnumerateObject())
        {
            Assert.Equal("Healthy", entry.Value.GetProperty("status").GetString());
            Assert.Contains("ready", entry.Value.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
            Assert.False(string.IsNullOrEmpty(entry.Value.GetProperty("description").GetString()));
        }

        // Liveness runs no check: a database outage must not get a sound process restarted.
        using var live = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        live.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var answer = await portal.Server.Client.SendAsync(live);
        var json = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Healthy", json.GetProperty("status").GetString());
        Assert.Empty(json.GetProperty("entries").EnumerateObject());
    }

    [Fact]
    public async Task With_postgresql_stopped_the_portal_is_live_but_not_ready_and_recovers_when_it_is_back()
    {
        await using var postgres = await PrivatePostgres.CreateAsync();
        using var directory = new TempDirectory();
        var environment = PortalServer.SqliteEnvironment(directory.Path, seedDemo: false);
        environment["Database__Provider"] = "PostgreSql";
        environment["ConnectionStrings__Portal"] = postgres.ConnectionString;
        await using var server = await PortalServer.StartAsync(environment);
        Assert.Equal(HttpStatusCode.OK, (await ReadyJsonAsync(server)).Status);

        await postgres.StopAsync();

        var down = await ReadyJsonAsync(server);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.Status);
        Assert.Equal("Unhealthy", down.Json.GetProperty("status").GetString());
        Assert.Equal("Unhealthy", down.Json.GetProperty("entries").GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("Healthy", down.Json.GetProperty("entries").GetProperty("signing-key").GetProperty("status").GetString());
        using (var text = await server.Client.GetAsync("/health/ready"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, text.StatusCode);
            Assert.Contains("database", await text.Content.ReadAsStringAsync());
        }
        using (var live = await server.Client.GetAsync("/health/live"))
        {
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }

        await postgres.StartAsync();
        await WaitReadyAsync(server);
    }

    [Fact]
    public async Task With_the_redis_backplane_stopped_the_portal_is_not_ready_and_recovers_when_it_is_back()
    {
        await using var redis = await PrivateRedis.CreateAsync();
        using var directory = new TempDirectory();
        var environment = PortalServer.SqliteEnvironment(directory.Path, seedDemo: false);
        environment["SignalR__Redis"] = redis.Configuration;
        await using var server = await PortalServer.StartAsync(environment);
        var up = await ReadyJsonAsync(server);
        Assert.Equal(HttpStatusCode.OK, up.Status);
        Assert.Equal("Healthy", up.Json.GetProperty("entries").GetProperty("redis").GetProperty("status").GetString());

        await redis.StopAsync();

        var down = await ReadyJsonAsync(server);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.Status);
        Assert.Equal("Unhealthy", down.Json.GetProperty("entries").GetProperty("redis").GetProperty("status").GetString());
        Assert.Equal("Healthy", down.Json.GetProperty("entries").GetProperty("database").GetProperty("status").GetString());
        using (var text = await server.Client.GetAsync("/health/ready"))
        {
            Assert.Equal("Unhealthy: redis", await text.Content.ReadAsStringAsync());
        }

        await redis.StartAsync();
        await WaitReadyAsync(server);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Json)> ReadyJsonAsync(PortalServer server)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/ready");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await server.Client.SendAsync(request);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private static async Task WaitReadyAsync(PortalServer server)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        HttpStatusCode status;
        do
        {
            using var response = await server.Client.GetAsync("/health/ready");
            status = response.StatusCode;
            if (status == HttpStatusCode.OK)
            {
                return;
            }
            await Task.Delay(250);
        }
        while (DateTime.UtcNow < deadline);
        Assert.Fail($"The portal was still {status} 30 s after its service came back.");
    }
}
