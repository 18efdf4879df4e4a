using System.Net;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;
using Portal.Ledger.Storage;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Web;

/// <summary>
/// Two portal instances on one PostgreSQL database and one Redis backplane: a block appended through instance A
/// reaches a hub client and a dashboard connected to instance B, once.
/// </summary>
public sealed class ScaleOutTests
{
    public const string RedisVariable = "PORTAL_TEST_REDIS";

    [Fact]
    public async Task A_block_appended_through_one_instance_reaches_the_clients_and_pages_of_the_other()
    {
        var redis = RedisOrSkip();
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
        using var shared = new TempDirectory();
        Dictionary<string, string> Environment() => new()
        {
            ["Database__Provider"] = "PostgreSql",
            ["ConnectionStrings__Portal"] = database.Options.ConnectionString,
            ["Ledger__SigningKeyPath"] = Path.Combine(shared.Path, "signing.key"),
            ["Ledger__Origin"] = "test.portal.example/ledger",
            ["Evidence__Path"] = Path.Combine(shared.Path, "evidence"),
            ["DataProtection__KeysPath"] = Path.Combine(shared.Path, "keys"),
            ["Demo__Seed"] = "true",
            ["Demo__Requests"] = "20",
            ["SignalR__Redis"] = redis,
        };
        await using var a = await PortalServer.StartAsync(Environment());
        // B starts second and prints the demo passwords in force from then on.
        await using var b = await PortalServer.StartAsync(Environment());

        await using var feed = await FeedClient.ConnectAsync(b);
        var head = await feed.Connection.InvokeAsync<long>("Head");
        await feed.SubscribeAsync(afterHeight: head);
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(b.BaseAddress, "/").ToString(), new() { WaitUntil = WaitUntilState.NetworkIdle });
        await BrowserSession.PageScriptAsync(page);
        // The page is following the ledger (not still showing its prerendered copy).
        await Assertions.Expect(page.GetByTestId("live-feed")).ToHaveAttributeAsync("data-state", "live");

        using var official = await PortalClient.SignInAsync(a, "official", b.DemoPassword("official"));
        var filed = await official.PostAsync("/api/requests", new { fundId = 1, program = "education", region = "520102", amount = 8_888m, purpose = "Filed on instance A", beneficiaries = 2 });
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);

        var block = await feed.NextAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(head + 1, block.GetProperty("height").GetInt64());
        Assert.Equal(8_888m, block.GetProperty("entries")[0].GetProperty("amount").GetDecimal());
        await Assertions.Expect(page.GetByTestId("live-status")).ToContainTextAsync("1 new blocks verified in your browser", new() { Timeout = 20_000 });
        await Assertions.Expect(page.GetByTestId("latest-blocks").Locator("tbody tr").First.Locator("a")).ToHaveTextAsync((head + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        // Once, not once per instance: the next thing the client gets is the next block, not the same one again.
        var second = await official.PostAsync("/api/requests", new { fundId = 1, program = "education", region = "520102", amount = 9_999m, purpose = "Filed on instance A again", beneficiaries = 2 });
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(head + 2, (await feed.NextAsync(TimeSpan.FromSeconds(20))).GetProperty("height").GetInt64());
        await BrowserSession.ScreenshotAsync(page, "scale-out-instance-b");
    }

    private static string RedisOrSkip()
    {
        var value = System.Environment.GetEnvironmentVariable(RedisVariable);
        if (!string.IsNullOrWhiteSpace(value))
        {
            return value;
        }
        if (string.Equals(System.Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"{RedisVariable} is not set: run the tests through scripts/test.sh, which starts Redis.");
        }
        Assert.Skip($"{RedisVariable} is not set; scripts/test.sh starts a Redis server for this test.");
        return null!;
    }
}
