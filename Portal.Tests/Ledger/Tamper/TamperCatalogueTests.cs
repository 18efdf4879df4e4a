using Portal.Ledger.Chain;
using Portal.Ledger.Chain.Merkle;
using Portal.Ledger.Funds;
using Portal.Ledger.Storage;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Ledger.Tamper;

/// <summary>
/// The tamper catalogue: hundreds of random single-value changes across entries, blocks, Merkle nodes,
/// checkpoints and read models of a real fund ledger, each one found and located (the ledger by verification, the
/// read models by their rebuild check), then put back. The seed is fixed, so every run tries the same changes; a
/// few go through the real `verify` and `rebuild-projections --check` commands as an auditor would run them.
/// </summary>
public sealed class TamperCatalogueTests
{
    private const int Seed = 20170517;
    private const int LedgerTrials = 200;
    private const int ReadModelTrials = 60;

    [Fact]
    public async Task Every_change_to_the_ledger_is_found_and_located()
    {
        await using var scenario = await ScenarioAsync();
        var (tamperer, _) = Tools(scenario, Seed);
        var random = new Random(Seed);
        var treeSize = await scenario.TreeSizeAsync();
        var missed = new List<string>();
        var tried = 0;
        var byTable = new Dictionary<string, int>();
        while (tried < LedgerTrials)
        {
            var table = LedgerTables.All[tried % LedgerTables.All.Count];
            var (tampering, expected) = await TamperLedgerAsync(tamperer, random, table, treeSize);
            if (tampering is null)
            {
                continue;
            }
            tried++;
            byTable[table] = byTable.GetValueOrDefault(table) + 1;
            var result = await scenario.Ledger.Verifier.VerifyAsync();
            await tamperer.RestoreAsync(tampering);
            if (result.Ok || result.Location != expected)
            {
                missed.Add($"{tampering}: expected {expected}, verification said {(result.Ok ? "OK" : result.Location + ": " + result.Message)}");
            }
        }
        Assert.True(missed.Count == 0, $"{missed.Count} of {tried} changes not found or misplaced:\n{string.Join('\n', missed)}");
        Assert.All(LedgerTables.All, t => Assert.True(byTable[t] >= LedgerTrials / LedgerTables.All.Count));
        Assert.True((await scenario.Ledger.Verifier.VerifyAsync()).Ok, "the ledger was not put back");
    }

    [Fact]
    public async Task Every_change_to_a_read_model_is_found_by_the_rebuild_check()
    {
        await using var scenario = await ScenarioAsync();
        var (tamperer, tables) = Tools(scenario, Seed + 1);
        var random = new Random(Seed + 1);
        var missed = new List<string>();
        var tried = 0;
        var touched = new HashSet<string>();
        while (tried < ReadModelTrials)
        {
            var table = tables[random.Next(tables.Count)];
            var columns = tamperer.ValueColumns(table);
            if (columns.Count == 0 || await tamperer.RandomRowAsync(table) is not { } row)
            {
                continue;
            }
            var tampering = await tamperer.ChangeAsync(table, columns[random.Next(columns.Count)], row);
            if (tampering is null)
            {
                continue;
            }
            tried++;
            touched.Add(table);
            var result = await scenario.Ledger.ReadModels.RunAsync();
            await tamperer.RestoreAsync(tampering);
            if (!result.Differences.Any(d => d.Table == table && d.Key == tampering.Key))
            {
                missed.Add($"{tampering}: the rebuild check reported {(result.Ok ? "nothing" : string.Join("; ", result.Differences.Select(d => $"{d.Table} [{d.Key}]")))}");
            }
        }
        Assert.True(missed.Count == 0, $"{missed.Count} of {tried} changes not found:\n{string.Join('\n', missed)}");
        Assert.True(touched.Count >= 5, $"only {string.Join(", ", touched)} were tampered with");
        Assert.True((await scenario.Ledger.ReadModels.RunAsync()).Ok, "the read models were not put back");
    }

    [Fact]
    public async Task The_verify_and_rebuild_commands_report_a_change_with_its_place_and_fail()
    {
        await using var scenario = await ScenarioAsync();
        var (tamperer, _) = Tools(scenario, Seed + 2);
        var random = new Random(Seed + 2);
        var environment = new Dictionary<string, string>
        {
            ["Database__Provider"] = "Sqlite",
            ["ConnectionStrings__Portal"] = scenario.Ledger.Database.Options.ConnectionString,
            ["Ledger__SigningKeyPath"] = scenario.Ledger.Options.SigningKeyPath,
            ["Ledger__Origin"] = LedgerHarness.Origin,
        };
        var treeSize = await scenario.TreeSizeAsync();
        var intact = await ChildProcess.RunAsync(SolutionPaths.WebDll, ["verify"], environment);
        Assert.True(intact.ExitCode == 0, intact.Output + intact.Error);

        foreach (var table in LedgerTables.All)
        {
            var (tampering, expected) = (default(Tampering), "");
            while (tampering is null)
            {
                (tampering, expected) = await TamperLedgerAsync(tamperer, random, table, treeSize);
            }
            var run = await ChildProcess.RunAsync(SolutionPaths.WebDll, ["verify"], environment);
            await tamperer.RestoreAsync(tampering);
            Assert.NotEqual(0, run.ExitCode);
            Assert.Contains($"FAILED at {expected}:", run.Error, StringComparison.Ordinal);
        }

        var requestRow = (await tamperer.RandomRowAsync("Requests"))!.Value;
        var changed = (await tamperer.ChangeAsync("Requests", "Amount", requestRow))!;
        var check = await ChildProcess.RunAsync(SolutionPaths.WebDll, ["rebuild-projections", "--check"], environment);
        await tamperer.RestoreAsync(changed);
        Assert.NotEqual(0, check.ExitCode);
        Assert.Contains($"Requests [{changed.Key}]", check.Error, StringComparison.Ordinal);
    }

    /// <summary>Changes one value of a random row of a ledger table; returns where verification must say it is.</summary>
    private static async Task<(Tampering? Tampering, string Expected)> TamperLedgerAsync(Tamperer tamperer, Random random, string table, long treeSize)
    {
        var columns = tamperer.ValueColumns(table);
        var column = columns[random.Next(columns.Count)];
        if (table == LedgerTables.MerkleNodes)
        {
            // A node is named by the leaves under it: pick one that exists in the tree.
            var level = random.Next(1, 64 - System.Numerics.BitOperations.LeadingZeroCount((ulong)treeSize));
            var index = random.NextInt64(treeSize >> level);
            var node = new NodeRef(level, index);
            var row = (await tamperer.RandomRowAsync(table, $"\"Id\" = {node.StorageId}"))!.Value;
            return (await tamperer.ChangeAsync(table, column, row), $"index {index << level}");
        }
        var picked = (await tamperer.RandomRowAsync(table))!.Value;
        var tampering = await tamperer.ChangeAsync(table, column, picked);
        var expected = table switch
        {
            LedgerTables.Entries => $"index {tampering?.Key}",
            LedgerTables.Blocks => $"height {tampering?.Key}",
            _ => $"checkpoint at tree size {tampering?.Key}",
        };
        return (tampering, expected);
    }

    private static (Tamperer Tamperer, IReadOnlyList<string> ReadModelTables) Tools(FundScenario scenario, int seed)
    {
        using var db = scenario.Ledger.Store.CreateContext();
        var tamperer = new Tamperer(scenario.Ledger.Database.Options.ConnectionString + ";Pooling=False", db.Model, new Random(seed));
        return (tamperer, tamperer.ReadModelTables());
    }

    /// <summary>A fund with requests in every state: paid and used, returned, rejected, cancelled, pending.</summary>
    private static async Task<FundScenario> ScenarioAsync()
    {
        var scenario = await FundScenario.CreateAsync();
        var funds = scenario.Funds;
        for (var i = 0; i < 12; i++)
        {
            var id = await scenario.ApprovedRequestAsync(10_000m + i * 1_000m);
            await funds.ConfirmDisbursementAsync(FundScenario.Bank, new ConfirmDisbursement(id, $"TAMPER-{i}", 10_000m + i * 1_000m, $"Cooperative {i % 4}"));
            await funds.ReportUsageAsync(FundScenario.Official, new ReportUsage(id, 4_000m, "greenhouse steel", null));
            if (i % 3 == 0)
            {
                await funds.ReturnFundsAsync(FundScenario.Official, new ReturnFunds(id, 1_000m, "unused"));
            }
        }
        for (var i = 0; i < 4; i++)
        {
            var rejected = await scenario.FileAsync(20_000m + i);
            await funds.RejectAsync(FundScenario.ApproverFinance, rejected.Id, "not in the plan");
            var cancelled = await scenario.FileAsync(30_000m + i);
            await funds.CancelAsync(FundScenario.Official, cancelled.Id, "filed twice");
            await scenario.FileAsync(40_000m + i, FundScenario.OtherOfficial);
        }
        return scenario;
    }
}
