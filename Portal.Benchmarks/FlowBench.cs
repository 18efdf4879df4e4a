using System.Diagnostics;
using System.Globalization;
using Portal.Ledger.Chain;
using Portal.Ledger.Chain.Checkpoints;
using Portal.Ledger.Chain.Writing;
using Portal.Ledger.Funds;
using Portal.Ledger.Chain.Verifying;
using Portal.Ledger.Storage;

namespace Portal.Benchmarks;

/// <summary>
/// Full fund flows through the service layer on a real SQLite file: file a request, approve it, confirm the
/// payment, report usage. Concurrent workers, as many officials, approvers and the bank would be.
/// </summary>
internal static class FlowBench
{
    private static readonly Actor Admin = new("bench-admin", "Admin", null, new HashSet<string> { Roles.Administrator });
    private static readonly Actor Approver = new("bench-approver", "Approver", "bench-fin", new HashSet<string> { Roles.Approver });
    private static readonly Actor Bank = new("bench-bank", "Bank", null, new HashSet<string> { Roles.Bank });

    public static async Task<int> RunAsync(Arguments args)
    {
        var flows = args.Int("flows", 20_000);
        var workers = args.Int("workers", 64);
        // The share of payments (in percent) made to individuals, whose names the ledger holds only as commitments.
        var individuals = args.Int("individuals", 0);
        // The red-flag rules on (their defaults set as version 1 before the first flow), as the product runs them.
        var flagRules = args.Get("flag-rules") is not ("false" or "off");
        // The portal's metrics and traces, exported as a portal with OTEL_EXPORTER_OTLP_ENDPOINT exports them.
        // "metrics": metrics only (a portal without OTEL_EXPORTER_OTLP_ENDPOINT); "on": metrics and traces.
        var telemetryMode = args.Get("telemetry") ?? "off";
        var telemetryOn = telemetryMode is "on" or "metrics";
        var sample = double.Parse(args.Get("sample") ?? "1", CultureInfo.InvariantCulture);
        await using var telemetry = telemetryOn
            ? BenchTelemetry.Start(args.Int("otlp-port", 4318), efCore: args.Get("ef-traces") is not ("false" or "off"), traces: telemetryMode == "on", sampleRatio: sample)
            : null;
        var directory = Path.Combine(Path.GetTempPath(), "portal-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var store = new LedgerStore(new StorageOptions(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(directory, "flows.db")}"));
            await store.MigrateAsync();
            var options = new LedgerOptions { Origin = "bench.portal.example/ledger", SigningKeyPath = Path.Combine(directory, "bench.key") };
            var signer = SigningKeyFile.LoadOrCreate(options.SigningKeyPath, options.Origin);
            await using var writer = new LedgerWriter(store, signer, options, projectors: [new FundProjector()]);
            var funds = new FundService(writer, Portal.Ledger.Privacy.PayeeKeys.LoadOrCreate(options.PayeeKeyFile));
            await funds.DefineRegionsAsync(Admin, [new("52", null, "province", "贵州省", "Guizhou"), new("5201", "52", "prefecture", "贵阳市", "Guiyang"), new("520102", "5201", "county", "南明区", "Nanming")]);
            await funds.DefineProgramAsync(Admin, new ProgramDefined("industry", "产业发展", "Industry"));
            var departments = Enumerable.Range(0, 8).Select(i => $"bench-dept-{i}").Append("bench-fin").ToList();
            foreach (var department in departments)
            {
                await funds.DefineDepartmentAsync(Admin, new DepartmentDefined(department, department, "5201"));
            }
            var fund = await funds.CreateFundAsync(Admin, new CreateFund("Bench fund", "CNY", 900_000_000_000m, new DateOnly(2000, 1, 1), new DateOnly(2100, 1, 1), ApprovalPolicy.Default));
            if (flagRules)
            {
                await new FlagService(writer).SetRulesAsync(Admin, FlagRules.Default);
            }

            var next = 0;
            var stopwatch = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, workers).Select(async w =>
            {
                var official = new Actor($"bench-official-{w}", "Official", departments[w % 8], new HashSet<string> { Roles.Official });
                int n;
                while ((n = Interlocked.Increment(ref next)) <= flows)
                {
                    var amount = 1_000m + n % 90_000;
                    var request = await funds.FileRequestAsync(official, new FileRequest(fund.Id, "industry", "520102", amount, "Bench flow", 10, null));
                    await funds.ApproveAsync(Approver, request.Id, null);
                    // As many payees of either type, so that the two compare the cost of commitments and not of
                    // the duplicate check's rows (one per payee and amount).
                    await funds.ConfirmDisbursementAsync(Bank, n % 100 < individuals
                        ? new ConfirmDisbursement(request.Id, $"BENCH-{n}", amount, $"Bench Person {n % 5_000}", PayeeTypes.Individual)
                        : new ConfirmDisbursement(request.Id, $"BENCH-{n}", amount, $"Bench Works Co. {n % 5_000}"));
                    await funds.ReportUsageAsync(official, new ReportUsage(request.Id, amount, "bench", null));
                }
            }));
            var seconds = stopwatch.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"SQLite full flows (file, approve, pay, report usage), {workers} workers, {flows:N0} flows, {individuals}% to individuals, red-flag rules {(flagRules ? "on" : "off")}, telemetry {telemetryMode}{(telemetryMode == "on" && sample < 1 ? $" (sampling {sample:P0})" : "")}: {flows / seconds:N0} flows/s ({4 * flows / seconds:N0} commands/s)"));
            var check = await new ReadModelCheck(store, [new FundProjector()]).RunAsync();
            Console.WriteLine($"read models equal their rebuild: {check.Ok}");
            if (telemetry is not null)
            {
                Console.WriteLine(telemetry.Summary);
            }
            return check.Ok ? 0 : 1;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
