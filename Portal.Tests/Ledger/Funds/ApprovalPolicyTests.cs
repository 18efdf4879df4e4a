using Portal.Ledger.Funds;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Infrastructure.FundScenario;

namespace Portal.Tests.Ledger.Funds;

/// <summary>The approval policy as the contract between demand and payment: thresholds, four eyes, departments, sign-off.</summary>
public sealed class ApprovalPolicyTests
{
    [Fact]
    public async Task Nobody_approves_their_own_request()
    {
        await using var scenario = await CreateAsync();
        var requester = new Actor("dual-role", "Official and approver", "gy-agri", new HashSet<string> { Roles.Official, Roles.Approver });
        var filed = await scenario.FileAsync(5_000m, requester);
        await scenario.RefusedAsync(FundErrors.SelfApproval, () => scenario.Funds.ApproveAsync(requester, filed.Id, null));
        await scenario.RefusedAsync(FundErrors.SelfApproval, () => scenario.Funds.RejectAsync(requester, filed.Id, "no"));
        Assert.Equal(RequestState.Pending, (await scenario.RequestAsync(filed.Id)).State);
    }

    [Fact]
    public async Task Mid_sized_requests_need_two_distinct_approvers()
    {
        await using var scenario = await CreateAsync();
        var filed = await scenario.FileAsync(500_000m);
        var first = await scenario.Funds.ApproveAsync(ApproverAgri, filed.Id, null);
        Assert.False(first.Final);
        Assert.Equal(RequestState.Pending, (await scenario.RequestAsync(filed.Id)).State);
        await scenario.RefusedAsync(FundErrors.AlreadyDecided, () => scenario.Funds.ApproveAsync(ApproverAgri, filed.Id, null));
        // Same department is fine at this tier.
        var second = await scenario.Funds.ApproveAsync(ApproverAgri2, filed.Id, null);
        Assert.True(second.Final);
        Assert.Equal(500_000m, (await scenario.FundAsync()).Approved);
    }

    [Fact]
    public async Task Large_requests_need_approvers_from_different_departments_and_a_supervisor_above_the_top_threshold()
    {
        await using var scenario = await CreateAsync();
        var filed = await scenario.FileAsync(6_000_000m);
        await scenario.Funds.ApproveAsync(ApproverAgri, filed.Id, null);
        await scenario.RefusedAsync(FundErrors.PolicyViolation, () => scenario.Funds.ApproveAsync(ApproverAgri2, filed.Id, null));
        var second = await scenario.Funds.ApproveAsync(ApproverFinance, filed.Id, null);
        Assert.False(second.Final);
        var third = new Actor("approver-edu", "Approver, education", "gy-edu", new HashSet<string> { Roles.Approver });
        var waiting = await scenario.RefusedAsync(FundErrors.PolicyViolation, () => scenario.Funds.ApproveAsync(third, filed.Id, null));
        Assert.Contains("supervisor", waiting.Message, StringComparison.Ordinal);
        var signOff = await scenario.Funds.ApproveAsync(Supervisor, filed.Id, "Signed off");
        Assert.True(signOff.Final);
        Assert.Equal(RequestState.Approved, (await scenario.RequestAsync(filed.Id)).State);
    }

    [Fact]
    public async Task Officials_and_the_bank_cannot_decide()
    {
        await using var scenario = await CreateAsync();
        var filed = await scenario.FileAsync(5_000m);
        await scenario.RefusedAsync(FundErrors.Forbidden, () => scenario.Funds.ApproveAsync(OtherOfficial, filed.Id, null));
        await scenario.RefusedAsync(FundErrors.Forbidden, () => scenario.Funds.ApproveAsync(Bank, filed.Id, null));
    }

    [Fact]
    public async Task A_rejected_request_is_final_and_cannot_be_paid()
    {
        await using var scenario = await CreateAsync();
        var filed = await scenario.FileAsync(5_000m);
        await scenario.RefusedAsync(FundErrors.InvalidArgument, () => scenario.Funds.RejectAsync(ApproverFinance, filed.Id, " "));
        await scenario.Funds.RejectAsync(ApproverFinance, filed.Id, "Duplicate of an earlier request");
        await scenario.RefusedAsync(FundErrors.AlreadyDecided, () => scenario.Funds.ApproveAsync(ApproverAgri, filed.Id, null));
        await scenario.RefusedAsync(FundErrors.InvalidState, () => scenario.Funds.ConfirmDisbursementAsync(Bank, new ConfirmDisbursement(filed.Id, "R-9", 5_000m, null)));
    }

    [Fact]
    public async Task A_policy_change_is_an_entry_and_later_decisions_record_the_new_version()
    {
        await using var scenario = await CreateAsync();
        var filed = await scenario.FileAsync(50_000m);
        var strict = new ApprovalPolicy([new ApprovalTier(null, 2, [Roles.Approver], DistinctDepartments: true)], null);
        var before = await scenario.TreeSizeAsync();
        await scenario.Funds.SetPolicyAsync(Admin, scenario.FundId, strict);
        Assert.Equal(before + 1, await scenario.TreeSizeAsync());
        Assert.Equal(2, (await scenario.FundAsync()).PolicyVersion);
        var first = await scenario.Funds.ApproveAsync(ApproverAgri, filed.Id, null);
        Assert.False(first.Final);
        var second = await scenario.Funds.ApproveAsync(ApproverFinance, filed.Id, null);
        Assert.True(second.Final);
        Assert.Equal(2, (await scenario.RequestAsync(filed.Id)).DecidedPolicyVersion);
    }

    [Fact]
    public async Task Malformed_policies_are_refused()
    {
        await using var scenario = await CreateAsync();
        ApprovalPolicy[] bad =
        [
            new([], null),
            new([new ApprovalTier(100m, 1, [Roles.Approver], false)], null),
            new([new ApprovalTier(100m, 1, [Roles.Approver], false), new ApprovalTier(50m, 1, [Roles.Approver], false), new ApprovalTier(null, 1, [Roles.Approver], false)], null),
            new([new ApprovalTier(null, 0, [Roles.Approver], false)], null),
            new([new ApprovalTier(null, 1, [Roles.Official], false)], null),
        ];
        foreach (var policy in bad)
        {
            await scenario.RefusedAsync(FundErrors.PolicyViolation, () => scenario.Funds.SetPolicyAsync(Admin, scenario.FundId, policy));
        }
        await scenario.RefusedAsync(FundErrors.Forbidden, () => scenario.Funds.SetPolicyAsync(ApproverAgri, scenario.FundId, ApprovalPolicy.Default));
    }
}
