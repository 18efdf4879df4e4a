using Portal.Ledger.Funds;
using Portal.Web.Components.Pages.Admin;

namespace Portal.Tests.Web.Components;

public sealed class PolicyDraftTests
{
    [Fact]
    public void A_policy_comes_back_unchanged_from_its_draft()
    {
        var policy = PolicyDraft.From(ApprovalPolicy.Default).ToPolicy();

        Assert.Equal(ApprovalPolicy.Default.SupervisorSignOffAbove, policy.SupervisorSignOffAbove);
        Assert.Equal(ApprovalPolicy.Default.Tiers.Count, policy.Tiers.Count);
        for (var i = 0; i < policy.Tiers.Count; i++)
        {
            var (expected, actual) = (ApprovalPolicy.Default.Tiers[i], policy.Tiers[i]);
            Assert.Equal(expected.UpTo, actual.UpTo);
            Assert.Equal(expected.RequiredApprovals, actual.RequiredApprovals);
            Assert.Equal(expected.Roles, actual.Roles);
            Assert.Equal(expected.DistinctDepartments, actual.DistinctDepartments);
        }
    }

    [Fact]
    public void An_added_tier_goes_below_the_open_one_with_a_higher_limit()
    {
        var draft = PolicyDraft.From(ApprovalPolicy.Default);
        draft.AddTier();

        var policy = draft.ToPolicy();
        Assert.Equal([100_000m, 1_000_000m, 10_000_000m, null], policy.Tiers.Select(t => t.UpTo));
    }

    [Fact]
    public void The_last_tier_is_open_ended_whatever_limit_the_form_held()
    {
        var draft = PolicyDraft.From(ApprovalPolicy.Default);
        draft.Tiers[^1].UpTo = 5m;

        Assert.Null(draft.ToPolicy().Tiers[^1].UpTo);
    }

    [Theory]
    [InlineData(1, 50_000, null, "ascending")]
    [InlineData(0, null, null, "needs an upper limit")]
    [InlineData(0, 100_000, 0, "1 to 10 approvals")]
    public void A_broken_draft_is_refused_with_the_rule_it_breaks(int tier, int? upTo, int? approvals, string message)
    {
        var draft = PolicyDraft.From(ApprovalPolicy.Default);
        draft.Tiers[tier].UpTo = upTo;
        if (approvals is { } count)
        {
            draft.Tiers[tier].RequiredApprovals = count;
        }

        var refusal = Assert.Throws<FundRefusalException>(draft.ToPolicy);
        Assert.Contains(message, refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tier_nobody_may_approve_is_refused()
    {
        var draft = PolicyDraft.From(ApprovalPolicy.Default);
        draft.Tiers[0].Approvers = false;

        Assert.Throws<FundRefusalException>(draft.ToPolicy);
    }
}
