using Microsoft.EntityFrameworkCore;
using Portal.Ledger.Chain;
using Portal.Ledger.Chain.Writing;
using Portal.Ledger.Privacy;
using Portal.Ledger.Storage;

namespace Portal.Ledger.Funds;

/// <summary>
/// The fund workflow's one write path: check the command's shape (<see cref="FundDecisions"/>, before anything is
/// queued), then, inside the write transaction, load the state it is decided on, decide, and append what was
/// decided. The read models follow the appended entries in the same transaction. A refusal appends nothing and
/// reaches the caller as a <see cref="FundRefusalException"/>.
/// </summary>
public sealed class FundService(LedgerWriter writer, PayeeKeys payeeKeys)
{
    public Task<CommandReceipt> CreateFundAsync(Actor actor, CreateFund command, CancellationToken cancellationToken = default) => CommandTelemetry.RunAsync("create-fund", () =>
    {
        FundRefusalException.ThrowIf(FundDecisions.Check(actor, command, out var valid));
        return writer.ExecuteAsync(async (tx, ct) =>
        {
            var state = new CreateFundState(await NextIdAsync(tx.Db, FundSequences.Fund, ct));
            var receipts = await AppendAsync(tx, actor, FundDecisions.Decide(state, valid), ct);
            return new CommandReceipt(state.NextFundId, receipts[0].Index, receipts[0].BlockHeight);
        }, cancellationToken);
    });

    /// <summary>Replaces a fund's approval policy with a new version; decisions after it are taken under it.</summary>
    public Task<CommandReceipt> SetPolicyAsync(Actor actor, long fundId, ApprovalPolicy policy, CancellationToken cancellationToken = default) => CommandTelemetry.RunAsync("set-policy", () =>
    {
        FundRefusalException.ThrowIf(FundDecisions.Check(actor, policy));
        return writer.ExecuteAsync(async (tx, ct) =>
        {
            var state = new SetPolicyState(fundId, await FindAsync<FundRecord>(tx.Db, ct, fundId));
            var receipts = await AppendAsync(tx, actor, FundDecisions.Decide(state, policy), ct);
            return new CommandReceipt(fundId, receipts[0].Index, receipts[0].BlockHeight);
        }, cancellationToken);
    });

    /// <summary>Defines regions (official GB/T 2260 codes), parents before children; existing codes are skipped.</summary>
    public Task<int> DefineRegionsAsync(Actor actor, IReadOnlyList<RegionDefined> regions, CancellationToken cancellationToken = default) => CommandTelemetry.RunAsync("define-regions", () =>
    {
        FundRefusalException.ThrowIf(FundDecisions.Check(actor, regions));
        return writer.ExecuteAsync(async (tx, ct) =>
        {
            var known = new HashSet<string>(StringComparer.Ordinal);
            foreach (var code in regions.SelectMany(r => r.ParentCode is null ? [r.Code] : new[] { r.Code, r.ParentCode }).Distinct())
            {
                if (await FindAsync<RegionRecord>(tx.Db, ct, code) is not null)
                {
                    known.Add(code);
                }
            }
            return (await AppendAsync(tx, actor, FundDecisions.Decide(new DefineRegionsState(known), regions), ct)).Count;
        }, cancellationToken);
    });

    public Task<CommandReceipt> DefineProgramAsync(Actor actor, ProgramDefined program, CancellationToken cancellationToken = default) => CommandTelemetry.RunAsync("define-program", () =>
    {
        FundRefusalException.ThrowIf(FundDecisions.Check(actor, program, out var valid));
        return writer.ExecuteAsync(async (tx, ct) =>
        {
            var state = new DefineProgramState(await FindAsync<ProgramRecord>(tx.Db, ct, valid.Code) is not null);
            var receipts = await AppendAsync(tx, actor, FundDecisions.Decide(state, valid), ct);
            return new CommandReceipt(0, receipts[0].Index, receipts[0].BlockHeight);
        }, cancellationToken);
    });

    public Task<CommandReceipt> DefineDepartmentAsync(Actor actor, DepartmentDefined department, CancellationToken cancellationToken = default) => CommandTelemetry.RunAsync("define-department", () =>
    {
        FundRefusalException.ThrowIf(FundDecisions.Check(actor, department, out var valid));
        return writer.ExecuteAsync(async (tx, ct) =>
        {
            var state = new DefineDepartmentState(
                await FindAsync<DepartmentRecord>(tx.Db, ct, valid.Code) is not null,
                await FindAsync<RegionRecord>(tx.Db, ct, valid.RegionCode) is not null);
            var receipts = await AppendAsync(tx, actor, FundDecisions.Decide(state, valid), ct);
            return new CommandReceipt(0, receipts[0].Index, receipts[0].BlockHeight);
        }, cancellationToken);
    });

    /// <summary>Demand: an official files a request for their department.</summary>
    public Task<CommandReceipt> FileRequestAsync(Actor actor, FileRequest command, CancellationToken cancellationToken = default) => CommandTelemetry.RunAsync("file-request", () =>
    {
        FundRefusalException.ThrowIf(FundDecisions.Check(actor, command, out var valid));
        return writer.ExecuteAsync(async (tx, ct) =>
        {
            var state = new FileRequestState(
                await FindAsync<FundRecord>(tx.Db, ct, valid.FundId),
                await FindAsync<ProgramRecord>(tx.Db, ct, valid.Program) is not null,
                await FindAsync<RegionRecord>(tx.Db, ct, valid.Region) is not null,
                await FindAsync<DepartmentRecord>(tx.Db, ct, actor.Department!) is not null,
                await NextIdAsync(tx.Db, FundSequences.Request, ct),
                DateOnly.FromDateTime(tx.Timestamp.UtcDateTime));
            var receipts = await AppendAsync(tx, actor, FundDecisions.Decide(state, actor, valid), ct);
            return new CommandReceipt(state.NextRequestId, receipts[0].Index, receipts[0].BlockHeight);
        }, cancellationToken);
    });

    /// <summary>An approval under the fund's current policy; the one that completes the policy approves the request.</summary>
    public Task<DecisionReceipt> ApproveAsync(Actor actor, long requestId, string? comment, CancellationToken cancellationToken = default) => CommandTelemetry.RunAsync("approve", () =>
    {
        FundRefusalException.ThrowIf(FundDecisions.CheckApproval(actor, comment, out var role, out var text));
        return writer.ExecuteAsync(async (tx, ct) =>
        {
            var state = await DecisionStateAsync(tx.Db, requestId, ct);
            var decision = FundDecisions.DecideApproval(state, actor, role, text);
            var receipts = await AppendAsync(tx, actor, decision, ct);
            var final = ((RequestApproved)decision.Events[0]).Final;
            return new DecisionReceipt(requestId, state.Request!.State, final, receipts[0].Index, receipts[0].BlockHeight);
        }, cancellationToken);
    });

    public Task<DecisionReceipt> RejectAsync(Actor actor, long requestId, string? comment, CancellationToken cancellationToken = default) => CommandTelemetry.RunAsync("reject", () =>
    {
        FundRefusalException.ThrowIf(FundDecisions.CheckRejection(actor, comment, out var role, out var text));
        return writer.ExecuteAsync(async (tx, ct) =>
        {
            var state = await DecisionStateAsync(tx.Db, requestId, ct);
            var receipts = await AppendAsync(tx, actor, FundDecisions.DecideRejection(state, actor, role, text), ct);
            return new DecisionReceipt(requestId, state.Request!.State, true, receipts[0].Index, receipts[0].BlockHeight);
        }, cancellationToken);
    });

    /// <summary>Withdraws a pending request, or cancels an approved one before any payment, releasing its budget.</summary>
    public Task<CommandReceipt> CancelAsync(Actor actor, long requestId, string? reason, CancellationToken cancellationToken = default) => CommandTelemetry.RunAsync("cancel", () =>
    {
        FundRefusalException.ThrowIf(FundDecisions.CheckCancellation(reason, out var text));
        return writer.ExecuteAsync(async (tx, ct) =>
        {
            var state = new CancelState(requestId, await FindAsync<RequestRecord>(tx.Db, ct, requestId));
            var receipts = await AppendAsync(tx, actor, FundDecisions.Decide(state, actor, text), ct);
            return new CommandReceipt(requestId, receipts[0].Index, receipts[0].BlockHeight);
        }, cancellationToken);
    });

    /// <summary>
    /// The paying bank confirms a payment. The bank's reference is the idempotency key: the same reference sent
    /// again is recorded once, and answered with the first receipt.
    /// </summary>
    public Task<DisbursementReceipt> ConfirmDisbursementAsync(Actor actor, ConfirmDisbursement command, CancellationToken cancellationToken = default) => CommandTelemetry.RunAsync("confirm-disbursement", () =>
    {
        FundRefusalException.ThrowIf(FundDecisions.Check(actor, command, out var valid));
        return writer.ExecuteAsync(async (tx, ct) =>
        {
            var request = await FindAsync<RequestRecord>(tx.Db, ct, valid.RequestId);
            var state = new PaymentState(valid.RequestId, request,
                request is null ? null : await FindAsync<FundRecord>(tx.Db, ct, request.FundId),
                await FindAsync<PaymentReferenceRecord>(tx.Db, ct, valid.BankReference),
                await NextIdAsync(tx.Db, FundSequences.Disbursement, ct));
            var personal = valid.PayeeType == PayeeTypes.Individual ? PersonalCommitment.Create(valid.Payee!) : default;
            var decision = FundDecisions.Decide(state, valid, personal.Commitment);
            if (decision is { Refusal: null, Events.Count: > 0 } && personal.Commitment is { } commitment)
            {
                // Kept apart from the entry, in the same transaction: the projector finds the payee's key here, and
                // a payment is never recorded without its payee's name, nor a name without its payment.
                tx.Db.Add(new PersonalValueRecord
                {
                    Commitment = commitment, Record = PersonalFields.Disbursement, RecordId = state.NextDisbursementId,
                    Field = PersonalFields.Payee, Value = valid.Payee, Salt = personal.Salt, MatchKey = payeeKeys.Individual(valid.Payee!),
                });
            }
            var receipts = await AppendAsync(tx, actor, decision, ct);
            if (receipts.Count == 0)
            {
                var first = state.FirstUse!;
                return new DisbursementReceipt(first.DisbursementId, first.RequestId, first.Amount, first.LedgerIndex, first.BlockHeight, Replayed: true);
            }
            var paid = (DisbursementConfirmed)decision.Events[0];
            return new DisbursementReceipt(paid.DisbursementId, paid.RequestId, paid.Amount, receipts[0].Index, receipts[0].BlockHeight, Replayed: false);
        }, cancellationToken);
    });

    /// <summary>The receiving department's official reports how paid money was used.</summary>
    public Task<CommandReceipt> ReportUsageAsync(Actor actor, ReportUsage command, CancellationToken cancellationToken = default) => CommandTelemetry.RunAsync("report-usage", () =>
    {
        FundRefusalException.ThrowIf(FundDecisions.Check(actor, command, out var valid));
        return writer.ExecuteAsync(async (tx, ct) =>
        {
            var state = await ReportStateAsync(tx.Db, valid.RequestId, FundSequences.Usage, ct);
            var receipts = await AppendAsync(tx, actor, FundDecisions.Decide(state, actor, valid), ct);
            return new CommandReceipt(state.NextUsageId, receipts[0].Index, receipts[0].BlockHeight);
        }, cancellationToken);
    });

    /// <summary>Returns paid but unused money to the fund, which frees that much of its budget.</summary>
    public Task<CommandReceipt> ReturnFundsAsync(Actor actor, ReturnFunds command, CancellationToken cancellationToken = default) => CommandTelemetry.RunAsync("return-funds", () =>
    {
        FundRefusalException.ThrowIf(FundDecisions.Check(actor, command, out var valid));
        return writer.ExecuteAsync(async (tx, ct) =>
        {
            var state = await ReportStateAsync(tx.Db, valid.RequestId, sequence: null, ct);
            var receipts = await AppendAsync(tx, actor, FundDecisions.Decide(state, actor, valid), ct);
            return new CommandReceipt(valid.RequestId, receipts[0].Index, receipts[0].BlockHeight);
        }, cancellationToken);
    });

    private static async Task<DecisionState> DecisionStateAsync(LedgerDbContext db, long requestId, CancellationToken ct)
    {
        var request = await FindAsync<RequestRecord>(db, ct, requestId);
        if (request is null)
        {
            return new DecisionState(requestId, null, null, 0, null, []);
        }
        var fund = await FindAsync<FundRecord>(db, ct, request.FundId);
        var version = fund?.PolicyVersion ?? 0;
        var policy = fund is null ? null : await FindAsync<PolicyRecord>(db, ct, fund.Id, version);
        return new DecisionState(requestId, request, fund, version,
            policy is null ? null : FundEvents.Deserialize<ApprovalPolicy>(policy.PolicyJson), await PriorApprovalsAsync(db, request, ct));
    }

    /// <summary>
    /// The approvals the request has, in the order given: those already stored and those appended earlier in this
    /// block, which the writer's context tracks but has not written yet. Most requests have none, which their row
    /// says (every approval counts or signs off): they are answered without a query or a look at what is tracked.
    /// </summary>
    private static async Task<List<PriorApproval>> PriorApprovalsAsync(LedgerDbContext db, RequestRecord request, CancellationToken ct)
    {
        if (request.ApprovalsCounted == 0 && !request.SupervisorSignedOff)
        {
            return [];
        }
        var requestId = request.Id;
        await db.Set<DecisionRecord>().Where(d => d.RequestId == requestId && d.Approved).LoadAsync(ct);
        // Not DbSet.Local: its view would stay subscribed to every row the long-lived writer context tracks.
        return db.ChangeTracker.Entries<DecisionRecord>().Select(e => e.Entity).Where(d => d.RequestId == requestId && d.Approved)
            .OrderBy(d => d.LedgerIndex).Select(d => new PriorApproval(d.ApproverId, d.Department, d.CountsAsApproval)).ToList();
    }

    private static async Task<ReportState> ReportStateAsync(LedgerDbContext db, long requestId, string? sequence, CancellationToken ct)
    {
        var request = await FindAsync<RequestRecord>(db, ct, requestId);
        return new ReportState(requestId, request,
            request is null ? null : await FindAsync<FundRecord>(db, ct, request.FundId),
            sequence is null ? 0 : await NextIdAsync(db, sequence, ct));
    }

    /// <summary>Appends what was decided, each event as one entry by the actor; a refusal is thrown, and nothing is appended.</summary>
    private static async Task<List<EntryReceipt>> AppendAsync(LedgerTransaction tx, Actor actor, Decision decision, CancellationToken ct)
    {
        FundRefusalException.ThrowIf(decision.Refusal);
        var receipts = new List<EntryReceipt>(decision.Events.Count);
        foreach (var e in decision.Events)
        {
            receipts.Add(await tx.AppendAsync(FundEvents.Draft(actor.Id, e), ct));
        }
        return receipts;
    }


    private static ValueTask<T?> FindAsync<T>(LedgerDbContext db, CancellationToken ct, params object[] keys)
        where T : class => db.Set<T>().FindAsync(keys, ct);

    private static async Task<long> NextIdAsync(LedgerDbContext db, string sequence, CancellationToken ct) =>
        ((await db.Set<SequenceRecord>().FindAsync([sequence], ct))?.Value ?? 0) + 1;
}
