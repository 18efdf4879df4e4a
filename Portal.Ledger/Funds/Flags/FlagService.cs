using Portal.Ledger.Chain.Writing;

namespace Portal.Ledger.Funds;

/// <summary>The red-flag rules' parameters, set by an administrator as a new version on the ledger.</summary>
public sealed class FlagService(LedgerWriter writer)
{
    /// <summary>Sets the next version of the rules; flags raised from the next entry on name it.</summary>
    public Task<CommandReceipt> SetRulesAsync(Actor actor, FlagRules rules, CancellationToken cancellationToken = default) => CommandTelemetry.RunAsync("set-flag-rules", () =>
    {
        FundRefusalException.ThrowIf(Authority.Require(actor, Roles.Administrator) ?? rules.Check());
        return writer.ExecuteAsync(async (tx, ct) =>
        {
            var current = (int)((await tx.Db.Set<SequenceRecord>().FindAsync([FlagDetection.RulesSequence], ct))?.Value ?? 0);
            if (await tx.Db.Set<FlagRulesRecord>().FindAsync([current], ct) is { } inForce
                && System.Text.Json.JsonSerializer.Deserialize<FlagRules>(inForce.RulesJson, FundEvents.Json) == rules)
            {
                throw new FundRefusalException(new Refusal(RefusalReason.FlagRulesUnchanged, current));
            }
            var version = current + 1;
            var entry = await tx.AppendAsync(FundEvents.Draft(actor.Id, new FlagRulesSet(version, rules)), ct);
            return new CommandReceipt(version, entry.Index, entry.BlockHeight);
        }, cancellationToken);
    });
}
