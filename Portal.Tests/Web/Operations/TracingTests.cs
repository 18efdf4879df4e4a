using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Portal.Ledger.Funds;
using Portal.Ledger.Telemetry;
using Portal.Tests.Infrastructure;
using Portal.Web.Hosting;

namespace Portal.Tests.Web.Operations;

/// <summary>
/// One command's trace, from the portal's real pipeline (built as Program builds it, in this process, so that an
/// in-memory exporter can take its spans): the request, the command, the writer's append, decide, commit and
/// publish, and EF Core's statements inside them.
/// </summary>
public sealed class TracingTests
{
    [Fact]
    public async Task A_command_is_traced_from_the_request_through_decide_commit_and_publish()
    {
        using var directory = new TempDirectory();
        var spans = new List<Activity>();
        var address = new Uri($"http://127.0.0.1:{PortalServer.FreePort()}");
        var settings = PortalServer.SqliteEnvironment(directory.Path, seedDemo: false)
            .Select(s => $"--{s.Key.Replace("__", ":", StringComparison.Ordinal)}={s.Value}")
            // The standard variable turns tracing on; nothing listens there (the in-memory exporter is the one read).
            .Append("--OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:9")
            .Append($"--urls={address}")
            .ToArray();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = settings,
            ApplicationName = "Portal.Web",
            ContentRootPath = SolutionPaths.WebProjectDirectory,
            EnvironmentName = "Production",
        });
        builder.AddPortal(runAsCommand: false);
        builder.Services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans));
        await using var app = builder.Build();
        app.UsePortal();
        await app.StartAsync(TestContext.Current.CancellationToken);

        var funds = app.Services.GetRequiredService<FundService>();
        await funds.DefineRegionsAsync(FundScenario.Admin,
        [
            new RegionDefined("52", null, "province", "贵州省", "Guizhou Province"),
            new RegionDefined("5201", "52", "prefecture", "贵阳市", "Guiyang City"),
            new RegionDefined("520102", "5201", "county", "南明区", "Nanming District"),
        ]);
        await funds.DefineProgramAsync(FundScenario.Admin, new ProgramDefined("industry", "产业发展", "Industry development"));
        await funds.DefineDepartmentAsync(FundScenario.Admin, new DepartmentDefined("gy-agri", "Guiyang Agriculture Bureau", "5201"));
        var fund = await funds.CreateFundAsync(FundScenario.Admin, new CreateFund("Fund", "CNY", 1_000_000m, new DateOnly(2017, 1, 1), new DateOnly(2099, 12, 31), ApprovalPolicy.Default));
        var request = await funds.FileRequestAsync(FundScenario.Official, new FileRequest(fund.Id, "industry", "520102", 1_000m, "Seedlings", 10, null));

        using var http = new HttpClient { BaseAddress = address };
        // This process's HttpClient is instrumented too: the request's own client span starts the trace.
        using var sent = await http.PostAsJsonAsync($"/api/requests/{request.Id}/feedback", new { kind = "question", text = "When will the seedlings arrive?" },
            TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        await app.StopAsync(TestContext.Current.CancellationToken);

        List<Activity> all;
        lock (spans)
        {
            all = [.. spans];
        }
        var servers = all.Where(s => s.Kind == ActivityKind.Server && s.DisplayName.Contains("/feedback", StringComparison.Ordinal)).ToList();
        Assert.True(servers.Count == 1, $"One server span expected: {string.Join(", ", all.Select(s => $"{s.Source.Name}:{s.DisplayName}"))}");
        var server = servers[0];
        var trace = all.Where(s => s.TraceId == server.TraceId).ToList();
        var seen = string.Join(", ", trace.Select(s => $"{s.Source.Name}:{s.OperationName}"));
        Activity One(string name)
        {
            var found = trace.Where(s => s.OperationName == name && s.Source.Name == PortalTelemetry.Name).ToList();
            Assert.True(found.Count == 1, $"{found.Count} '{name}' spans in the trace: {seen}");
            return found[0];
        }
        Assert.Equal("POST /api/requests/{id:long}/feedback", server.DisplayName);
        var command = One("command");
        Assert.Equal(server.SpanId, command.ParentSpanId);
        Assert.Equal("submit-feedback", command.GetTagItem("portal.command"));
        Assert.Equal("accepted", command.GetTagItem("portal.outcome"));
        var append = One("append");
        Assert.Equal(command.SpanId, append.ParentSpanId);
        var decide = One("decide");
        Assert.Equal(append.SpanId, decide.ParentSpanId);
        var commit = One("commit");
        Assert.Equal(append.SpanId, commit.ParentSpanId);
        var publish = One("publish");
        Assert.Equal(append.SpanId, publish.ParentSpanId);
        Assert.True(decide.StartTimeUtc <= commit.StartTimeUtc && commit.StartTimeUtc <= publish.StartTimeUtc);
        // EF Core's statements that read the state the command is decided on (the block itself is written by
        // prepared ADO.NET commands, which EF Core does not see).
        Assert.Contains(trace, s => s.Kind == ActivityKind.Client && s.ParentSpanId == decide.SpanId
            && s.Source.Name.Contains("EntityFrameworkCore", StringComparison.Ordinal));
    }
}
