using Portal.Ledger.Chain;
using Portal.Ledger.Chain.Writing;
using Portal.Ledger.Storage;

namespace Portal.Ledger.Funds;

/// <summary>
/// The fund workflow: every step is a command that is checked against current state and, if allowed, becomes
/// ledger entries whose read-model effects commit in the same transaction. A refusal is a <see cref="FundRefusalException"/>
/// and appends nothing.
/// </summary>
public sealed class FundService(LedgerWriter writer)
{
    public Task<CommandReceipt> CreateFundAsync(Actor actor, CreateFund command, CancellationToken cancellationToken = default)
    {
        Require(actor, Roles.Administrator);
        var name = FundRules.Text(command.Name, TextFields.FundName, 200);
        if (!Money.IsKnownCurrency(command.Currency))
        {
            throw new FundRefusalException(FundErrors.InvalidCurrency, $"Unknown currency '{command.Currency}'.");
        }
        var budget = Money.Require(command.Budget, command.Currency, "budget");
        if (command.PeriodEnd < command.PeriodStart)
        {
            throw new FundRefusalException(FundErrors.InvalidArgument, "The fund period ends before it starts.");
        }
        command.Policy.Validate();
        return writer.ExecuteAsync(async (tx, ct) =>
        {
            var id = await NextIdAsync(tx.Db, FundSequences.Fund, ct);
            var receipt = await tx.AppendAsync(Entry(FundEvents.FundCreated, actor, new FundCreated(id, name, command.Currency, budget, command.PeriodStart, command.PeriodEnd)), ct);
            await tx.AppendAsync(Entry(FundEvents.PolicySet, actor, new PolicySet(id, 1, command.Policy)), ct);
            return new CommandReceipt(id, receipt.Index, receipt.BlockHeight);
        }, cancellationToken);
    }

    /// <summary>Replaces a fund's approval policy with a new version; decisions after it are taken under it.</summary>
    public Task<CommandReceipt> SetPolicyAsync(Actor actor, long fundId, ApprovalPolicy policy, CancellationToken cancellationToken = default)
    {
        Require(actor, Roles.Administrator);
        policy.Validate();
        return writer.ExecuteAsync(async (tx, ct) =>
        {
            var fund = await FindAsync<FundRecord>(tx.Db, fundId, "fund", ct);
            var receipt = await tx.AppendAsync(Entry(FundEvents.PolicySet, actor, new PolicySet(fund.Id, fund.PolicyVersion + 1, policy)), ct);
            return new CommandReceipt(fund.Id, receipt.Index, receipt.BlockHeight);
        }, cancellationToken);
    }

    /// <summary>Defines regions (official GB/T 2260 codes), parents before children; existing codes are skipped.</summary>
    public Task<int> DefineRegionsAsync(Actor actor, IReadOnlyList<RegionDefined> regions, CancellationToken cancellationToken = default)
    {
        Require(actor, Roles.Administrator);
        foreach (var region in regions)
        {
            FundRules.Text(region.Code, TextFields.RegionCode, 12);
            FundRules.Text(region.Level, TextFields.RegionLevel, 16);
            FundRules.Text(region.Name, TextFields.RegionName, 100);
            FundRules.Text(region.NameEn, TextFields.RegionNameEn, 200, required: false);
        }
        return writer.ExecuteAsync(async (tx, ct) =>
        {
            var added = 0;
            foreach (var region in regions)
            {
                if (await tx.Db.Set<RegionRecord>().FindAsync([region.Code], ct) is not null)
                {
                    continue;
                }
                if (region.ParentCode is not null)
                {
                    await FindAsync<RegionRecord>(tx.Db, region.ParentCode, "parent region", ct);
                }
                await tx.AppendAsync(Entry(FundEvents.RegionDefined, actor, region), ct);
                added++;
            }
            return added;
        }, cancellationToken);
    }

    public Task<CommandReceipt> DefineProgramAsync(Actor actor, ProgramDefined program, CancellationToken cancellationToken = default)
    {
        Require(actor, Roles.Administrator);
        var defined = program with
        {
            Code = FundRules.Text(program.Code, TextFields.ProgramCode, 64),
            Name = FundRules.Text(program.Name, TextFields.ProgramName, 200),
            NameEn = FundRules.Text(program.NameEn, TextFields.ProgramNameEn, 200),
        };
        return writer.ExecuteAsync(async (tx, ct) =>
        {
            if (await tx.Db.Set<ProgramRecord>().FindAsync([defined.Code], ct) is not null)
            {
                throw new FundRefusalException(FundErrors.InvalidArgument, $"Program '{defined.Code}' already exists.");
            }
            var receipt = await tx.AppendAsync(Entry(FundEvents.ProgramDefined, actor, defined), ct);
            return new CommandReceipt(0, receipt.Index, receipt.BlockHeight);
        }, cancellationToken);
    }

    public Task<CommandReceipt> DefineDepartmentAsync(Actor actor, DepartmentDefined department, CancellationToken cancellationToken = default)
    {
        Require(actor, Roles.Administrator);
        var defined = department with
        {
            Code = FundRules.Text(department.Code, TextFields.DepartmentCode, 64),
            Name = FundRules.Text(department.Name, TextFields.DepartmentName, 200),
        };
        return writer.ExecuteAsync(async (tx, ct) =>
        {
            if (await tx.Db.Set<DepartmentRecord>().FindAsync([defined.Code], ct) is not null)
            {
                throw new FundRefusalException(FundErrors.InvalidArgument, $"Department '{defined.Code}' already exists.");
            }
            await FindAsync<RegionRecord>(tx.Db, defined.RegionCode, "region", ct);
            var receipt = await tx.AppendAsync(Entry(FundEvents.DepartmentDefined, actor, defined), ct);
            return new CommandReceipt(0, receipt.Index, receipt.BlockHeight);
        }, cancellationToken);
    }

    /// <summary>Demand: an official files a request for their department.</summary>
    public Task<CommandReceipt> FileRequestAsync(Actor actor, FileRequest command, CancellationToken cancellationToken = default)
    {
        Require(actor, Roles.Official);
        var department = actor.Department ?? throw new FundRefusalException(FundErrors.Forbidden, "Only an official of a department can file requests.");
        var purpose = FundRules.Text(command.Purpose, TextFields.Purpose, 2000);
        var evidence = FundRules.Sha256(command.EvidenceSha256, "evidence hash");
        if (command.Beneficiaries is < 0 or > 10_000_000)
        {
            throw new FundRefusalException(FundErrors.InvalidArgument, "The number of beneficiaries is between 0 and 10,000,000.");
        }
        return writer.ExecuteAsync(async (tx, ct) =>
        {
            var fund = await FindAsync<FundRecord>(tx.Db, command.FundId, "fund", ct);
            var amount = Money.Require(command.Amount, fund.Currency);
            var today = DateOnly.FromDateTime(tx.Timestamp.UtcDateTime);
            if (today < fund.PeriodStart || today > fund.PeriodEnd)
            {
                throw new FundRefusalException(FundErrors.InvalidState, $"The fund accepts requests from {fund.PeriodStart:yyyy-MM-dd} to {fund.PeriodEnd:yyyy-MM-dd}.");
            }
            await FindAsync<ProgramRecord>(tx.Db, command.Program, "program", ct);
            await FindAsync<RegionRecord>(tx.Db, command.Region, "region", ct);
            await FindAsync<DepartmentRecord>(tx.Db, department, "department", ct);
            var id = await NextIdAsync(tx.Db, FundSequences.Request, ct);
            var receipt = await tx.AppendAsync(Entry(FundEvents.RequestFiled, actor,
                new RequestFiled(id, fund.Id, command.Program, command.Region, department, amount, purpose, command.Beneficiaries, evidence)), ct);
            return new CommandReceipt(id, receipt.Index, receipt.BlockHeight);
        }, cancellationToken);
    }

    /// <summary>An approval under the fund's current policy; the one that completes the policy approves the request.</summary>
    public Task<DecisionReceipt> ApproveAsync(Actor actor, long requestId, string? comment, CancellationToken cancellationToken = default)
    {
        var role = DecidingRole(actor);
        var text = FundRules.Text(comment, TextFields.Comment, 2000, required: false);
        return writer.ExecuteAsync(async (tx, ct) =>
        {
            var (request, fund, policy) = await PendingDecisionAsync(tx.Db, actor, requestId, ct);
            var approvals = ParseApprovals(request.Approvals);
            var tier = policy.Policy.TierFor(request.Amount);
            var needsSupervisor = policy.Policy.NeedsSupervisor(request.Amount);
            var countsAsApproval = tier.Roles.Contains(role) && approvals.Count(a => a.Counts) < tier.RequiredApprovals;
            var signsOff = role == Roles.Supervisor && needsSupervisor && !request.SupervisorSignedOff;
            if (!countsAsApproval && !signsOff)
            {
                throw new FundRefusalException(FundErrors.PolicyViolation, needsSupervisor && !request.SupervisorSignedOff
                    ? "The approvals are complete; the request now waits for a supervisor's sign-off."
                    : $"Under policy version {policy.Version} a {role.ToLowerInvariant()} cannot approve this request.");
            }
            if (countsAsApproval && tier.DistinctDepartments && approvals.Any(a => a.Counts && a.Department == actor.Department))
            {
                throw new FundRefusalException(FundErrors.PolicyViolation,
                    $"Requests over this amount need approvals from {tier.RequiredApprovals} different departments; {actor.Department} has approved already.");
            }
            var approvalCount = approvals.Count(a => a.Counts) + (countsAsApproval ? 1 : 0);
            var final = approvalCount >= tier.RequiredApprovals && (!needsSupervisor || request.SupervisorSignedOff || signsOff);
            // Checked at every sign-off, not only the last: nobody should spend a signature on money the fund
            // does not have (the last one is what the invariant needs).
            FundRules.WithinBudget(fund, request.Amount);
            var receipt = await tx.AppendAsync(Entry(FundEvents.RequestApproved, actor,
                new RequestApproved(request.Id, actor.Department!, role, policy.Version, text.Length == 0 ? null : text, countsAsApproval, signsOff, final, LastIndex(request))), ct);
            return new DecisionReceipt(request.Id, request.State, final, receipt.Index, receipt.BlockHeight);
        }, cancellationToken);
    }

    public Task<DecisionReceipt> RejectAsync(Actor actor, long requestId, string? comment, CancellationToken cancellationToken = default)
    {
        var role = DecidingRole(actor);
        var text = FundRules.Text(comment, TextFields.RejectionReason, 2000);
        return writer.ExecuteAsync(async (tx, ct) =>
        {
            var (request, _, policy) = await PendingDecisionAsync(tx.Db, actor, requestId, ct);
            var receipt = await tx.AppendAsync(Entry(FundEvents.RequestRejected, actor,
                new RequestRejected(request.Id, actor.Department!, role, policy.Version, text, LastIndex(request))), ct);
            return new DecisionReceipt(request.Id, request.State, true, receipt.Index, receipt.BlockHeight);
        }, cancellationToken);
    }

    /// <summary>Withdraws a pending request, or cancels an approved one before any payment, releasing its budget.</summary>
    public Task<CommandReceipt> CancelAsync(Actor actor, long requestId, string? reason, CancellationToken cancellationToken = default)
    {
        var text = FundRules.Text(reason, TextFields.CancellationReason, 2000);
        return writer.ExecuteAsync(async (tx, ct) =>
        {
            var request = await FindAsync<RequestRecord>(tx.Db, requestId, "request", ct);
            var mayCancel = request.RequesterId == actor.Id || actor.IsIn(Roles.Supervisor) || actor.IsIn(Roles.Administrator);
            if (!mayCancel)
            {
                throw new FundRefusalException(FundErrors.Forbidden, "Only the requester, a supervisor or an administrator can cancel a request.");
            }
            if (request.State is not (RequestState.Pending or RequestState.Approved) || request.Disbursed > 0)
            {
                throw new FundRefusalException(FundErrors.InvalidState, request.Disbursed > 0
                    ? "Payments have been made on this request: return unused funds instead of cancelling."
                    : $"A {request.State.ToString().ToLowerInvariant()} request cannot be cancelled.");
            }
            var role = request.RequesterId == actor.Id ? Roles.Official : actor.IsIn(Roles.Supervisor) ? Roles.Supervisor : Roles.Administrator;
            var receipt = await tx.AppendAsync(Entry(FundEvents.RequestCancelled, actor, new RequestCancelled(request.Id, role, text, LastIndex(request))), ct);
            return new CommandReceipt(request.Id, receipt.Index, receipt.BlockHeight);
        }, cancellationToken);
    }

    /// <summary>
    /// The paying bank confirms a payment. The bank's reference is the idempotency key: the same reference sent
    /// again is recorded once, and answered with the first receipt.
    /// </summary>
    public Task<DisbursementReceipt> ConfirmDisbursementAsync(Actor actor, ConfirmDisbursement command, CancellationToken cancellationToken = default)
    {
        Require(actor, Roles.Bank);
        var reference = FundRules.Reference(command.BankReference);
        var payee = FundRules.Text(command.Payee, TextFields.Payee, 200, required: false);
        return writer.ExecuteAsync(async (tx, ct) =>
        {
            var request = await FindAsync<RequestRecord>(tx.Db, command.RequestId, "request", ct);
            var fund = await FindAsync<FundRecord>(tx.Db, request.FundId, "fund", ct);
            var amount = Money.Require(command.Amount, fund.Currency);
            if (await tx.Db.Set<PaymentReferenceRecord>().FindAsync([reference], ct) is { } first)
            {
                if (first.RequestId != request.Id || first.Amount != amount)
                {
                    throw new FundRefusalException(FundErrors.DuplicateReference,
                        $"Bank reference '{reference}' already confirmed a payment of {Money.Format(first.Amount)} on request {first.RequestId}.");
                }
                return new DisbursementReceipt(first.DisbursementId, first.RequestId, first.Amount, first.LedgerIndex, first.BlockHeight, Replayed: true);
            }
            FundRules.Disbursable(request, amount, fund.Currency);
            var id = await NextIdAsync(tx.Db, FundSequences.Disbursement, ct);
            var receipt = await tx.AppendAsync(Entry(FundEvents.DisbursementConfirmed, actor,
                new DisbursementConfirmed(id, request.Id, reference, amount, payee.Length == 0 ? null : payee, LastIndex(request))), ct);
            return new DisbursementReceipt(id, request.Id, amount, receipt.Index, receipt.BlockHeight, Replayed: false);
        }, cancellationToken);
    }

    /// <summary>The receiving department's official reports how paid money was used.</summary>
    public Task<CommandReceipt> ReportUsageAsync(Actor actor, ReportUsage command, CancellationToken cancellationToken = default)
    {
        Require(actor, Roles.Official);
        var category = FundRules.Text(command.Category, TextFields.UsageCategory, 100);
        var evidence = FundRules.Sha256(command.EvidenceSha256, "evidence hash");
        return writer.ExecuteAsync(async (tx, ct) =>
        {
            var (request, fund) = await ReceivingRequestAsync(tx.Db, actor, command.RequestId, ct);
            var amount = Money.Require(command.Amount, fund.Currency);
            FundRules.Usable(request, amount, fund.Currency);
            var id = await NextIdAsync(tx.Db, FundSequences.Usage, ct);
            var receipt = await tx.AppendAsync(Entry(FundEvents.UsageReported, actor,
                new UsageReported(id, request.Id, amount, category, evidence, LastIndex(request))), ct);
            return new CommandReceipt(id, receipt.Index, receipt.BlockHeight);
        }, cancellationToken);
    }

    /// <summary>Returns paid but unused money to the fund, which frees that much of its budget.</summary>
    public Task<CommandReceipt> ReturnFundsAsync(Actor actor, ReturnFunds command, CancellationToken cancellationToken = default)
    {
        Require(actor, Roles.Official);
        var reason = FundRules.Text(command.Reason, TextFields.ReturnReason, 2000, required: false);
        return writer.ExecuteAsync(async (tx, ct) =>
        {
            var (request, fund) = await ReceivingRequestAsync(tx.Db, actor, command.RequestId, ct);
            var amount = Money.Require(command.Amount, fund.Currency);
            FundRules.Returnable(request, amount, fund.Currency);
            var receipt = await tx.AppendAsync(Entry(FundEvents.FundsReturned, actor,
                new FundsReturned(request.Id, amount, reason.Length == 0 ? null : reason, LastIndex(request))), ct);
            return new CommandReceipt(request.Id, receipt.Index, receipt.BlockHeight);
        }, cancellationToken);
    }

    /// <summary>
    /// The ledger index of the request's latest event, which its next event names. The request's row is the write
    /// transaction's own, so an event appended earlier in the same block is already counted.
    /// </summary>
    private static long LastIndex(RequestRecord request) =>
        long.Parse(request.LedgerIndexes.AsSpan(request.LedgerIndexes.LastIndexOf(',') + 1), System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<(RequestRecord, FundRecord, (int Version, ApprovalPolicy Policy))> PendingDecisionAsync(LedgerDbContext db, Actor actor, long requestId, CancellationToken ct)
    {
        var request = await FindAsync<RequestRecord>(db, requestId, "request", ct);
        if (request.RequesterId == actor.Id)
        {
            throw new FundRefusalException(FundErrors.SelfApproval, "Nobody can decide on their own request.");
        }
        if (request.State != RequestState.Pending)
        {
            throw new FundRefusalException(FundErrors.AlreadyDecided, $"Request {request.Id} is already {request.State.ToString().ToLowerInvariant()}.");
        }
        if (ParseApprovals(request.Approvals).Any(a => a.ApproverId == actor.Id))
        {
            throw new FundRefusalException(FundErrors.AlreadyDecided, "You have already approved this request; another approver must decide.");
        }
        var fund = await FindAsync<FundRecord>(db, request.FundId, "fund", ct);
        var policy = await FindAsync<PolicyRecord>(db, new object[] { fund.Id, fund.PolicyVersion }, "approval policy", ct);
        return (request, fund, (policy.Version, FundEvents.Deserialize<ApprovalPolicy>(policy.PolicyJson)));
    }

    private static async Task<(RequestRecord, FundRecord)> ReceivingRequestAsync(LedgerDbContext db, Actor actor, long requestId, CancellationToken ct)
    {
        var request = await FindAsync<RequestRecord>(db, requestId, "request", ct);
        if (request.DepartmentCode != actor.Department)
        {
            throw new FundRefusalException(FundErrors.Forbidden, "Only an official of the receiving department can report on this request.");
        }
        return (request, await FindAsync<FundRecord>(db, request.FundId, "fund", ct));
    }

    private static string DecidingRole(Actor actor)
    {
        if (actor.Department is null)
        {
            throw new FundRefusalException(FundErrors.Forbidden, "Approvers act for a department.");
        }
        return actor.IsIn(Roles.Supervisor) ? Roles.Supervisor
            : actor.IsIn(Roles.Approver) ? Roles.Approver
            : throw new FundRefusalException(FundErrors.Forbidden, "Only approvers and supervisors decide on requests.");
    }

    private static void Require(Actor actor, string role)
    {
        if (!actor.IsIn(role))
        {
            throw new FundRefusalException(FundErrors.Forbidden, $"This needs the {role} role.");
        }
    }

    private static List<(string ApproverId, string Department, bool Counts)> ParseApprovals(string approvals) =>
        approvals.Length == 0
            ? []
            : approvals.Split(';').Select(a =>
            {
                var signOffOnly = a.EndsWith('!');
                var text = signOffOnly ? a[..^1] : a;
                var at = text.LastIndexOf('@');
                return (text[..at], text[(at + 1)..], !signOffOnly);
            }).ToList();

    private static EntryDraft Entry<T>(string kind, Actor actor, T payload) => new(kind, actor.Id, FundEvents.Serialize(payload));

    private static async Task<T> FindAsync<T>(LedgerDbContext db, object key, string what, CancellationToken ct)
        where T : class
    {
        var keys = key as object[] ?? [key];
        return await db.Set<T>().FindAsync(keys, ct)
            ?? throw new FundRefusalException(FundErrors.NotFound, $"No {what} '{string.Join("/", keys)}' exists.");
    }

    private static async Task<long> NextIdAsync(LedgerDbContext db, string sequence, CancellationToken ct) =>
        ((await db.Set<SequenceRecord>().FindAsync([sequence], ct))?.Value ?? 0) + 1;
}
