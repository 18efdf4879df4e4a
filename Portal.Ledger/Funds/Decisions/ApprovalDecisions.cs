namespace Portal.Ledger.Funds;

/// <summary>
/// A request awaiting a decision, with what decides it: its fund, the fund's policy in force and the approvals given
/// so far. Null where the ledger has no such row.
/// </summary>
public sealed record DecisionState(long RequestId, RequestRecord? Request, FundRecord? Fund, int PolicyVersion, ApprovalPolicy? Policy, IReadOnlyList<PriorApproval> Given);

/// <summary>Approvers and supervisors approve or reject pending requests under the fund's policy.</summary>
public static partial class FundDecisions
{
    public static Refusal? CheckApproval(Actor actor, string? comment, out string role, out string text)
    {
        text = "";
        return Authority.DecidingRole(actor, out role) ?? FundRules.Text(comment, TextFields.Comment, 2000, out text, required: false);
    }

    public static Refusal? CheckRejection(Actor actor, string? reason, out string role, out string text)
    {
        text = "";
        return Authority.DecidingRole(actor, out role) ?? FundRules.Text(reason, TextFields.RejectionReason, 2000, out text);
    }

    /// <summary>An approval: what it counts as is the policy's to judge; whichever completes the policy approves the request.</summary>
    public static Decision DecideApproval(DecisionState state, Actor actor, string role, string comment)
    {
        if (Pending(state, actor) is { } refused)
        {
            return refused;
        }
        var request = state.Request!;
        var pending = new PendingApproval(request.Amount, request.SupervisorSignedOff, state.Given);
        if (state.Policy!.Judge(state.PolicyVersion, pending, role, actor.Department!, out var judgement) is { } violation)
        {
            return violation;
        }
        // Checked at every sign-off, not only the last: nobody should spend a signature on money the fund does not
        // have (the last one is what the invariant needs).
        return FundRules.WithinBudget(state.Fund!, request.Amount) is { } overBudget
            ? overBudget
            : Decision.Append(new RequestApproved(request.Id, actor.Department!, role, state.PolicyVersion, comment.Length == 0 ? null : comment,
                judgement.CountsAsApproval, judgement.SignsOff, judgement.Final, request.LastLedgerIndex));
    }

    public static Decision DecideRejection(DecisionState state, Actor actor, string role, string reason) =>
        Pending(state, actor) is { } refused
            ? refused
            : Decision.Append(new RequestRejected(state.Request!.Id, actor.Department!, role, state.PolicyVersion, reason, state.Request.LastLedgerIndex));

    /// <summary>The request exists, is still pending, is not the decider's own and has not had the decider's approval.</summary>
    private static Refusal? Pending(DecisionState state, Actor actor)
    {
        if (state.Request is not { } request)
        {
            return NotFound(RefusalTexts.Things.Request, state.RequestId);
        }
        if (request.RequesterId == actor.Id)
        {
            return new Refusal(RefusalReason.SelfDecision);
        }
        if (request.State != RequestState.Pending)
        {
            return new Refusal(RefusalReason.AlreadyDecided, request.Id, RefusalTexts.State(request.State));
        }
        if (state.Given.Any(a => a.ApproverId == actor.Id))
        {
            return new Refusal(RefusalReason.AlreadyApproved);
        }
        return state.Fund is null ? NotFound(RefusalTexts.Things.Fund, request.FundId)
            : state.Policy is null ? NotFound(RefusalTexts.Things.Policy, $"{request.FundId}/{state.PolicyVersion}")
            : null;
    }
}
