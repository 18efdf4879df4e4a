using Portal.Ledger.Chain.Checkpoints;

namespace Portal.Web.Commands;

/// <summary>`rotate-key`: a new checkpoint signing key, recorded in the ledger and published beside the old one.</summary>
public static class RotateKeyCommand
{
    public static async Task<int> RunAsync(IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        var actor = Environment.UserName is { Length: > 0 } user ? $"operator:{user}" : "operator";
        var rotated = await services.GetRequiredService<KeyRotation>().RotateAsync(actor, cancellationToken);
        await output.WriteLineAsync($"OK: the signing key is now {rotated.NewKey}");
        await output.WriteLineAsync($"  previous key {rotated.PreviousKey} stays published ({services.GetRequiredService<PublishedKeys>().Path});");
        await output.WriteLineAsync($"  the change is ledger entry {rotated.LedgerIndex} in block {rotated.BlockHeight}, signed with the previous key and the new one;");
        await output.WriteLineAsync($"  the previous private key was moved to {rotated.RetiredKeyPath}: destroy it once you have checked the rotation.");
        await output.WriteLineAsync("  Running portal instances that share this key file sign their next block with the new key; give the new key file to any that do not.");
        return CliCommand.Ok;
    }
}
