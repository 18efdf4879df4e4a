using System.Globalization;
using Portal.Ledger.Funds;

namespace Portal.Web.Commands;

/// <summary>
/// `erase-personal-data --record ID --reason TEXT`: deletes an individual payee's name and salt and records the
/// erasure on the ledger. Run on the server by its operator, who acts as an administrator; in the portal an
/// erasure needs a second administrator's approval instead.
/// </summary>
public static class ErasePersonalDataCommand
{
    public static async Task<int> RunAsync(IServiceProvider services, IReadOnlyDictionary<string, string> options, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!options.TryGetValue("record", out var text) || !long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var record)
            || !options.TryGetValue("reason", out var reason) || string.IsNullOrWhiteSpace(reason))
        {
            await error.WriteLineAsync("erase-personal-data: give --record <disbursement id> --reason \"<why>\".");
            return CliCommand.Usage;
        }
        var name = Environment.UserName is { Length: > 0 } user ? $"operator:{user}" : "operator";
        var actor = new Actor(name, name, null, new HashSet<string> { Roles.Administrator });
        try
        {
            var erased = await services.GetRequiredService<PersonalDataService>().ErasePayeeAsync(actor, record, reason, cancellationToken: cancellationToken);
            await output.WriteLineAsync($"OK: the payee's name and salt of disbursement {record} are deleted; the erasure is ledger entry {erased.LedgerIndex} in block {erased.BlockHeight}.");
            await output.WriteLineAsync("  The payment's entry keeps its commitment, so every proof stays valid; copies made before now (backups, downloads) still hold the name.");
            return CliCommand.Ok;
        }
        catch (FundRefusalException refused)
        {
            await error.WriteLineAsync($"erase-personal-data: {refused.Message}");
            return CliCommand.Failed;
        }
    }
}
