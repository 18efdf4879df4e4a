using Portal.Ledger.Funds;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Ledger.Funds;

/// <summary>The approvers' queue shows, for each pending request, the policy tier that applies and who approved.</summary>
public sealed class ApprovalQueriesTests : IAsyncLifetime
{
    private FundScenario _scenario = null!;

    public async ValueTask InitializeAsync() => _scenario = await FundScenario.CreateAsync();

    public ValueTask DisposeAsync() => _scenario.DisposeAsync();

    [Fact]
    public async Task Each_pending_request_carries_its_tier_its_sign_off_and_the_approvals_given()
    {
        var small = await _scenario.FileAsync(50_000m);
        var medium = await _scenario.FileAsync(500_000m);
        var large = await _scenario.FileAsync(6_000_000m);
        var decided = await _scenario.ApprovedRequestAsync(20_000m);
        await _scenario.Funds.ApproveAsync(FundScenario.ApproverAgri, medium.Id, "first of two");

        var queue = await new ApprovalQueries(_scenario.Ledger.Store).PendingAsync();

        Assert.Equal([small.Id, medium.Id, large.Id], queue.Select(q => q.Request.Id));
        Assert.DoesNotContain(queue, q => q.Request.Id == decided);
        var (first, second, third) = (queue[0], queue[1], queue[2]);
        Assert.Equal((100_000m, 1, false), (first.Tier.UpTo, first.Tier.RequiredApprovals, first.NeedsSupervisorSignOff));
        Assert.Empty(first.Approvals);
        Assert.Equal(1, first.PolicyVersion);
        Assert.Equal("Guiyang Agriculture Bureau", first.DepartmentName);

        Assert.Equal((1_000_000m, 2), (second.Tier.UpTo, second.Tier.RequiredApprovals));
        var given = Assert.Single(second.Approvals);
        Assert.Equal((FundScenario.ApproverAgri.Id, "Guiyang Agriculture Bureau", Roles.Approver), (given.ApproverId, given.DepartmentName, given.Role));
        Assert.Equal(1, second.ApprovalsCounted);
        Assert.True(second.HasApproved(FundScenario.ApproverAgri.Id));
        Assert.False(second.HasApproved(FundScenario.ApproverFinance.Id));

        Assert.Null(third.Tier.UpTo);
        Assert.True(third.Tier.DistinctDepartments);
        Assert.True(third.NeedsSupervisorSignOff);
    }

    [Fact]
    public async Task A_new_policy_version_applies_to_requests_still_pending()
    {
        var pending = await _scenario.FileAsync(50_000m);
        var stricter = ApprovalPolicy.Default with { Tiers = [new ApprovalTier(null, 3, [Roles.Approver], DistinctDepartments: true)] };
        await _scenario.Funds.SetPolicyAsync(FundScenario.Admin, _scenario.FundId, stricter);

        var queued = Assert.Single(await new ApprovalQueries(_scenario.Ledger.Store).PendingAsync());

        Assert.Equal(pending.Id, queued.Request.Id);
        Assert.Equal(2, queued.PolicyVersion);
        Assert.Equal(3, queued.Tier.RequiredApprovals);
    }
}
