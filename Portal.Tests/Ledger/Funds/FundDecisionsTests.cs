using Portal.Ledger.Funds;

namespace Portal.Tests.Ledger.Funds;

/// <summary>The decisions alone, as pure functions of a state and a command: no database, no writer.</summary>
public sealed class FundDecisionsTests
{
    private static readonly Actor Official = new("u-official", "Official", "gy-agri", new HashSet<string> { Roles.Official });
    private static readonly Actor Approver = new("u-approver", "Approver", "gy-fin", new HashSet<string> { Roles.Approver });
    private static readonly Actor OtherApprover = new("u-approver-2", "Approver 2", "gy-fin", new HashSet<string> { Roles.Approver });
    private static readonly Actor Supervisor = new("u-supervisor", "Supervisor", "gz-audit", new HashSet<string> { Roles.Supervisor });
    private static readonly Actor Bank = new("bank", "Bank", null, new HashSet<string> { Roles.Bank });

    private static FundRecord Fund(decimal budget = 10_000_000m, decimal approved = 0m) => new()
    {
        Id = 1, Name = "Fund", Currency = "CNY", Budget = budget, Approved = approved, PolicyVersion = 1,
        PeriodStart = new DateOnly(2026, 1, 1), PeriodEnd = new DateOnly(2026, 12, 31),
    };

    private static RequestRecord Request(decimal amount, RequestState state = RequestState.Pending, decimal disbursed = 0m) => new()
    {
        Id = 7, FundId = 1, ProgramCode = "industry", RegionCode = "520102", DepartmentCode = "gy-agri", RequesterId = Official.Id,
        Amount = amount, Purpose = "Greenhouses", State = state, Disbursed = disbursed, FiledLedgerIndex = 40, LastLedgerIndex = 52,
    };

    private static DecisionState Pending(decimal amount, params PriorApproval[] given) =>
        new(7, Request(amount), Fund(), 1, ApprovalPolicy.Default, given);

    [Fact]
    public void The_approval_that_completes_a_small_request_s_tier_approves_it_and_names_the_request_s_previous_entry()
    {
        var decision = FundDecisions.DecideApproval(Pending(50_000m), Approver, Roles.Approver, "");

        var approved = Assert.IsType<RequestApproved>(Assert.Single(decision.Events));
        Assert.Null(decision.Refusal);
        Assert.True(approved.CountsAsApproval);
        Assert.True(approved.Final);
        Assert.Equal(52, approved.PreviousIndex);
    }

    [Fact]
    public void A_second_approval_from_the_same_department_is_refused_where_the_tier_needs_different_departments()
    {
        var decision = FundDecisions.DecideApproval(Pending(2_000_000m, new PriorApproval(OtherApprover.Id, "gy-fin", Counts: true)), Approver, Roles.Approver, "");

        Assert.Empty(decision.Events);
        Assert.Equal(RefusalReason.DepartmentHasApproved, decision.Refusal?.Reason);
        Assert.Equal(FundErrors.PolicyViolation, decision.Refusal?.Code);
    }

    [Fact]
    public void Above_the_sign_off_limit_complete_approvals_wait_for_a_supervisor_whose_sign_off_is_final()
    {
        var approvals = new[] { new PriorApproval("a1", "gy-fin", true), new PriorApproval("a2", "gz-fin", true) };

        var approverAgain = FundDecisions.DecideApproval(Pending(6_000_000m, approvals), Approver, Roles.Approver, "");
        var signOff = FundDecisions.DecideApproval(Pending(6_000_000m, approvals), Supervisor, Roles.Supervisor, "");

        Assert.Equal(RefusalReason.AwaitsSupervisor, approverAgain.Refusal?.Reason);
        var approved = Assert.IsType<RequestApproved>(Assert.Single(signOff.Events));
        Assert.Equal((false, true, true), (approved.CountsAsApproval, approved.SignOff, approved.Final));
    }

    [Fact]
    public void Nobody_decides_on_their_own_request_or_twice()
    {
        var own = FundDecisions.DecideRejection(Pending(50_000m), Official, Roles.Approver, "no");
        var twice = FundDecisions.DecideApproval(Pending(500_000m, new PriorApproval(Approver.Id, "gy-fin", true)), Approver, Roles.Approver, "");

        Assert.Equal(FundErrors.SelfApproval, own.Refusal?.Code);
        Assert.Equal(RefusalReason.AlreadyApproved, twice.Refusal?.Reason);
    }

    [Fact]
    public void An_approval_beyond_the_fund_s_remaining_budget_is_refused_with_what_remains()
    {
        var state = Pending(50_000m) with { Fund = Fund(budget: 1_000_000m, approved: 980_000m) };

        var decision = FundDecisions.DecideApproval(state, Approver, Roles.Approver, "");

        Assert.Equal(FundErrors.OverBudget, decision.Refusal?.Code);
        Assert.Equal("Approving 50000 CNY would exceed the fund's remaining budget of 20000 CNY.", decision.Refusal?.ToString());
    }

    [Fact]
    public void The_same_bank_reference_for_the_same_payment_appends_nothing_and_for_another_is_refused()
    {
        var first = new PaymentReferenceRecord { Reference = "B-1", DisbursementId = 3, RequestId = 7, Amount = 100.00m, LedgerIndex = 60, BlockHeight = 9 };
        var state = new PaymentState(7, Request(500m, RequestState.Approved, disbursed: 100m), Fund(), first, 4);

        var replay = FundDecisions.Decide(state, new ConfirmDisbursement(7, "B-1", 100m, null));
        var other = FundDecisions.Decide(state, new ConfirmDisbursement(7, "B-1", 150m, null));

        Assert.Empty(replay.Events);
        Assert.Null(replay.Refusal);
        Assert.Equal(FundErrors.DuplicateReference, other.Refusal?.Code);
    }

    [Fact]
    public void A_request_with_payments_cannot_be_cancelled_and_the_reason_is_said()
    {
        var decision = FundDecisions.Decide(new CancelState(7, Request(500m, RequestState.Approved, disbursed: 100m)), Official, "no longer needed");

        Assert.Equal(RefusalReason.PaidRequestCannotBeCancelled, decision.Refusal?.Reason);
    }

    [Fact]
    public void Regions_are_defined_parents_first_and_known_ones_skipped()
    {
        RegionDefined[] regions =
        [
            new("520000", null, "province", "贵州省", "Guizhou"),
            new("520100", "520000", "prefecture", "贵阳市", "Guiyang"),
            new("520102", "520100", "county", "南明区", "Nanming"),
        ];

        var decision = FundDecisions.Decide(new DefineRegionsState(new HashSet<string> { "520000" }), regions);
        var orphan = FundDecisions.Decide(new DefineRegionsState(new HashSet<string>()), regions[1..]);

        Assert.Equal(["520100", "520102"], decision.Events.Cast<RegionDefined>().Select(r => r.Code));
        Assert.Equal(RefusalReason.NotFound, orphan.Refusal?.Reason);
    }

    [Fact]
    public void A_command_s_shape_is_checked_before_any_state_and_its_text_is_trimmed()
    {
        var refused = FundDecisions.Check(Bank, new FileRequest(1, "industry", "520102", 10m, "Seeds", 3, null), out _);
        var valid = FundDecisions.Check(Official, new FileRequest(1, "industry", "520102", 10m, "  Seeds  ", 3, " ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789 "), out var checkedCommand);

        Assert.Equal(RefusalReason.RoleRequired, refused?.Reason);
        Assert.Null(valid);
        Assert.Equal("Seeds", checkedCommand.Purpose);
        Assert.Equal("abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789", checkedCommand.EvidenceSha256);
    }
}
