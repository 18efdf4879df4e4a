using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Ledger.Funds;
using Portal.Ledger.Storage;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Web.Operations;

/// <summary>
/// Three portal processes on one database, and many clients racing each other through all three to approve and pay
/// the same requests: every request is approved once and paid once, never beyond its approval; a payment retried
/// with the same bank reference on another instance is the same payment; the chain stays one linear history.
/// </summary>
public sealed class MultiProcessConcurrencyTests
{
    private const int Requests = 12;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Racing_approvals_and_payments_across_processes_approve_and_pay_each_request_exactly_once(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var directory = new TempDirectory();
        var environment = PortalServer.EnvironmentFor(database.Options, directory.Path, seedDemo: true);
        environment["Demo__Requests"] = "20";
        await using var first = await PortalServer.StartAsync(environment);
        await using var second = await PortalServer.StartAsync(environment);
        await using var third = await PortalServer.StartAsync(environment);
        // Each start re-creates the demo accounts: the last one printed the passwords in force.
        PortalServer[] servers = [first, second, third];
        var clients = new List<(PortalClient Official, PortalClient Approver, PortalClient Approver2, PortalClient Bank)>();
        foreach (var server in servers)
        {
            clients.Add((await SignInAsync(server, third, "official"), await SignInAsync(server, third, "approver"), await SignInAsync(server, third, "approver2"),
                PortalClient.Bank(server, third.BankApiKey)));
        }

        var ids = new List<long>();
        for (var i = 0; i < Requests; i++)
        {
            using var filed = await clients[i % 3].Official.PostAsync("/api/requests", new { fundId = 1, program = "education", region = "520102", amount = 90_000m, purpose = $"Race {i}", beneficiaries = 1 });
            Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
            ids.Add((await filed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64());
        }

        // Two approvers on each of the three instances race for every request.
        var approvals = await Task.WhenAll(ids.SelectMany(id => clients.SelectMany(c => new[] { c.Approver, c.Approver2 })
            .Select(async approver =>
            {
                using var response = await approver.PostAsync($"/api/requests/{id}/approve", new { comment = "race" });
                return (Id: id, response.StatusCode, Body: await response.Content.ReadAsStringAsync());
            })));
        Assert.All(approvals, a => Assert.True(a.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, $"{a.StatusCode}: {a.Body}"));
        Assert.All(ids, id => Assert.Equal(1, approvals.Count(a => a.Id == id && a.StatusCode == HttpStatusCode.OK)));

        // The bank, through every instance at once: the same payment twice (a retry), and two other payments of
        // the full amount that must not both go through.
        var payments = await Task.WhenAll(ids.SelectMany(id => new (PortalClient Client, string Reference)[]
        {
            (clients[0].Bank, $"RACE-{id}-A"), (clients[1].Bank, $"RACE-{id}-A"),
            (clients[2].Bank, $"RACE-{id}-B"), (clients[0].Bank, $"RACE-{id}-C"),
        }.Select(async attempt =>
        {
            using var response = await attempt.Client.PostAsync("/api/disbursements/confirm", new { requestId = id, bankReference = attempt.Reference, amount = 90_000m, payee = "Race payee" });
            var body = await response.Content.ReadAsStringAsync();
            return (Id: id, attempt.Reference, response.StatusCode, Disbursement: response.IsSuccessStatusCode ? JsonDocument.Parse(body).RootElement.GetProperty("disbursementId").GetInt64() : 0, Body: body);
        })));
        Assert.All(payments, p => Assert.True(p.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK or HttpStatusCode.Conflict, $"{p.StatusCode}: {p.Body}"));
        foreach (var id in ids)
        {
            var paid = payments.Where(p => p.Id == id && p.StatusCode != HttpStatusCode.Conflict).ToList();
            Assert.True(paid.Select(p => p.Disbursement).Distinct().Count() == 1, string.Join("\n", paid.Select(p => $"{p.Reference} {p.StatusCode} {p.Body}")));
            Assert.Single(paid, p => p.StatusCode == HttpStatusCode.Created);
        }

        await using var db = new LedgerStore(database.Options).CreateContext();
        var requests = await db.Set<RequestRecord>().AsNoTracking().Where(r => ids.Contains(r.Id)).ToListAsync();
        Assert.All(requests, r => Assert.Equal((RequestState.Approved, 90_000m), (r.State, r.Disbursed)));
        var kinds = await db.Entries.AsNoTracking().Where(e => e.Kind == FundEvents.DisbursementConfirmed || e.Kind == FundEvents.RequestApproved)
            .Select(e => new { e.Kind, e.Payload }).ToListAsync();
        foreach (var id in ids)
        {
            var mine = kinds.Where(k => k.Payload.Contains($"\"requestId\":{id},", StringComparison.Ordinal) || k.Payload.Contains($"\"requestId\":{id}}}", StringComparison.Ordinal)).ToList();
            Assert.Equal(1, mine.Count(k => k.Kind == FundEvents.RequestApproved));
            Assert.Equal(1, mine.Count(k => k.Kind == FundEvents.DisbursementConfirmed));
        }
        var fund = await db.Set<FundRecord>().AsNoTracking().SingleAsync(f => f.Id == 1);
        Assert.True(fund.Disbursed <= fund.Approved && fund.Approved <= fund.Budget);

        await StoredLedger.AssertIntactAsync(database.Options, environment, provider.ToString());
        foreach (var client in clients.SelectMany(c => new[] { c.Official, c.Approver, c.Approver2, c.Bank }))
        {
            client.Dispose();
        }
    }

    private static Task<PortalClient> SignInAsync(PortalServer server, PortalServer printedBy, string user) =>
        PortalClient.SignInAsync(server, user, printedBy.DemoPassword(user));
}
