namespace Portal.Ledger.Funds;

/// <summary>
/// A fund's approval policy, the "contract" between the approval process and payment. A request needs the
/// approvals of the first tier whose limit its amount does not exceed; above <see cref="SupervisorSignOffAbove"/>
/// a supervisor must also sign off. Nobody approves their own request.
/// </summary>
public sealed record ApprovalPolicy(IReadOnlyList<ApprovalTier> Tiers, decimal? SupervisorSignOffAbove)
{
    /// <summary>The demo policy: one approver up to 100,000; two up to 1,000,000; two from different departments above.</summary>
    public static ApprovalPolicy Default { get; } = new(
        [
            new ApprovalTier(100_000m, 1, [Roles.Approver], DistinctDepartments: false),
            new ApprovalTier(1_000_000m, 2, [Roles.Approver], DistinctDepartments: false),
            new ApprovalTier(null, 2, [Roles.Approver], DistinctDepartments: true),
        ],
        SupervisorSignOffAbove: 5_000_000m);

    public ApprovalTier TierFor(decimal amount) =>
        Tiers.FirstOrDefault(t => t.UpTo is null || amount <= t.UpTo)
        ?? throw new FundRefusalException(FundErrors.PolicyViolation, "The fund's approval policy has no tier for this amount.");

    public bool NeedsSupervisor(decimal amount) => SupervisorSignOffAbove is { } limit && amount > limit;

    /// <summary>Checks the policy is well formed: ascending limits, an open last tier, sensible counts.</summary>
    public void Validate()
    {
        if (Tiers.Count == 0)
        {
            throw new FundRefusalException(FundErrors.PolicyViolation, "An approval policy needs at least one tier.");
        }
        decimal? previous = null;
        for (var i = 0; i < Tiers.Count; i++)
        {
            var tier = Tiers[i];
            if (tier.RequiredApprovals is < 1 or > 10)
            {
                throw new FundRefusalException(FundErrors.PolicyViolation, "Each tier requires 1 to 10 approvals.");
            }
            if (tier.Roles.Count == 0 || tier.Roles.Any(r => r is not (Roles.Approver or Roles.Supervisor)))
            {
                throw new FundRefusalException(FundErrors.PolicyViolation, "Tier approvers are Approvers or Supervisors.");
            }
            if (tier.UpTo is null != (i == Tiers.Count - 1))
            {
                throw new FundRefusalException(FundErrors.PolicyViolation, "Only the last tier is open-ended, and it must be.");
            }
            if (tier.UpTo is { } limit && (limit <= 0 || previous is { } p && limit <= p))
            {
                throw new FundRefusalException(FundErrors.PolicyViolation, "Tier limits must be positive and ascending.");
            }
            previous = tier.UpTo;
        }
        if (SupervisorSignOffAbove is <= 0)
        {
            throw new FundRefusalException(FundErrors.PolicyViolation, "The supervisor sign-off limit must be positive.");
        }
    }
}

/// <param name="UpTo">The largest amount this tier covers; null for the last tier.</param>
/// <param name="DistinctDepartments">Whether the approvals must come from as many different departments.</param>
public sealed record ApprovalTier(decimal? UpTo, int RequiredApprovals, IReadOnlyList<string> Roles, bool DistinctDepartments);
