using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Web.Operations;

/// <summary>A seeded portal logging JSON to its console at Information (Debug for its own categories), as an operator would run it.</summary>
public sealed class JsonLoggingPortal : SeededPortal
{
    protected override void Configure(Dictionary<string, string> environment)
    {
        environment["Logging__Console__FormatterName"] = "json";
        environment["Logging__LogLevel__Default"] = "Information";
        environment["Logging__LogLevel__Microsoft.AspNetCore"] = "Information";
        environment["Logging__LogLevel__Microsoft.EntityFrameworkCore"] = "Information";
        environment["Logging__LogLevel__Portal"] = "Debug";
    }
}

/// <summary>
/// The portal's logs as a log collector and a privacy officer read them: one JSON object per line, each line of a
/// request carrying its request and trace IDs, and, through a whole run (sign-in in a browser, every step of a
/// payment to a person, feedback with a contact, disclosures), not one password, key, token or personal value.
/// </summary>
public sealed partial class LogHygieneTests(JsonLoggingPortal portal) : IClassFixture<JsonLoggingPortal>
{
    private PortalServer Server => portal.Server;

    [Fact]
    public async Task Every_line_is_json_and_the_lines_of_a_request_carry_its_request_and_trace_ids()
    {
        var marker = Guid.NewGuid().ToString("N");
        using (var response = await Server.Client.GetAsync($"/api/funds?probe={marker}"))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        await Server.LogLineAsync(marker);

        var lines = LogLines(Server.Log);
        Assert.NotEmpty(lines);
        var ofRequest = lines.Where(l => l.GetRawText().Contains(marker, StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(ofRequest);
        foreach (var line in lines)
        {
            Assert.True(line.TryGetProperty("EventId", out _) && line.TryGetProperty("Category", out _) && line.TryGetProperty("Timestamp", out _),
                $"A log line without its event ID, category or time: {line}");
            if (Scope(line, "RequestId") is not null)
            {
                Assert.True(TraceId().IsMatch(Scope(line, "TraceId") ?? ""), $"A request's line without its trace ID: {line}");
                Assert.NotNull(Scope(line, "SpanId"));
            }
        }
        // One request: one request ID and one trace, on every line it logged.
        Assert.Single(ofRequest.Select(l => Scope(l, "RequestId")).Distinct());
        Assert.Single(ofRequest.Select(l => Scope(l, "TraceId")).Distinct());
        Assert.All(ofRequest, l => Assert.NotNull(Scope(l, "RequestId")));
    }

    [Fact]
    public async Task A_whole_run_logs_no_password_key_token_or_personal_value()
    {
        var secrets = new Dictionary<string, string>();
        var payee = $"王秀英{Random.Shared.Next(100_000, 999_999)}";
        var contact = $"Tel 139-{Random.Shared.Next(1000, 9999)}-{Random.Shared.Next(1000, 9999)}";
        var feedbackText = $"The wells in hamlet {Guid.NewGuid():N} were never dug";
        var wrongPassword = $"Wrong-{Guid.NewGuid():N}";
        secrets["payee"] = payee;
        secrets["contact"] = contact;
        secrets["feedback text"] = feedbackText;
        secrets["mistyped password"] = wrongPassword;
        foreach (var user in new[] { "official", "approver2", "supervisor" })
        {
            secrets[$"{user}'s password"] = Server.DemoPassword(user);
        }
        secrets["bank API key"] = Server.BankApiKey;

        // An official signs in and files in a browser, after one mistyped password.
        await using (var browser = await BrowserSession.StartAsync())
        {
            var page = await browser.NewPageAsync();
            await page.GotoAsync(new Uri(Server.BaseAddress, "/account/login?returnUrl=%2Frequests").ToString());
            await page.FillAsync("#username", "official");
            await page.FillAsync("#password", wrongPassword);
            await page.ClickAsync("button[type=submit]");
            await Assertions.Expect(page.Locator("#password")).ToBeVisibleAsync();
            await BrowserSession.SignInAsync(page, Server, "official", "/requests");
            await BrowserSession.InteractiveAsync(page);
            var file = page.GetByTestId("file-request");
            await file.ClickAsync();
            await page.GetByTestId("program").ClickAsync();
            await page.Locator(".mud-popover-open").GetByText("Education", new() { Exact = true }).ClickAsync();
            await page.GetByTestId("region").ClickAsync();
            await page.Locator(".mud-popover-open").GetByText(new Regex("Nanming District")).ClickAsync();
            await page.GetByTestId("amount").FillAsync("3200");
            await page.GetByTestId("purpose").FillAsync("Well pumps for Nanming hamlets");
            await file.ClickAsync();
            await Assertions.Expect(page.GetByText(new Regex("filed: ledger entry"))).ToBeVisibleAsync();
            foreach (var cookie in await page.Context.CookiesAsync())
            {
                secrets[$"browser cookie {cookie.Name}"] = cookie.Value;
            }
        }

        // Approved, paid to a person, reported on, asked about; a supervisor reads the payee and the contact.
        using var official = await PortalClient.SignInAsync(Server, "official");
        using var approver = await PortalClient.SignInAsync(Server, "approver2");
        using var supervisor = await PortalClient.SignInAsync(Server, "supervisor");
        using var bank = PortalClient.Bank(Server);
        secrets["antiforgery token"] = official.AntiforgeryToken!;
        foreach (var cookie in official.Cookies.GetAllCookies().Cast<System.Net.Cookie>())
        {
            secrets[$"API cookie {cookie.Name}"] = cookie.Value;
        }
        var filed = await official.PostAsync("/api/requests", new { fundId = 1, program = "education", region = "520102", amount = 2_400m, purpose = "Stipends for two students", beneficiaries = 2 });
        var id = (await filed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await approver.PostAsync($"/api/requests/{id}/approve", new { comment = "Within the plan" })).StatusCode);
        var paid = await bank.PostAsync("/api/disbursements/confirm", new { requestId = id, bankReference = $"LOG-{id}", amount = 2_400m, payee, payeeType = "individual" });
        Assert.Equal(HttpStatusCode.Created, paid.StatusCode);
        var disbursementId = (await paid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("disbursementId").GetInt64();
        Assert.Equal(HttpStatusCode.Created, (await official.PostAsync($"/api/requests/{id}/usage", new { amount = 2_400m, category = "stipends" })).StatusCode);
        using var anonymous = PortalClient.Anonymous(Server);
        var sent = await anonymous.PostAsync($"/api/disbursements/{disbursementId}/feedback", new { kind = "complaint", category = "money-not-received", text = feedbackText, contact }, withAntiforgery: false);
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        var feedbackId = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("feedbackId").GetInt64();
        var disclosedPayee = await supervisor.Http.GetFromJsonAsync<JsonElement>($"/api/disbursements/{disbursementId}/payee");
        Assert.Equal(payee, disclosedPayee.GetProperty("value").GetString());
        var disclosedContact = await supervisor.Http.GetFromJsonAsync<JsonElement>($"/api/feedback/{feedbackId}/contact");
        Assert.Equal(contact, disclosedContact.GetProperty("contact").GetString());

        var signingKey = Server.Environment["Ledger__SigningKeyPath"];
        secrets["ledger signing key"] = PrivateKey(File.ReadAllText(signingKey));
        secrets["payee matching key"] = File.ReadAllText(Path.Combine(Path.GetDirectoryName(signingKey)!, "payee-key.secret")).Trim();
        foreach (var key in Directory.GetFiles(Server.Environment["DataProtection__KeysPath"], "*.xml"))
        {
            secrets[$"data-protection key {Path.GetFileName(key)}"] = MasterKey().Match(File.ReadAllText(key)).Groups[1].Value;
        }

        // The log as the collector gets it: everything the portal wrote, except the demo's own credentials banner.
        var log = string.Join('\n', LogLines(Server.Log).Select(l => l.GetRawText()));
        Assert.Contains("/api/disbursements/confirm", log, StringComparison.Ordinal);
        foreach (var (what, value) in secrets)
        {
            Assert.False(string.IsNullOrEmpty(value), $"The test did not learn the {what}.");
            Assert.False(log.Contains(value, StringComparison.Ordinal) || log.Contains(JsonEncodedText.Encode(value).ToString(), StringComparison.Ordinal),
                $"The {what} is in the log.");
        }
    }

    /// <summary>
    /// Every line the portal wrote, parsed, but the demo's banner of throwaway credentials (standard output, never a
    /// log line): anything else that is not JSON fails the test.
    /// </summary>
    private static List<JsonElement> LogLines(string log)
    {
        var lines = new List<JsonElement>();
        var banner = false;
        foreach (var line in log.Split('\n').Select(l => l.TrimEnd('\r')))
        {
            if (line.StartsWith("Demo accounts (", StringComparison.Ordinal))
            {
                banner = true;
                continue;
            }
            if (banner)
            {
                banner = !line.Contains("Paying bank API key", StringComparison.Ordinal);
                continue;
            }
            if (line.Length == 0)
            {
                continue;
            }
            try
            {
                lines.Add(JsonDocument.Parse(line).RootElement.Clone());
            }
            catch (JsonException)
            {
                Assert.Fail($"Not a JSON log line: {line}");
            }
        }
        return lines;
    }

    private static string? Scope(JsonElement line, string name) =>
        line.TryGetProperty("Scopes", out var scopes)
            ? scopes.EnumerateArray().Where(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty(name, out _))
                .Select(s => s.GetProperty(name).ToString()).FirstOrDefault()
            : null;

    /// <summary>The key itself in a note key file, PRIVATE+KEY+name+hash+key (the name and hash are public; the key's base64 may hold '+').</summary>
    private static string PrivateKey(string keyFile) => keyFile.Trim().Split('+', 5)[4];

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex TraceId();

    [GeneratedRegex("<value>([^<]+)</value>")]
    private static partial Regex MasterKey();
}
