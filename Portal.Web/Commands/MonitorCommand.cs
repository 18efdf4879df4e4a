using System.Globalization;
using Portal.Ledger.Chain.Checkpoints;
using Portal.Ledger.Monitoring;
using Portal.Ledger.Witnessing;

namespace Portal.Web.Commands;

/// <summary>
/// `monitor --url URL --key VKEY [--policy FILE] --state DIR [--sample N] [--quorum-wait SECONDS]`: audits a portal
/// from outside through its checkpoint and tiles (see <see cref="LogMonitor"/>), as an audit office, the paying bank
/// or a newspaper would run it. It needs no portal configuration or database. Exit 0 when everything holds, 1 naming
/// the first discrepancy (with the evidence saved under DIR/evidence), 2 for a usage error.
/// </summary>
public static class MonitorCommand
{
    public const string Name = "monitor";

    private const string Usage = "usage: monitor --url URL --key VKEY [--policy FILE] --state DIR [--sample N] [--quorum-wait SECONDS]";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        string? url = null, key = null, policyPath = null, state = null;
        int sample = 32, quorumWait = 30;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--url" when value is not null: url = value; i++; break;
                case "--key" when value is not null: key = value; i++; break;
                case "--policy" when value is not null: policyPath = value; i++; break;
                case "--state" when value is not null: state = value; i++; break;
                case "--sample" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out sample): i++; break;
                case "--quorum-wait" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out quorumWait): i++; break;
                default:
                    await error.WriteLineAsync($"monitor: unknown or incomplete argument '{args[i]}'. {Usage}");
                    return CliCommand.Usage;
            }
        }
        if (url is null || key is null || state is null || !Uri.TryCreate(url, UriKind.Absolute, out var portal) || portal.Scheme is not ("http" or "https"))
        {
            await error.WriteLineAsync($"monitor: {Usage}");
            return CliCommand.Usage;
        }
        try
        {
            Ed25519Note.ParseVerifierKey(key);
        }
        catch (FormatException ex)
        {
            await error.WriteLineAsync($"monitor: --key is not the log's Ed25519 verifier key (name+keyid+base64key): {ex.Message}");
            return CliCommand.Usage;
        }
        WitnessPolicy? policy = null;
        if (policyPath is not null)
        {
            try
            {
                policy = WitnessPolicy.Parse(await File.ReadAllTextAsync(policyPath, cancellationToken));
            }
            catch (Exception ex) when (ex is FormatException or IOException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync($"monitor: the witness policy {policyPath} cannot be used: {ex.Message}");
                return CliCommand.Usage;
            }
        }
        var options = new MonitorOptions(portal, key, policy, state) { Sample = sample, QuorumWait = TimeSpan.FromSeconds(quorumWait) };
        using var http = LogClient.CreateHttpClient(portal, options.Parallelism);
        MonitorResult result;
        try
        {
            result = await new LogMonitor(options, new LogClient(http), output, TimeProvider.System).RunAsync(cancellationToken);
        }
        catch (InvalidDataException ex)
        {
            await error.WriteLineAsync($"monitor: the state in {state} cannot be used: {ex.Message}");
            return CliCommand.Usage;
        }
        catch (HttpRequestException ex)
        {
            // Not a discrepancy: the portal could not be reached; the next run tries again from the same state.
            await error.WriteLineAsync($"monitor: could not read {portal}: {ex.Message}");
            return CliCommand.Failed;
        }
        if (result.Ok)
        {
            await output.WriteLineAsync(result.Message);
            return CliCommand.Ok;
        }
        await error.WriteLineAsync($"DISCREPANCY: {result.Message}");
        if (result.EvidencePath is not null)
        {
            await error.WriteLineAsync($"Evidence saved in {result.EvidencePath}");
        }
        return CliCommand.Failed;
    }
}
