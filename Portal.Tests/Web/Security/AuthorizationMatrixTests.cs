using System.Net;
using System.Text;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Web.Security;

/// <summary>
/// The authorization table in docs/security.md against the real portal: every route the portal maps is in the
/// table (and nothing else is), and every cell is what the running portal does for that caller.
/// </summary>
public sealed class AuthorizationMatrixTests(SeededPortal portal) : IClassFixture<SeededPortal>
{
    private static readonly string[] Principals = ["anonymous", "official", "approver", "supervisor", "administrator", "bank"];

    private enum Outcome { Allowed, SignIn, Denied }

    [Fact]
    public async Task The_documented_table_lists_exactly_the_routes_the_portal_maps()
    {
        var result = await ChildProcess.RunAsync(SolutionPaths.WebDll, ["routes"], portal.Server.Environment);
        Assert.Equal(0, result.ExitCode);
        var mapped = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('\t')).Select(f => $"{f[0]} {f[1]}").Order(StringComparer.Ordinal).ToList();
        var documented = Table().SelectMany(row => row.Methods.Select(m => $"{m} {row.Route}")).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(mapped, documented);
    }

    [Fact]
    public async Task Every_cell_of_the_table_is_what_the_portal_does()
    {
        var server = portal.Server;
        var before = await server.TreeSizeAsync();
        var mismatches = new List<string>();
        var rows = Table().OrderBy(r => r.Route.Contains("logout", StringComparison.Ordinal)).ToList();
        for (var p = 0; p < Principals.Length; p++)
        {
            var principal = Principals[p];
            foreach (var row in rows)
            {
                foreach (var method in row.Methods)
                {
                    // Signing out ends the session: those rows get a session of their own.
                    using var client = await ClientAsync(server, principal, p);
                    using var response = await client.Http.SendAsync(Request(client, method, row.Route));
                    Assert.True((int)response.StatusCode < 500 && response.StatusCode != HttpStatusCode.TooManyRequests, $"{principal} {method} {row.Route}: {(int)response.StatusCode}");
                    var outcome = Classify(row.Route, response);
                    var allowed = row.Allowed[p];
                    // Metrics are refused by network (403) to signed-in and anonymous callers alike.
                    var expected = allowed ? [Outcome.Allowed] : principal == "anonymous" && row.Route != "/metrics" ? new[] { Outcome.SignIn } : [Outcome.SignIn, Outcome.Denied];
                    if (!expected.Contains(outcome))
                    {
                        mismatches.Add($"{principal} {method} {row.Route}: documented {(allowed ? "allowed" : "refused")}, got {(int)response.StatusCode} ({outcome})");
                    }
                }
            }
        }
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
        // The calls that got through authorization named nothing real or were incomplete: nothing was appended.
        Assert.Equal(before, await server.TreeSizeAsync());
    }

    private static async Task<PortalClient> ClientAsync(PortalServer server, string principal, int index)
    {
        var client = principal switch
        {
            "anonymous" => PortalClient.Anonymous(server),
            "bank" => PortalClient.Bank(server),
            "administrator" => await PortalClient.SignInAsync(server, "admin"),
            _ => await PortalClient.SignInAsync(server, principal),
        };
        // Each caller its own address, so the anonymous ones do not share one rate-limit budget.
        client.Http.DefaultRequestHeaders.Add("X-Forwarded-For", $"198.51.100.{index + 1}");
        return client;
    }

    private static HttpRequestMessage Request(PortalClient client, string method, string route)
    {
        var path = Concrete(route);
        var request = method switch
        {
            "*" when route.EndsWith("/negotiate", StringComparison.Ordinal) => new HttpRequestMessage(HttpMethod.Post, path + "?negotiateVersion=1"),
            "*" => new HttpRequestMessage(HttpMethod.Get, path),
            _ => new HttpRequestMessage(new HttpMethod(method), path),
        };
        if (request.Method == HttpMethod.Post)
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
            if (client.AntiforgeryToken is { } token)
            {
                request.Headers.Add("X-CSRF-TOKEN", token);
            }
        }
        return request;
    }

    /// <summary>A real path for a route: records that exist, requests that do not (so nothing is changed).</summary>
    private static string Concrete(string route) => route
        .Replace("{Id:long}", "1", StringComparison.Ordinal)
        .Replace("{Height:long}", "1", StringComparison.Ordinal)
        .Replace("{Index:long}", "0", StringComparison.Ordinal)
        .Replace("{id}", "1", StringComparison.Ordinal)
        .Replace("{height}", "1", StringComparison.Ordinal)
        .Replace("{index}", "0", StringComparison.Ordinal)
        .Replace("{id:long}", "999999999", StringComparison.Ordinal)
        .Replace("{sha256}", new string('0', 64), StringComparison.Ordinal)
        .Replace("{documentName}", "v1", StringComparison.Ordinal)
        .Replace("/{documentName?}", "", StringComparison.Ordinal)
        .Replace("{**path:file}", "favicon.svg", StringComparison.Ordinal)
        .Replace("/tile/{**path}", "/tile/0/000.p/1", StringComparison.Ordinal) switch
    {
        "/culture" => "/culture?name=en&redirectUri=%2F",
        "/api/ledger/proofs/inclusion" => "/api/ledger/proofs/inclusion?index=0&treeSize=1",
        "/api/ledger/proofs/consistency" => "/api/ledger/proofs/consistency?from=1&to=2",
        var path => path,
    };

    private static Outcome Classify(string route, HttpResponseMessage response)
    {
        var status = response.StatusCode;
        if (route == "/account/denied" && status == HttpStatusCode.Forbidden && response.Content.Headers.ContentType?.MediaType == "text/html")
        {
            // The refusal page itself: shown to anyone, with the status it explains.
            return Outcome.Allowed;
        }
        var location = response.Headers.Location?.OriginalString ?? "";
        return status switch
        {
            HttpStatusCode.Unauthorized => Outcome.SignIn,
            HttpStatusCode.Forbidden => Outcome.Denied,
            HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther when location.Contains("/account/login", StringComparison.Ordinal) => Outcome.SignIn,
            HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther when location.Contains("/account/denied", StringComparison.Ordinal) => Outcome.Denied,
            _ => Outcome.Allowed,
        };
    }

    private sealed record Row(string[] Methods, string Route, bool[] Allowed);

    private static List<Row> Table()
    {
        var rows = new List<Row>();
        foreach (var line in File.ReadLines(Path.Combine(SolutionPaths.Root, "docs", "security.md")))
        {
            var cells = line.Split('|', StringSplitOptions.TrimEntries);
            // | method | route | six callers |, skipping the header and its rule.
            if (cells.Length != 10 || !cells[2].StartsWith('`'))
            {
                continue;
            }
            var allowed = cells[3..9].Select(c => c switch
            {
                "✓" => true,
                "–" => false,
                _ => throw new FormatException($"docs/security.md: '{c}' in '{line}' is neither ✓ nor –."),
            }).ToArray();
            rows.Add(new Row(cells[1].Split(", "), cells[2].Trim('`'), allowed));
        }
        Assert.True(rows.Count > 20, "The authorization table was not found in docs/security.md.");
        return rows;
    }
}
