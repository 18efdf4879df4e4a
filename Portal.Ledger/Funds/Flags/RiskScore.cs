namespace Portal.Ledger.Funds;

/// <summary>
/// A request's risk score, 0 to 100, combining every flag standing against it (docs/red-flags.md). Each kind has a
/// weight, the chance an auditor would find something wrong given that flag alone; flags of different kinds are
/// taken as independent evidence: score = 100 × (1 − Π(1 − weight)). A second flag of one kind adds nothing, so a
/// request is not ranked high for one pattern repeated. A flag that names no request scores its own weight.
/// </summary>
public static class RiskScore
{
    // The order is stored (a request's FlagKinds bit mask): append new kinds, never reorder.
    private static readonly string[] StoredKinds =
    [
        AnomalyKinds.PaymentWithoutApproval, AnomalyKinds.DuplicatePayment, AnomalyKinds.ThresholdSplitting,
        AnomalyKinds.RapidApproval, AnomalyKinds.CancelAndRefile, AnomalyKinds.OffHoursDecision, AnomalyKinds.EvidenceReuse,
        AnomalyKinds.UsageEqualsPayment, AnomalyKinds.CostOutlier, AnomalyKinds.ApproverPair,
    ];

    /// <summary>The weight of each kind: how much one such flag alone suggests something is wrong.</summary>
    public static IReadOnlyDictionary<string, double> Weights { get; } = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        [AnomalyKinds.PaymentWithoutApproval] = 0.6,
        [AnomalyKinds.ThresholdSplitting] = 0.5,
        [AnomalyKinds.DuplicatePayment] = 0.4,
        [AnomalyKinds.EvidenceReuse] = 0.4,
        [AnomalyKinds.CancelAndRefile] = 0.3,
        [AnomalyKinds.CostOutlier] = 0.3,
        [AnomalyKinds.RapidApproval] = 0.3,
        [AnomalyKinds.ApprovalConcentration] = 0.2,
        [AnomalyKinds.PayeeConcentration] = 0.2,
        [AnomalyKinds.UsageMissing] = 0.2,
        [AnomalyKinds.UsageEqualsPayment] = 0.2,
        [AnomalyKinds.ApproverPair] = 0.2,
        [AnomalyKinds.ComplaintUnanswered] = 0.15,
        [AnomalyKinds.OffHoursDecision] = 0.15,
        [AnomalyKinds.FundsIdle] = 0.1,
    };

    /// <summary>The bit a stored flag of this kind sets in its requests' mask, or 0 for a kind computed when asked.</summary>
    public static int Bit(string kind)
    {
        var ordinal = Array.IndexOf(StoredKinds, kind);
        return ordinal < 0 ? 0 : 1 << ordinal;
    }

    /// <summary>The stored kinds a request's mask holds.</summary>
    public static IEnumerable<string> KindsOf(int mask) => StoredKinds.Where((_, i) => (mask & (1 << i)) != 0);

    /// <summary>The score of a request with flags of these kinds.</summary>
    public static int Of(IEnumerable<string> kinds)
    {
        var clear = 1.0;
        foreach (var kind in kinds.Distinct(StringComparer.Ordinal))
        {
            clear *= 1 - Weights.GetValueOrDefault(kind);
        }
        return (int)Math.Round(100 * (1 - clear), MidpointRounding.AwayFromZero);
    }
}
