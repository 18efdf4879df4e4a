using Portal.Ledger.Funds;

namespace Portal.Web.Components.Pages.Admin;

/// <summary>
/// An approval policy being edited: mutable rows the form binds to, turned back into an immutable
/// <see cref="ApprovalPolicy"/> (and checked by the same rules the ledger applies) only when saved.
/// </summary>
public sealed class PolicyDraft
{
    public sealed class Tier
    {
        public decimal? UpTo { get; set; }
        public int RequiredApprovals { get; set; } = 1;
        public bool Approvers { get; set; } = true;
        public bool Supervisors { get; set; }
        public bool DistinctDepartments { get; set; }
    }

    public List<Tier> Tiers { get; } = [];

    public decimal? SupervisorSignOffAbove { get; set; }

    public static PolicyDraft From(ApprovalPolicy policy)
    {
        var draft = new PolicyDraft { SupervisorSignOffAbove = policy.SupervisorSignOffAbove };
        draft.Tiers.AddRange(policy.Tiers.Select(t => new Tier
        {
            UpTo = t.UpTo,
            RequiredApprovals = t.RequiredApprovals,
            Approvers = t.Roles.Contains(Roles.Approver),
            Supervisors = t.Roles.Contains(Roles.Supervisor),
            DistinctDepartments = t.DistinctDepartments,
        }));
        return draft;
    }

    /// <summary>Adds a tier just below the open-ended last one, with a limit above the tier before it.</summary>
    public void AddTier()
    {
        var below = Tiers.Count >= 2 ? Tiers[^2].UpTo ?? 0 : 0;
        Tiers.Insert(Math.Max(Tiers.Count - 1, 0), new Tier { UpTo = below == 0 ? 100_000m : below * 10, RequiredApprovals = 1 });
        if (Tiers.Count == 1)
        {
            Tiers.Add(new Tier { UpTo = null, RequiredApprovals = 2 });
        }
    }

    public void RemoveTier(Tier tier)
    {
        if (Tiers.Count > 1)
        {
            Tiers.Remove(tier);
        }
    }

    /// <summary>The policy this draft describes; the last tier is always the open-ended one.</summary>
    /// <exception cref="FundRefusalException">The policy breaks a rule; the refusal says which.</exception>
    public ApprovalPolicy ToPolicy()
    {
        var unlimited = Tiers.FindIndex(t => t.UpTo is null);
        if (unlimited >= 0 && unlimited < Tiers.Count - 1)
        {
            throw new FundRefusalException(new Refusal(RefusalReason.PolicyTierWithoutLimit, unlimited + 1));
        }
        var tiers = Tiers.Select((t, i) => new ApprovalTier(i == Tiers.Count - 1 ? null : t.UpTo, t.RequiredApprovals, [.. DecidingRoles(t)], t.DistinctDepartments)).ToList();
        var policy = new ApprovalPolicy(tiers, SupervisorSignOffAbove);
        return policy.Check() is { } refusal ? throw new FundRefusalException(refusal) : policy;
    }

    private static IEnumerable<string> DecidingRoles(Tier tier)
    {
        if (tier.Approvers)
        {
            yield return Roles.Approver;
        }
        if (tier.Supervisors)
        {
            yield return Roles.Supervisor;
        }
    }
}
