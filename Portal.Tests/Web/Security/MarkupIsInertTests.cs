using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Web.Security;

/// <summary>
/// Script and markup in every free-text field a caller can fill: stored exactly as given (the ledger records
/// what was said), and shown as text on every page that renders it, never as markup.
/// </summary>
public sealed class MarkupIsInertTests(SeededPortal portal) : IClassFixture<SeededPortal>
{
    // Short enough for the tightest field (a usage category, 100 characters).
    private static string Markup(string field) => $"<script>__pwned=1</script><img src=x onerror=__pwned=1><b>{field}</b>";

    [Fact]
    public async Task Markup_in_every_free_text_field_is_stored_as_given_and_rendered_as_text()
    {
        var server = portal.Server;
        using var official = await PortalClient.SignInAsync(server, "official");
        using var approver = await PortalClient.SignInAsync(server, "approver2");
        using var bank = PortalClient.Bank(server);

        var paid = await FileAsync(official, Markup("purpose"));
        await ExpectAsync(HttpStatusCode.OK, approver.PostAsync($"/api/requests/{paid}/approve", new { comment = Markup("comment") }));
        using var confirmed = await bank.PostAsync("/api/disbursements/confirm", new { requestId = paid, bankReference = $"MARKUP-{paid}", amount = 5_000m, payee = Markup("payee") });
        Assert.Equal(HttpStatusCode.Created, confirmed.StatusCode);
        var disbursement = (await confirmed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("disbursementId").GetInt64();
        await ExpectAsync(HttpStatusCode.Created, official.PostAsync($"/api/requests/{paid}/usage", new { amount = 1_000m, category = Markup("category") }));
        await ExpectAsync(HttpStatusCode.OK, official.PostAsync($"/api/requests/{paid}/returns", new { amount = 500m, reason = Markup("return") }));
        var cancelled = await FileAsync(official, "Cancelled with markup");
        await ExpectAsync(HttpStatusCode.OK, official.PostAsync($"/api/requests/{cancelled}/cancel", new { reason = Markup("cancel") }));
        var rejected = await FileAsync(official, "Rejected with markup");
        await ExpectAsync(HttpStatusCode.OK, approver.PostAsync($"/api/requests/{rejected}/reject", new { comment = Markup("reject") }));

        // Stored exactly as given.
        var record = await server.Client.GetStringAsync($"/api/disbursements/{disbursement}");
        Assert.Equal(Markup("purpose"), JsonDocument.Parse(record).RootElement.GetProperty("purpose").GetString());

        var pages = new List<(string Path, HttpClient Client)>
        {
            ($"/disbursements/{disbursement}", server.Client),
            ("/requests", official.Http),
            ("/approvals", approver.Http),
        };
        var timeline = JsonDocument.Parse(record).RootElement.GetProperty("ledgerIndexes").EnumerateArray().Select(i => i.GetInt64());
        pages.AddRange(timeline.Select(i => ($"/ledger/entries/{i}", server.Client)));
        var shown = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, client) in pages)
        {
            var html = await client.GetStringAsync(path);
            Assert.DoesNotContain("<script>__pwned", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
            foreach (var field in new[] { "purpose", "comment", "payee", "category", "return", "cancel", "reject" })
            {
                if (html.Contains($"&lt;b&gt;{field}&lt;/b&gt;", StringComparison.Ordinal))
                {
                    shown.Add(field);
                }
            }
        }
        // The fields these pages show were really on them (as text), so the checks above looked at them.
        Assert.Superset(new HashSet<string> { "purpose", "comment", "payee", "category", "return" }, shown);
    }

    private static async Task<long> FileAsync(PortalClient official, string purpose)
    {
        using var filed = await official.PostAsync("/api/requests", new { fundId = 1, program = "education", region = "520102", amount = 5_000m, purpose, beneficiaries = 3 });
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        return (await filed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    private static async Task ExpectAsync(HttpStatusCode status, Task<HttpResponseMessage> call)
    {
        using var response = await call;
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}
