using Portal.Ledger.Chain;
using Portal.Ledger.Chain.Verifying;
using Portal.Ledger.Storage;
using Portal.Web.Demo;

namespace Portal.Web.Commands;

/// <summary>
/// Operations commands of the portal executable (`dotnet run --project Portal.Web -- verify`). They use the same
/// configuration and database as the server, then exit with a status code scripts can act on.
/// </summary>
public sealed record CliCommand(string Name, IReadOnlyDictionary<string, string> Options)
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;

    private static readonly HashSet<string> Known = ["verify", "checkpoint", "rebuild-projections", "generate-demo", "routes", "backup", "rotate-key", "erase-personal-data"];

    /// <summary>Whether the command reads the portal's mapped endpoints (the host maps them and runs it: see <see cref="RouteTable"/>).</summary>
    public bool NeedsEndpoints => Name == "routes";

    /// <summary>Splits a command and its options from the arguments left for the host; null when no command is given.</summary>
    public static (CliCommand? Command, string[] HostArgs) Parse(string[] args)
    {
        if (args.Length == 0 || !Known.Contains(args[0]))
        {
            return (null, args);
        }
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        var hostArgs = new List<string>();
        for (var i = 1; i < args.Length; i++)
        {
            if (args[i] == "--checkpoint" && i + 1 < args.Length)
            {
                options["checkpoint"] = args[++i];
            }
            else if (args[i] == "--disbursements" && i + 1 < args.Length)
            {
                options["disbursements"] = args[++i];
            }
            else if (args[i] == "--to" && i + 1 < args.Length)
            {
                options["to"] = args[++i];
            }
            else if (args[i] is "--record" or "--reason" or "--receipt" && i + 1 < args.Length)
            {
                options[args[i][2..]] = args[++i];
            }
            else if (args[i] == "--check")
            {
                options["check"] = "true";
            }
            else
            {
                hostArgs.Add(args[i]);
            }
        }
        return (new CliCommand(args[0], options), [.. hostArgs]);
    }

    public async Task<int> RunAsync(IServiceProvider services, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        await services.GetRequiredService<LedgerStore>().MigrateAsync(cancellationToken);
        return Name switch
        {
            "verify" => await VerifyAsync(services, output, error, cancellationToken),
            "checkpoint" => await CheckpointAsync(services, output, error, cancellationToken),
            "rebuild-projections" => await RebuildProjectionsAsync(services, output, error, cancellationToken),
            "generate-demo" => await GenerateDemoAsync(services, output, error, cancellationToken),
            "rotate-key" => await RotateKeyCommand.RunAsync(services, output, cancellationToken),
            "erase-personal-data" => await ErasePersonalDataCommand.RunAsync(services, Options, output, error, cancellationToken),
            "backup" => await BackupCommand.RunAsync(services, Options.GetValueOrDefault("to"), output, error, cancellationToken),
            _ => Usage,
        };
    }

    private async Task<int> VerifyAsync(IServiceProvider services, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var verifier = services.GetRequiredService<LedgerVerifier>();
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        if (Options.TryGetValue("receipt", out var receiptFile))
        {
            return await VerifyReceiptAsync(verifier, receiptFile, output, error, cancellationToken);
        }
        VerificationResult result;
        if (Options.TryGetValue("checkpoint", out var file))
        {
            if (!File.Exists(file))
            {
                await error.WriteLineAsync($"verify: checkpoint file '{file}' does not exist.");
                return Usage;
            }
            result = await verifier.VerifyFromCheckpointAsync(await File.ReadAllTextAsync(file, cancellationToken), cancellationToken: cancellationToken);
        }
        else
        {
            result = await verifier.VerifyAsync(cancellationToken: cancellationToken);
        }
        if (result.Ok)
        {
            await output.WriteLineAsync($"OK: {result.Message} ({stopwatch.Elapsed.TotalSeconds.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)} s)");
            return Ok;
        }
        await error.WriteLineAsync($"FAILED at {result.Location}: {result.Message}");
        return Failed;
    }

    /// <summary>
    /// `verify --receipt FILE`: a feedback receipt holds against this ledger, which verifies in full from the receipt's
    /// checkpoint; what it proves is printed.
    /// </summary>
    private static async Task<int> VerifyReceiptAsync(LedgerVerifier verifier, string file, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!File.Exists(file))
        {
            await error.WriteLineAsync($"verify: receipt file '{file}' does not exist.");
            return Usage;
        }
        try
        {
            var receipt = await new Portal.Ledger.Funds.FeedbackReceiptCheck(verifier).CheckAsync(await File.ReadAllTextAsync(file, cancellationToken), cancellationToken);
            await output.WriteLineAsync($"OK: feedback {receipt.FeedbackId} ({receipt.Kind} on {receipt.Record} {receipt.RecordId}) is ledger entry {receipt.LedgerIndex}, " +
                $"sent {receipt.SentAt.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture)}, in the signed tree of {receipt.TreeSize} entries, which this ledger still extends.");
            await output.WriteLineAsync($"  Its text, which the receipt's salt opens from the entry's commitment: {receipt.Text}");
            return Ok;
        }
        catch (Portal.Ledger.Funds.ReceiptException ex)
        {
            await error.WriteLineAsync($"FAILED: {ex.Message}");
            return Failed;
        }
    }

    /// <summary>Rebuilds every read model from the ledger alone and compares it with what is stored.</summary>
    private async Task<int> RebuildProjectionsAsync(IServiceProvider services, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!Options.ContainsKey("check"))
        {
            // Rebuilding in place would overwrite evidence of tampering; the check reports it instead.
            await error.WriteLineAsync("rebuild-projections: use --check to rebuild the read models from the ledger and report any difference.");
            return Usage;
        }
        var result = await services.GetRequiredService<ReadModelCheck>().RunAsync(cancellationToken);
        if (result.Ok)
        {
            await output.WriteLineAsync($"OK: the read models equal their rebuild from {result.EntriesReplayed} ledger entries ({result.TablesChecked} tables, {result.RowsChecked} rows).");
            return Ok;
        }
        await error.WriteLineAsync($"FAILED: {result.Differences.Count} difference(s) between the stored read models and their rebuild from the ledger:");
        foreach (var difference in result.Differences)
        {
            await error.WriteLineAsync($"  {difference.Table} [{difference.Key}]: {difference.Problem}");
        }
        return Failed;
    }

    /// <summary>Generates a large demo ledger for benchmarks into an empty database.</summary>
    private async Task<int> GenerateDemoAsync(IServiceProvider services, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!Options.TryGetValue("disbursements", out var text) || !int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count) || count < 1)
        {
            await error.WriteLineAsync("generate-demo: give --disbursements N (a whole number from 1), e.g. --disbursements 1000000.");
            return Usage;
        }
        try
        {
            await services.GetRequiredService<ScaleGenerator>().GenerateAsync(count, output, cancellationToken);
        }
        catch (InvalidOperationException ex)
        {
            await error.WriteLineAsync($"generate-demo: {ex.Message}");
            return Failed;
        }
        return Ok;
    }

    private static async Task<int> CheckpointAsync(IServiceProvider services, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var note = await services.GetRequiredService<Portal.Ledger.Chain.LedgerReader>().GetLatestCheckpointAsync(cancellationToken);
        if (note is null)
        {
            await error.WriteLineAsync("checkpoint: the ledger is empty; nothing has been signed yet.");
            return Failed;
        }
        await output.WriteAsync(note);
        return Ok;
    }
}
