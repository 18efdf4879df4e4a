using System.Globalization;
using Portal.Ledger.Chain;
using Portal.Ledger.Storage;

namespace Portal.Ledger.Funds;

/// <summary>Records a flag an entry raises: its row, and its kind in the mask of every request it concerns (the risk score).</summary>
internal static class FlagRecording
{
    /// <param name="request">The request of the entry that raised it; <paramref name="requestIds"/> names every request it concerns.</param>
    /// <param name="indexes">The ledger entries it rests on, the raising entry among them.</param>
    public static async Task RaiseAsync(
        LedgerDbContext db, LedgerEntry entry, string kind, RequestRecord request, AnomalyFacts facts, long[] requestIds, long[] indexes,
        int? version, long? disbursementId, CancellationToken ct)
    {
        // Amounts at the currency's scale: a value read back from the database and one just projected must write alike.
        var digits = facts.Currency is { } currency && Money.IsKnownCurrency(currency) ? Money.PrecisionOf(currency) : 2;
        facts = facts with
        {
            Amount = facts.Amount is { } amount ? Money.Normalize(amount, digits) : null,
            Threshold = facts.Threshold is { } threshold ? Money.Normalize(threshold, digits) : null,
            PreviousAmount = facts.PreviousAmount is { } previous ? Money.Normalize(previous, digits) : null,
        };
        db.Add(new AnomalyRecord
        {
            LedgerIndex = entry.Index, Kind = kind, FundId = request.FundId, RequestId = request.Id, DisbursementId = disbursementId,
            DetectedAtMs = entry.TimestampMs,
            Detail = AnomalyText.English(kind, request.Id, disbursementId, facts with { RequestIds = requestIds }), Facts = facts.ToJson(),
            RequestIds = requestIds.Length > 1 ? Join(requestIds) : null,
            LedgerIndexes = Join(indexes),
            RuleVersion = version, RegionCode = request.RegionCode, DepartmentCode = request.DepartmentCode,
        });
        var bit = RiskScore.Bit(kind);
        foreach (var id in requestIds.Distinct())
        {
            var flagged = id == request.Id ? request : await FundProjector.FindAsync<RequestRecord>(db, id, ct);
            if ((flagged.FlagKinds & bit) != bit)
            {
                FundProjector.Touch(db, flagged).FlagKinds |= bit;
            }
        }
    }

    private static string Join(IEnumerable<long> ids) => string.Join(',', ids.Distinct().Order().Select(i => i.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The ids a comma-separated column holds.</summary>
    public static IReadOnlyList<long> Split(string? ids) =>
        ids is { Length: > 0 } ? [.. ids.Split(',').Select(i => long.Parse(i, CultureInfo.InvariantCulture))] : [];
}
