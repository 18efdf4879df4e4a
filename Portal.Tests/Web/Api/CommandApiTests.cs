using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Web.Api;

/// <summary>The fund commands over real HTTP, with real sign-in, antiforgery and the bank's API key.</summary>
public sealed class CommandApiTests(SeededPortal portal) : IClassFixture<SeededPortal>
{
    private PortalServer Server => portal.Server;

    [Fact]
    public async Task A_request_is_filed_approved_paid_and_reported_through_the_api()
    {
        using var official = await PortalClient.SignInAsync(Server, "official");
        using var approver = await PortalClient.SignInAsync(Server, "approver2");
        using var bank = PortalClient.Bank(Server);

        var filed = await official.PostAsync("/api/requests", new { fundId = 1, program = "education", region = "520102", amount = 45_000.50m, purpose = "Textbooks for Nanming primary schools", beneficiaries = 300 });
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        var request = await filed.Content.ReadFromJsonAsync<JsonElement>();
        var id = request.GetProperty("id").GetInt64();

        var approved = await approver.PostAsync($"/api/requests/{id}/approve", new { comment = "Matches the county plan" });
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.True((await approved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("final").GetBoolean());

        var confirmation = new { requestId = id, bankReference = $"TEST-{id}", amount = 45_000.50m, payee = "Nanming education bureau" };
        var paid = await bank.PostAsync("/api/disbursements/confirm", confirmation);
        Assert.Equal(HttpStatusCode.Created, paid.StatusCode);
        var receipt = await paid.Content.ReadFromJsonAsync<JsonElement>();
        var sizeAfterPayment = await Server.TreeSizeAsync();
        var again = await bank.PostAsync("/api/disbursements/confirm", confirmation);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var replay = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(receipt.GetProperty("disbursementId").GetInt64(), replay.GetProperty("disbursementId").GetInt64());
        Assert.Equal(receipt.GetProperty("ledgerIndex").GetInt64(), replay.GetProperty("ledgerIndex").GetInt64());
        Assert.True(replay.GetProperty("replayed").GetBoolean());
        Assert.Equal(sizeAfterPayment, await Server.TreeSizeAsync());

        var usage = await official.PostAsync($"/api/requests/{id}/usage", new { amount = 40_000m, category = "teaching materials", evidenceSha256 = new string('c', 64) });
        Assert.Equal(HttpStatusCode.Created, usage.StatusCode);

        var record = await Server.Client.GetFromJsonAsync<JsonElement>($"/api/disbursements/{receipt.GetProperty("disbursementId").GetInt64()}");
        Assert.Equal(["request.filed", "request.approved", "disbursement.confirmed", "usage.reported"],
            record.GetProperty("timeline").EnumerateArray().Select(s => s.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task Refusals_are_problem_details_with_a_code_and_append_nothing()
    {
        using var official = await PortalClient.SignInAsync(Server, "official");
        var before = await Server.TreeSizeAsync();
        var refused = await official.PostAsync("/api/requests", new { fundId = 1, program = "education", region = "520102", amount = 0.001m, purpose = "x", beneficiaries = 1 });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("invalid-amount", problem.GetProperty("code").GetString());
        var missing = await official.PostAsync("/api/requests/99999999/usage", new { amount = 1m, category = "x" });
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(before, await Server.TreeSizeAsync());
    }

    [Theory]
    [InlineData("{\"fundId\":1,")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("{\"fundId\":\"one\"}")]
    [InlineData("{\"fundId\":1,\"amount\":1e400}")]
    [InlineData("{\"fundId\":1,\"amount\":\"100\"}")]
    [InlineData("{\"fundId\":1,\"isAdmin\":true}")]
    public async Task Malformed_bodies_are_400_and_append_nothing(string json)
    {
        using var official = await PortalClient.SignInAsync(Server, "official");
        var before = await Server.TreeSizeAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/requests") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-CSRF-TOKEN", official.AntiforgeryToken);
        var response = await official.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await Server.TreeSizeAsync());
    }

    [Fact]
    public async Task Oversized_and_non_json_bodies_are_refused()
    {
        using var official = await PortalClient.SignInAsync(Server, "official");
        var huge = new HttpRequestMessage(HttpMethod.Post, "/api/requests")
        {
            Content = new StringContent($"{{\"purpose\":\"{new string('x', 100_000)}\"}}", Encoding.UTF8, "application/json"),
        };
        huge.Headers.Add("X-CSRF-TOKEN", official.AntiforgeryToken);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await official.Http.SendAsync(huge)).StatusCode);
        var text = new HttpRequestMessage(HttpMethod.Post, "/api/requests") { Content = new StringContent("fundId=1", Encoding.UTF8, "text/plain") };
        text.Headers.Add("X-CSRF-TOKEN", official.AntiforgeryToken);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await official.Http.SendAsync(text)).StatusCode);
    }

    [Fact]
    public async Task Cookie_callers_need_the_antiforgery_token()
    {
        using var official = await PortalClient.SignInAsync(Server, "official");
        var body = new { fundId = 1, program = "education", region = "520102", amount = 10m, purpose = "x", beneficiaries = 1 };
        Assert.Equal(HttpStatusCode.BadRequest, (await official.PostAsync("/api/requests", body, withAntiforgery: false)).StatusCode);
        var forged = new HttpRequestMessage(HttpMethod.Post, "/api/requests") { Content = JsonContent.Create(body) };
        forged.Headers.Add("X-CSRF-TOKEN", "CfDJ8forgedtoken");
        Assert.Equal(HttpStatusCode.BadRequest, (await official.Http.SendAsync(forged)).StatusCode);
        // Another user's token does not work for this user.
        using var approver = await PortalClient.SignInAsync(Server, "approver");
        var borrowed = new HttpRequestMessage(HttpMethod.Post, "/api/requests") { Content = JsonContent.Create(body) };
        borrowed.Headers.Add("X-CSRF-TOKEN", approver.AntiforgeryToken);
        Assert.Equal(HttpStatusCode.BadRequest, (await official.Http.SendAsync(borrowed)).StatusCode);
    }

    public static TheoryData<string, string, string> Matrix()
    {
        // Endpoint, caller, expected: "401", "403", or "ok" (allowed: any answer but 401/403, here 404 for an unknown id).
        var endpoints = new Dictionary<string, string[]>
        {
            ["/api/requests"] = ["official"],
            ["/api/requests/99999999/approve"] = ["approver", "approver2", "supervisor"],
            ["/api/requests/99999999/reject"] = ["approver", "approver2", "supervisor"],
            ["/api/requests/99999999/cancel"] = ["official", "approver", "approver2", "supervisor", "admin"],
            ["/api/requests/99999999/usage"] = ["official"],
            ["/api/requests/99999999/returns"] = ["official"],
            ["/api/disbursements/confirm"] = ["bank"],
        };
        var callers = new[] { "anonymous", "official", "approver", "approver2", "supervisor", "admin", "bank" };
        var data = new TheoryData<string, string, string>();
        foreach (var (endpoint, allowed) in endpoints)
        {
            foreach (var caller in callers)
            {
                // The bank's key authenticates only the bank's endpoint, and people's cookies never authenticate it.
                var unauthenticated = caller is "anonymous" || caller == "bank" || endpoint == "/api/disbursements/confirm";
                data.Add(endpoint, caller, allowed.Contains(caller) ? "ok" : unauthenticated ? "401" : "403");
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Every_command_is_authorized_by_role(string endpoint, string caller, string expected)
    {
        using var client = caller switch
        {
            "anonymous" => PortalClient.Anonymous(Server),
            "bank" => PortalClient.Bank(Server),
            _ => await PortalClient.SignInAsync(Server, caller),
        };
        object body = endpoint.Split('/')[^1] switch
        {
            "confirm" => new { requestId = 99999999, bankReference = "MATRIX-1", amount = 1m },
            "requests" => new { fundId = 99999999, program = "education", region = "520102", amount = 1m, purpose = "x", beneficiaries = 1 },
            "approve" or "reject" => new { comment = "x" },
            "cancel" => new { reason = "x" },
            "usage" => new { amount = 1m, category = "x" },
            _ => (object)new { amount = 1m, reason = "x" },
        };
        var before = await Server.TreeSizeAsync();
        var status = (int)(await client.PostAsync(endpoint, body)).StatusCode;
        switch (expected)
        {
            case "ok":
                Assert.Equal(404, status);
                break;
            default:
                Assert.Equal(int.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), status);
                break;
        }
        Assert.Equal(before, await Server.TreeSizeAsync());
    }

    [Theory]
    [InlineData("anonymous", 401)]
    [InlineData("official", 403)]
    [InlineData("approver", 403)]
    [InlineData("admin", 403)]
    [InlineData("bank", 401)]
    [InlineData("supervisor", 200)]
    public async Task Anomalies_are_for_supervisors(string caller, int expected)
    {
        using var client = caller switch
        {
            "anonymous" => PortalClient.Anonymous(Server),
            "bank" => PortalClient.Bank(Server),
            _ => await PortalClient.SignInAsync(Server, caller),
        };
        var response = await client.Http.GetAsync("/api/anomalies?kind=duplicate-payment");
        Assert.Equal(expected, (int)response.StatusCode);
        if (expected == 200)
        {
            var anomalies = await response.Content.ReadFromJsonAsync<JsonElement>();
            // The demo plants duplicate payments.
            Assert.Contains(anomalies.GetProperty("items").EnumerateArray(), a => a.GetProperty("kind").GetString() == "duplicate-payment");
        }
    }

    [Fact]
    public async Task Evidence_is_stored_under_its_sha256_and_cited_by_a_request()
    {
        using var official = await PortalClient.SignInAsync(Server, "official");
        var document = Encoding.ASCII.GetBytes("%PDF-1.4\n% quote for greenhouse steel, 2017-05\n%%EOF\n");
        var upload = new HttpRequestMessage(HttpMethod.Post, "/api/evidence") { Content = new ByteArrayContent(document) };
        upload.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
        upload.Headers.Add("X-CSRF-TOKEN", official.AntiforgeryToken);
        var stored = await official.Http.SendAsync(upload);
        Assert.Equal(HttpStatusCode.Created, stored.StatusCode);
        var sha256 = (await stored.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sha256").GetString()!;
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(document)), sha256);

        Assert.Equal(document, await official.Http.GetByteArrayAsync($"/api/evidence/{sha256}"));
        using var anonymous = PortalClient.Anonymous(Server);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.Http.GetAsync($"/api/evidence/{sha256}")).StatusCode);

        var filed = await official.PostAsync("/api/requests", new { fundId = 1, program = "industry", region = "520111", amount = 20_000m, purpose = "Greenhouse steel", beneficiaries = 12, evidenceSha256 = sha256 });
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        var index = (await filed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ledgerIndex").GetInt64();
        var entry = await Server.Client.GetFromJsonAsync<JsonElement>($"/api/ledger/entries/{index}");
        Assert.Equal(sha256, entry.GetProperty("payload").GetProperty("evidenceSha256").GetString());

        var script = new HttpRequestMessage(HttpMethod.Post, "/api/evidence") { Content = new StringContent("<script>alert(1)</script>", Encoding.UTF8, "text/html") };
        script.Headers.Add("X-CSRF-TOKEN", official.AntiforgeryToken);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await official.Http.SendAsync(script)).StatusCode);
    }

    [Fact]
    public async Task A_wrong_api_key_is_401()
    {
        using var impostor = PortalClient.Bank(Server, "pk_not-a-real-key");
        var response = await impostor.PostAsync("/api/disbursements/confirm", new { requestId = 1, bankReference = "X", amount = 1m });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
