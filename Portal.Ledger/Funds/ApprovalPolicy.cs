namespace Portal.Ledger.Funds;

/// <summary>
/// A fund's approval policy, the "contract" between the approval process and payment, and the one place its rules
/// are applied. A request needs the approvals of the first tier whose limit its amount does not exceed; above
/// <see cref="SupervisorSignOffAbove"/> a supervisor must also sign off. Nobody approves their own request.
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

    /// <summary>The tier an amount falls in; a checked policy always has one (its last tier is open-ended).</summary>
    public ApprovalTier TierFor(decimal amount) => Tiers.First(t => t.UpTo is null || amount <= t.UpTo);

    public bool NeedsSupervisor(decimal amount) => SupervisorSignOffAbove is { } limit && amount > limit;

    /// <summary>
    /// What one more approval by <paramref name="role"/> of <paramref name="department"/> is under this policy
    /// (<paramref name="version"/>), given the approvals the request has: one of the tier's approvals, a supervisor's
    /// sign-off, or both; and whether it completes the policy. Refused when it would be neither.
    /// </summary>
    public Refusal? Judge(int version, PendingApproval request, string role, string department, out ApprovalJudgement judgement)
    {
        judgement = new ApprovalJudgement(false, false, false);
        var tier = TierFor(request.Amount);
        var counted = request.Given.Count(a => a.Counts);
        var needsSupervisor = NeedsSupervisor(request.Amount);
        var countsAsApproval = tier.Roles.Contains(role) && counted < tier.RequiredApprovals;
        var signsOff = role == Roles.Supervisor && needsSupervisor && !request.SupervisorSignedOff;
        if (!countsAsApproval && !signsOff)
        {
            return needsSupervisor && !request.SupervisorSignedOff
                ? new Refusal(RefusalReason.AwaitsSupervisor)
                : new Refusal(RefusalReason.RoleCannotApprove, version, RefusalTexts.Role(role, lowerCase: true));
        }
        if (countsAsApproval && tier.DistinctDepartments && request.Given.Any(a => a.Counts && a.Department == department))
        {
            return new Refusal(RefusalReason.DepartmentHasApproved, tier.RequiredApprovals, department);
        }
        var final = counted + (countsAsApproval ? 1 : 0) >= tier.RequiredApprovals && (!needsSupervisor || request.SupervisorSignedOff || signsOff);
        judgement = new ApprovalJudgement(countsAsApproval, signsOff, final);
        return null;
    }

    /// <summary>Checks the policy is well formed: ascending limits, an open last tier, sensible counts.</summary>
    public Refusal? Check()
    {
        if (Tiers.Count == 0)
        {
            return new Refusal(RefusalReason.PolicyWithoutTiers);
        }
        decimal? previous = null;
        for (var i = 0; i < Tiers.Count; i++)
        {
            var tier = Tiers[i];
            if (tier.RequiredApprovals is < 1 or > 10)
            {
                return new Refusal(RefusalReason.PolicyApprovalCount);
            }
            if (tier.Roles.Count == 0 || tier.Roles.Any(r => r is not (Roles.Approver or Roles.Supervisor)))
            {
                return new Refusal(RefusalReason.PolicyTierRoles);
            }
            if (tier.UpTo is null != (i == Tiers.Count - 1))
            {
                return new Refusal(RefusalReason.PolicyOpenTier);
            }
            if (tier.UpTo is { } limit && (limit <= 0 || previous is { } p && limit <= p))
            {
                return new Refusal(RefusalReason.PolicyTierLimits);
            }
            previous = tier.UpTo;
        }
        return SupervisorSignOffAbove is <= 0 ? new Refusal(RefusalReason.PolicySignOffLimit) : null;
    }
}

/// <param name="UpTo">The largest amount this tier covers; null for the last tier.</param>
/// <param name="DistinctDepartments">Whether the approvals must come from as many different departments.</param>
public sealed record ApprovalTier(decimal? UpTo, int RequiredApprovals, IReadOnlyList<string> Roles, bool DistinctDepartments);

/// <summary>An approval a pending request has: by whom, for which department, and whether it counts towards the tier (a sign-off alone does not).</summary>
public sealed record PriorApproval(string ApproverId, string Department, bool Counts);

/// <summary>What the policy needs to know of a pending request.</summary>
public sealed record PendingApproval(decimal Amount, bool SupervisorSignedOff, IReadOnlyList<PriorApproval> Given);

/// <param name="CountsAsApproval">One of the tier's approvals.</param>
/// <param name="SignsOff">The supervisor's sign-off the amount needs.</param>
/// <param name="Final">It completes the policy: the request is approved.</param>
public sealed record ApprovalJudgement(bool CountsAsApproval, bool SignsOff, bool Final);
