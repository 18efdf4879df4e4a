using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Web.Security;

/// <summary>
/// The attack and bad-input catalogue (attack-catalogue.json) against the real host: every case gets the status
/// and refusal code it lists, a problem with a clear message, and appends nothing to the ledger.
/// </summary>
public sealed class AttackCatalogueTests(AttackCatalogueTests.Targets targets) : IClassFixture<AttackCatalogueTests.Targets>
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var name in Catalogue().Select(c => c["name"]!.GetValue<string>()))
        {
            data.Add(name);
        }
        return data;
    }

    [Fact]
    public void The_catalogue_has_at_least_sixty_distinct_cases()
    {
        var names = Catalogue().Select(c => c["name"]!.GetValue<string>()).ToList();
        Assert.True(names.Count >= 60, $"{names.Count} cases");
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_attack_is_refused_clearly_and_appends_nothing(string name)
    {
        var attack = Catalogue().Single(c => c["name"]!.GetValue<string>() == name);
        var before = await targets.Server.TreeSizeAsync();

        using var request = targets.Build(attack);
        var client = await targets.ClientAsync(attack["as"]!.GetValue<string>());
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.True((int)response.StatusCode == attack["status"]!.GetValue<int>(), $"{name}: expected {attack["status"]}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()), body);
        Assert.True(problem.TryGetProperty("detail", out var detail) && detail.GetString()!.Length >= 10, $"{name}: no clear message: {body}");
        if (attack["code"] is { } code)
        {
            Assert.Equal(code.GetValue<string>(), problem.TryGetProperty("code", out var got) ? got.GetString() : null);
        }
        Assert.Equal(before, await targets.Server.TreeSizeAsync());
    }

    private static List<JsonNode> Catalogue() =>
        [.. JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Web", "Security", "attack-catalogue.json")))!["cases"]!.AsArray()!.Select(c => c!)];

    /// <summary>The portal, its callers, and real records for the catalogue's placeholders.</summary>
    public sealed class Targets : IAsyncLifetime
    {
        private readonly SeededPortal _portal = new();
        private readonly Dictionary<string, PortalClient> _clients = [];
        private readonly Dictionary<string, string> _values = [];

        public PortalServer Server => _portal.Server;

        public async ValueTask InitializeAsync()
        {
            await _portal.InitializeAsync();
            foreach (var user in new[] { "official", "approver", "approver2", "supervisor", "admin" })
            {
                _clients[user] = await PortalClient.SignInAsync(Server, user);
            }
            _clients["bank"] = PortalClient.Bank(Server);
            _values["bankKey"] = Server.BankApiKey;
            _values["ownPending"] = (await FileAsync(1_000m)).ToString(CultureInfo.InvariantCulture);
            // Demand may exceed the budget; approving it may not.
            _values["bigPending"] = (await FileAsync(2_999_999_999m)).ToString(CultureInfo.InvariantCulture);
            var approved = await FileAsync(2_000m);
            await ApproveAsync(approved);
            _values["ownApproved"] = approved.ToString(CultureInfo.InvariantCulture);
            var paid = await FileAsync(10_000m);
            await ApproveAsync(paid);
            var reference = $"ATTACK-PAID-{paid}";
            using (var confirmed = await _clients["bank"].PostAsync("/api/disbursements/confirm", new { requestId = paid, bankReference = reference, amount = 10_000m, payee = "Catalogue payee" }))
            {
                confirmed.EnsureSuccessStatusCode();
            }
            _values["ownPaid"] = paid.ToString(CultureInfo.InvariantCulture);
            _values["ownPaidReference"] = reference;
            var page = await Server.Client.GetFromJsonAsync<JsonElement>("/api/disbursements?limit=100");
            var other = page.GetProperty("items").EnumerateArray().First(d => d.GetProperty("department").GetString() != "5201-pao").GetProperty("id").GetInt64();
            var record = await Server.Client.GetFromJsonAsync<JsonElement>($"/api/disbursements/{other}");
            _values["otherPaid"] = record.GetProperty("requestId").GetInt64().ToString(CultureInfo.InvariantCulture);
        }

        private async Task<long> FileAsync(decimal amount)
        {
            using var filed = await _clients["official"].PostAsync("/api/requests", new { fundId = 1, program = "education", region = "520102", amount, purpose = "Catalogue target", beneficiaries = 10 });
            filed.EnsureSuccessStatusCode();
            return (await filed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        }

        private async Task ApproveAsync(long id)
        {
            using var approved = await _clients["approver2"].PostAsync($"/api/requests/{id}/approve", new { comment = "ok" });
            approved.EnsureSuccessStatusCode();
        }

        /// <summary>
        /// A caller, by the catalogue's name: a signed-in role, the bank, or one of them with a broken credential
        /// ("official:forged-token" and the like).
        /// </summary>
        public async Task<HttpClient> ClientAsync(string who)
        {
            var (user, twist) = who.Split(':') is [var u, var t] ? (u, t) : (who, "");
            if (user == "anonymous")
            {
                return PortalClient.Anonymous(Server).Http;
            }
            if (user == "bank")
            {
                var bank = PortalClient.Bank(Server, twist == "wrong-key" ? "pk_" + new string('A', 43) : null).Http;
                if (twist == "bearer")
                {
                    bank.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Server.BankApiKey);
                }
                return bank;
            }
            if (twist == "")
            {
                return Signed(_clients[user], _clients[user].AntiforgeryToken);
            }
            var fresh = await PortalClient.SignInAsync(Server, user);
            switch (twist)
            {
                case "no-token":
                    return fresh.Http;
                case "forged-token":
                    return Signed(fresh, "CfDJ8" + new string('x', 150));
                case "approver-token":
                    return Signed(fresh, _clients["approver"].AntiforgeryToken);
                case "earlier-session-token":
                    // The long-lived session's token, sent with this newer session's cookies.
                    return Signed(fresh, _clients[user].AntiforgeryToken);
                case "tampered-cookie":
                    foreach (Cookie cookie in fresh.Cookies.GetAllCookies())
                    {
                        cookie.Value = cookie.Value[..^4] + (cookie.Value.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");
                    }
                    return fresh.Http;
                default:
                    throw new ArgumentException($"Unknown caller '{who}' in the catalogue.");
            }
        }

        private static HttpClient Signed(PortalClient client, string? token)
        {
            client.Http.DefaultRequestHeaders.Remove("X-CSRF-TOKEN");
            client.Http.DefaultRequestHeaders.Add("X-CSRF-TOKEN", token);
            return client.Http;
        }

        public HttpRequestMessage Build(JsonNode attack)
        {
            var request = new HttpRequestMessage(new HttpMethod(attack["method"]!.GetValue<string>()), Fill(attack["path"]!.GetValue<string>(), json: false));
            byte[]? bytes = null;
            if (attack["rawBase64"] is { } base64)
            {
                bytes = Convert.FromBase64String(base64.GetValue<string>());
            }
            else if (attack["raw"] is { } raw)
            {
                bytes = Encoding.UTF8.GetBytes(raw.GetValue<string>());
            }
            else if (attack["body"] is { } body)
            {
                bytes = Encoding.UTF8.GetBytes(Fill(body.ToJsonString(), json: true));
            }
            else if (request.Method == HttpMethod.Post)
            {
                bytes = [];
            }
            if (bytes is not null)
            {
                HttpContent content = attack["chunked"]?.GetValue<bool>() == true
                    ? new StreamContent(new UnknownLengthStream(bytes))
                    : new ByteArrayContent(bytes);
                content.Headers.ContentType = MediaTypeHeaderValue.Parse(attack["contentType"]?.GetValue<string>() ?? "application/json");
                request.Content = content;
            }
            return request;
        }

        /// <summary>Puts live ids in place of the catalogue's placeholders (numbers unquoted in JSON).</summary>
        private string Fill(string text, bool json)
        {
            foreach (var (name, value) in _values)
            {
                if (json && long.TryParse(value, CultureInfo.InvariantCulture, out _))
                {
                    text = text.Replace($"\"{{{name}}}\"", value, StringComparison.Ordinal);
                }
                text = text.Replace($"{{{name}}}", value, StringComparison.Ordinal);
            }
            return text;
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var client in _clients.Values)
            {
                client.Dispose();
            }
            await _portal.DisposeAsync();
        }
    }

    /// <summary>A body whose length the client cannot tell, so it is sent chunked with no Content-Length.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
