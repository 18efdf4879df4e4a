using Microsoft.EntityFrameworkCore;
using Portal.Ledger.Chain;
using Portal.Ledger.Chain.Writing;
using Portal.Ledger.Storage;

namespace Portal.Ledger.Funds;

/// <summary>
/// Applies fund entries to the read models. Rows are found by key (which also finds rows added earlier in the
/// same block), so entries of one block see each other's effects before anything is saved.
/// </summary>
public sealed class FundProjector : IReadModelProjector
{
    private const int CopyBatch = 2_000;

    /// <summary>The individual payees' keys (and what they belong to; never the names or salts) that the duplicate check compares.</summary>
    public async ValueTask PrepareReplayAsync(LedgerDbContext stored, LedgerDbContext scratch, CancellationToken cancellationToken)
    {
        var pending = 0;
        await foreach (var row in stored.Set<Privacy.PersonalValueRecord>().AsNoTracking().Where(p => p.MatchKey != null).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            scratch.Add(new Privacy.PersonalValueRecord { Commitment = row.Commitment, Record = row.Record, RecordId = row.RecordId, Field = row.Field, MatchKey = row.MatchKey });
            if (++pending == CopyBatch)
            {
                pending = 0;
                await scratch.SaveChangesAsync(cancellationToken);
                scratch.ChangeTracker.Clear();
            }
        }
        await scratch.SaveChangesAsync(cancellationToken);
        scratch.ChangeTracker.Clear();
    }

    public async ValueTask ApplyAsync(LedgerDbContext db, LedgerEntry entry, CancellationToken cancellationToken)
    {
        switch (FundEvents.Read(entry.Kind, entry.Payload))
        {
            case FundCreated fund:
                db.Add(new FundRecord
                {
                    Id = fund.FundId, Name = fund.Name, Currency = fund.Currency, Budget = fund.Budget,
                    PeriodStart = fund.PeriodStart, PeriodEnd = fund.PeriodEnd, LedgerIndex = entry.Index,
                });
                await AdvanceAsync(db, FundSequences.Fund, fund.FundId, cancellationToken);
                break;
            case PolicySet policy:
                db.Add(new PolicyRecord { FundId = policy.FundId, Version = policy.Version, PolicyJson = FundEvents.Serialize(policy.Policy), LedgerIndex = entry.Index });
                Touch(db, await FindAsync<FundRecord>(db, policy.FundId, cancellationToken)).PolicyVersion = policy.Version;
                break;
            case RegionDefined region:
                db.Add(new RegionRecord { Code = region.Code, ParentCode = region.ParentCode, Level = region.Level, Name = region.Name, NameEn = region.NameEn, LedgerIndex = entry.Index });
                break;
            case ProgramDefined program:
                db.Add(new ProgramRecord { Code = program.Code, Name = program.Name, NameEn = program.NameEn, LedgerIndex = entry.Index });
                break;
            case DepartmentDefined department:
                db.Add(new DepartmentRecord { Code = department.Code, Name = department.Name, RegionCode = department.RegionCode, LedgerIndex = entry.Index });
                break;
            case RequestFiled filed:
                await FiledAsync(db, entry, filed, cancellationToken);
                break;
            case RequestApproved approved:
                await ApprovedAsync(db, entry, approved, cancellationToken);
                break;
            case RequestRejected rejected:
                await RejectedAsync(db, entry, rejected, cancellationToken);
                break;
            case RequestCancelled cancelled:
                await CancelledAsync(db, entry, cancelled, cancellationToken);
                break;
            case DisbursementConfirmed paid:
                await DisbursedAsync(db, entry, paid, cancellationToken);
                break;
            case UsageReported used:
                await UsedAsync(db, entry, used, cancellationToken);
                break;
            case FundsReturned returned:
                await ReturnedAsync(db, entry, returned, cancellationToken);
                break;
            case PersonalDataRead read:
                db.Add(new PersonalDataReadRecord
                {
                    LedgerIndex = entry.Index, Actor = entry.Actor, Record = read.Record, RecordId = read.RecordId, Field = read.Field, AtMs = entry.TimestampMs,
                });
                break;
            case PersonalDataErasureRequested asked:
                db.Add(new ErasureRequestRecord
                {
                    LedgerIndex = entry.Index, Record = asked.Record, RecordId = asked.RecordId, Field = asked.Field, Reason = asked.Reason,
                    RequestedBy = entry.Actor, AtMs = entry.TimestampMs,
                });
                break;
            case PersonalDataErased erased when erased.Record == Privacy.PersonalFields.Disbursement:
                await ErasedAsync(db, entry, erased, cancellationToken);
                break;
            case FeedbackSubmitted submitted:
                await FeedbackProjection.SubmittedAsync(db, entry, submitted, cancellationToken);
                await AdvanceAsync(db, FundSequences.Feedback, submitted.FeedbackId, cancellationToken);
                break;
            case FeedbackAnswered or FeedbackEscalated or FeedbackClosed or FeedbackHidden:
                await FeedbackProjection.StepAsync(db, entry, cancellationToken);
                break;
            case FlagRulesSet rules:
                FlagDetection.RulesSet(db, entry, rules);
                await AdvanceAsync(db, FlagDetection.RulesSequence, rules.Version, cancellationToken);
                break;
            case AnomalyReviewed reviewed:
                await AnomalyReviewService.ProjectAsync(db, entry, reviewed, cancellationToken);
                break;
        }
    }

    private static async Task FiledAsync(LedgerDbContext db, LedgerEntry entry, RequestFiled e, CancellationToken ct)
    {
        var request = new RequestRecord
        {
            Id = e.RequestId, FundId = e.FundId, ProgramCode = e.Program, RegionCode = e.Region, DepartmentCode = e.Department,
            RequesterId = entry.Actor, Amount = e.Amount, Purpose = e.Purpose, Beneficiaries = e.Beneficiaries,
            EvidenceSha256 = e.EvidenceSha256, State = RequestState.Pending, FiledAtMs = entry.TimestampMs,
            FiledLedgerIndex = entry.Index,
        };
        db.Add(request);
        Step(db, request, entry);
        await AdvanceAsync(db, FundSequences.Request, e.RequestId, ct);
        Touch(db, await FindAsync<FundRecord>(db, e.FundId, ct)).Requested += e.Amount;
        var day = await DayAsync(db, request, entry, ct);
        day.RequestCount++;
        day.Requested += e.Amount;
        await FlagDetection.FiledAsync(db, entry, request, ct);
        await EvidenceReuse.FiledAsync(db, entry, request, ct);
        await CostOutlier.FiledAsync(db, entry, request, ct);
    }

    private static async Task ApprovedAsync(LedgerDbContext db, LedgerEntry entry, RequestApproved e, CancellationToken ct)
    {
        var request = Touch(db, await FindAsync<RequestRecord>(db, e.RequestId, ct));
        db.Add(new DecisionRecord
        {
            RequestId = e.RequestId, ApproverId = entry.Actor, Department = e.Department, Role = e.Role, Approved = true,
            CountsAsApproval = e.CountsAsApproval, PolicyVersion = e.PolicyVersion, Comment = e.Comment, AtMs = entry.TimestampMs, LedgerIndex = entry.Index,
        });
        if (e.CountsAsApproval)
        {
            request.ApprovalsCounted++;
        }
        if (e.SignOff)
        {
            request.SupervisorSignedOff = true;
        }
        Step(db, request, entry);
        await FlagDetection.OffHoursAsync(db, entry, request, null, ct);
        await ApproverPair.ApprovedAsync(db, entry, request, e, ct);
        if (request.FirstApprovedIndex is null)
        {
            request.FirstApprovedIndex = entry.Index;
            request.FirstApprovedAtMs = entry.TimestampMs;
        }
        if (e.Final)
        {
            request.State = RequestState.Approved;
            request.DecidedAtMs = entry.TimestampMs;
            request.DecidedPolicyVersion = e.PolicyVersion;
            Touch(db, await FindAsync<FundRecord>(db, request.FundId, ct)).Approved += request.Amount;
            (await DayAsync(db, request, entry, ct)).Approved += request.Amount;
            await FlagDetection.ApprovedAsync(db, entry, request, e, ct);
        }
    }

    private static async Task RejectedAsync(LedgerDbContext db, LedgerEntry entry, RequestRejected e, CancellationToken ct)
    {
        var request = Touch(db, await FindAsync<RequestRecord>(db, e.RequestId, ct));
        db.Add(new DecisionRecord
        {
            RequestId = e.RequestId, ApproverId = entry.Actor, Department = e.Department, Role = e.Role, Approved = false,
            PolicyVersion = e.PolicyVersion, Comment = e.Comment, AtMs = entry.TimestampMs, LedgerIndex = entry.Index,
        });
        request.State = RequestState.Rejected;
        request.DecidedAtMs = entry.TimestampMs;
        request.DecidedPolicyVersion = e.PolicyVersion;
        Step(db, request, entry);
        await FlagDetection.WithdrawnAsync(db, entry, request, ct);
    }

    private static async Task CancelledAsync(LedgerDbContext db, LedgerEntry entry, RequestCancelled e, CancellationToken ct)
    {
        var request = Touch(db, await FindAsync<RequestRecord>(db, e.RequestId, ct));
        if (request.State == RequestState.Approved)
        {
            // The commitment is released back to the fund's budget.
            Touch(db, await FindAsync<FundRecord>(db, request.FundId, ct)).Approved -= request.Amount;
            (await DayAsync(db, request, entry, ct)).Released += request.Amount;
        }
        request.State = RequestState.Cancelled;
        Step(db, request, entry);
        await FlagDetection.WithdrawnAsync(db, entry, request, ct);
    }

    private static async Task DisbursedAsync(LedgerDbContext db, LedgerEntry entry, DisbursementConfirmed e, CancellationToken ct)
    {
        var request = Touch(db, await FindAsync<RequestRecord>(db, e.RequestId, ct));
        var fund = Touch(db, await FindAsync<FundRecord>(db, request.FundId, ct));
        await PaymentFlags.FlagAsync(db, entry, request, e, fund.Currency, ct);
        await FlagDetection.OffHoursAsync(db, entry, request, e, ct);
        db.Add(new DisbursementRecord
        {
            Id = e.DisbursementId, RequestId = e.RequestId, FundId = request.FundId, RegionCode = request.RegionCode,
            ProvinceCode = RegionPrefix(request.RegionCode, 2), PrefectureCode = RegionPrefix(request.RegionCode, 4), CountyCode = RegionPrefix(request.RegionCode, 6),
            ProgramCode = request.ProgramCode, DepartmentCode = request.DepartmentCode, Amount = e.Amount, Currency = fund.Currency,
            BankReference = e.BankReference, Payee = e.Payee, PayeeType = e.PayeeType, PayeeCommitment = e.PayeeCommitment,
            PaidAtMs = entry.TimestampMs, LedgerIndex = entry.Index,
        });
        db.Add(new PaymentReferenceRecord
        {
            Reference = e.BankReference, DisbursementId = e.DisbursementId, RequestId = e.RequestId, Amount = e.Amount,
            LedgerIndex = entry.Index, BlockHeight = entry.BlockHeight,
        });
        await AdvanceAsync(db, FundSequences.Disbursement, e.DisbursementId, ct);
        request.Disbursed += e.Amount;
        request.LastPaidAtMs = entry.TimestampMs;
        // Payments are steps of the request too: the next event names the last of them as its previous one.
        Step(db, request, entry);
        fund.Disbursed += e.Amount;
        (await DayAsync(db, request, entry, ct)).Disbursed += e.Amount;
    }

    private static async Task UsedAsync(LedgerDbContext db, LedgerEntry entry, UsageReported e, CancellationToken ct)
    {
        var request = Touch(db, await FindAsync<RequestRecord>(db, e.RequestId, ct));
        db.Add(new UsageRecord
        {
            Id = e.UsageId, RequestId = e.RequestId, ReporterId = entry.Actor, Amount = e.Amount, Category = e.Category,
            EvidenceSha256 = e.EvidenceSha256, ReportedAtMs = entry.TimestampMs, LedgerIndex = entry.Index,
        });
        await AdvanceAsync(db, FundSequences.Usage, e.UsageId, ct);
        request.Used += e.Amount;
        request.LastUsageAtMs = entry.TimestampMs;
        Step(db, request, entry);
        Touch(db, await FindAsync<FundRecord>(db, request.FundId, ct)).Used += e.Amount;
        (await DayAsync(db, request, entry, ct)).Used += e.Amount;
        await EvidenceReuse.UsedAsync(db, entry, request, e, ct);
        await UsageEqualsPayment.UsedAsync(db, entry, request, e, ct);
    }

    private static async Task ReturnedAsync(LedgerDbContext db, LedgerEntry entry, FundsReturned e, CancellationToken ct)
    {
        var request = Touch(db, await FindAsync<RequestRecord>(db, e.RequestId, ct));
        var fund = Touch(db, await FindAsync<FundRecord>(db, request.FundId, ct));
        request.Returned += e.Amount;
        Step(db, request, entry);
        fund.Returned += e.Amount;
        fund.Approved -= e.Amount;
        var day = await DayAsync(db, request, entry, ct);
        day.Returned += e.Amount;
    }

    private static async Task ErasedAsync(LedgerDbContext db, LedgerEntry entry, PersonalDataErased e, CancellationToken ct)
    {
        var payment = Touch(db, await FindAsync<DisbursementRecord>(db, e.RecordId, ct));
        payment.PayeeErasedAtMs = entry.TimestampMs;
        payment.PayeeErasureReason = e.Reason;
        payment.PayeeErasureLedgerIndex = entry.Index;
        // The request it carried out, if one was pending (the operator's command erases without one).
        var requests = db.Set<ErasureRequestRecord>();
        await requests.Where(r => r.Record == e.Record && r.RecordId == e.RecordId && r.ErasedLedgerIndex == null).LoadAsync(ct);
        foreach (var request in db.ChangeTracker.Entries<ErasureRequestRecord>().Select(x => x.Entity).Where(r => r.Record == e.Record && r.RecordId == e.RecordId && r.ErasedLedgerIndex == null).ToList())
        {
            Touch(db, request).ErasedLedgerIndex = entry.Index;
        }
    }

    /// <summary>Records an event as a step of its request, which the request's next event names as its previous one.</summary>
    private static void Step(LedgerDbContext db, RequestRecord request, LedgerEntry entry)
    {
        db.Add(new RequestStepRecord { RequestId = request.Id, LedgerIndex = entry.Index });
        request.LastLedgerIndex = entry.Index;
    }

    /// <summary>
    /// Marks a row as changed. The writer's context does not scan tracked rows for changes (it keeps many between
    /// blocks), so every mutation goes through here; the rebuild check would catch one that did not.
    /// </summary>
    internal static T Touch<T>(LedgerDbContext db, T row)
        where T : class
    {
        var entry = db.Entry(row);
        if (entry.State == EntityState.Unchanged)
        {
            entry.State = EntityState.Modified;
        }
        return row;
    }

    /// <summary>
    /// The row with this key, marked changed, or a new one added: the keyed rows the red-flag rules keep are found in
    /// memory when an entry earlier in the block wrote them.
    /// </summary>
    internal static async Task<T> KeptAsync<T>(LedgerDbContext db, object[] key, Func<T> create, CancellationToken ct)
        where T : class
    {
        if (await db.Set<T>().FindAsync(key, ct) is { } found)
        {
            return Touch(db, found);
        }
        var created = create();
        db.Add(created);
        return created;
    }

    /// <summary>The ancestor at a level of a GB/T 2260 code ("" when the region is above that level).</summary>
    public static string RegionPrefix(string code, int digits) => code.Length >= digits ? code[..digits] : "";

    internal static async Task<T> FindAsync<T>(LedgerDbContext db, object key, CancellationToken ct)
        where T : class =>
        await db.Set<T>().FindAsync([key], ct)
        ?? throw new LedgerCorruptException($"A fund entry refers to {typeof(T).Name.Replace("Record", "", StringComparison.Ordinal)} {key}, which no earlier entry created.");

    private static async Task<DailyTotalRecord> DayAsync(LedgerDbContext db, RequestRecord request, LedgerEntry entry, CancellationToken ct)
    {
        var day = DateOnly.FromDateTime(entry.Timestamp.UtcDateTime);
        var total = await db.Set<DailyTotalRecord>().FindAsync([request.FundId, day, request.RegionCode, request.ProgramCode, request.DepartmentCode], ct);
        if (total is null)
        {
            total = new DailyTotalRecord { FundId = request.FundId, Day = day, RegionCode = request.RegionCode, ProgramCode = request.ProgramCode, DepartmentCode = request.DepartmentCode };
            db.Add(total);
        }
        return Touch(db, total);
    }

    /// <summary>Keeps a sequence at the highest id the ledger has used, so rebuilt sequences equal the stored ones.</summary>
    private static async Task AdvanceAsync(LedgerDbContext db, string name, long id, CancellationToken ct)
    {
        var sequence = await db.Set<SequenceRecord>().FindAsync([name], ct);
        if (sequence is null)
        {
            db.Add(new SequenceRecord { Name = name, Value = id });
        }
        else if (id > sequence.Value)
        {
            Touch(db, sequence).Value = id;
        }
    }
}

public static class FundSequences
{
    public const string Fund = "fund";
    public const string Request = "request";
    public const string Disbursement = "disbursement";
    public const string Usage = "usage";
    public const string Feedback = "feedback";
}
