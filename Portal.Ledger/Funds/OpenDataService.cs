using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Ledger.Storage;

namespace Portal.Ledger.Funds;

/// <summary>
/// The public, read-only view of where the money went: funds, disbursement records and their timelines. Queries
/// use keyset paging and the disbursement indexes, so a page costs the same on the millionth row as on the first.
/// </summary>
public sealed class OpenDataService(LedgerStore store)
{
    public const int MaxLimit = 1_000;

    public async Task<IReadOnlyList<FundSummary>> FundsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        var funds = await db.Set<FundRecord>().AsNoTracking().OrderBy(f => f.Id).ToListAsync(cancellationToken);
        return funds.ConvertAll(f => FundSummary.Rounded(f.Id, f.Name, f.Currency, f.Budget, f.Requested, f.Approved, f.Disbursed, f.Used));
    }

    /// <summary>
    /// Every fund's totals with the ledger size they reflect (0 when the ledger moved on during every attempt). A block
    /// commits its entries and the totals they change together, so totals read between two equal sizes are exactly
    /// those of that size: a monitor recomputing them from the entries compares like with like.
    /// </summary>
    public async Task<(IReadOnlyList<FundSummary> Funds, long TreeSize)> FundsAtSizeAsync(CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        var size = await Chain.LedgerReader.HeadSizeAsync(db, cancellationToken);
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var funds = await FundsAsync(cancellationToken);
            var after = await Chain.LedgerReader.HeadSizeAsync(db, cancellationToken);
            if (after == size)
            {
                return (funds, size);
            }
            size = after;
        }
        return (await FundsAsync(cancellationToken), 0);
    }

    /// <summary>
    /// One page, newest first. With <paramref name="treeSize"/>, the page holds the ledger as it was at that size
    /// (records and steps of entries below it only), and its next cursor carries the size for the pages after it.
    /// </summary>
    public async Task<DisbursementPage> DisbursementsAsync(DisbursementFilter filter, DisbursementCursor? cursor, int limit, long? treeSize = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxLimit);
        await using var db = store.CreateContext();
        var query = Filtered(db, filter, treeSize);
        if (cursor is not null)
        {
            query = query.Where(d => d.PaidAtMs < cursor.PaidAtMs || (d.PaidAtMs == cursor.PaidAtMs && d.Id < cursor.Id));
        }
        var page = await query.OrderByDescending(d => d.PaidAtMs).ThenByDescending(d => d.Id).Take(limit + 1).ToListAsync(cancellationToken);
        var more = page.Count > limit;
        if (more)
        {
            page.RemoveAt(page.Count - 1);
        }
        var requestIds = page.Select(d => d.RequestId).Distinct().ToList();
        var steps = (await Steps(db, treeSize).Where(s => requestIds.Contains(s.RequestId)).ToListAsync(cancellationToken))
            .ToLookup(s => s.RequestId, s => s.LedgerIndex);
        var items = page.ConvertAll(d => Item(d, steps[d.RequestId]));
        return new DisbursementPage(items, more ? new DisbursementCursor(page[^1].PaidAtMs, page[^1].Id, treeSize).Encode() : null);
    }

    /// <summary>
    /// The page before (newer than) one whose newest record is <paramref name="newestShown"/>, for paging back by
    /// links: null when there is none, an empty cursor when it is the first page, else the cursor that lists it.
    /// </summary>
    public async Task<string?> NewerPageCursorAsync(DisbursementFilter filter, DisbursementCursor newestShown, int limit, CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        var newer = await Filtered(db, filter)
            .Where(d => d.PaidAtMs > newestShown.PaidAtMs || (d.PaidAtMs == newestShown.PaidAtMs && d.Id > newestShown.Id))
            .OrderBy(d => d.PaidAtMs).ThenBy(d => d.Id).Take(limit + 1)
            .Select(d => new { d.PaidAtMs, d.Id }).ToListAsync(cancellationToken);
        return newer.Count == 0 ? null
            : newer.Count <= limit ? ""
            // A cursor lists what is older than it: the record just above the newer page.
            : new DisbursementCursor(newer[limit].PaidAtMs, newer[limit].Id).Encode();
    }

    public async Task<long> CountAsync(DisbursementFilter filter, CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        return await Filtered(db, filter).LongCountAsync(cancellationToken);
    }

    /// <summary>The choices the explorer's filters offer: programs, departments and the region tree.</summary>
    public async Task<FilterChoices> ChoicesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        var programs = await db.Set<ProgramRecord>().AsNoTracking().OrderBy(p => p.Code).Select(p => new Choice(p.Code, p.Name, p.NameEn, null)).ToListAsync(cancellationToken);
        var departments = await db.Set<DepartmentRecord>().AsNoTracking().OrderBy(d => d.Code).Select(d => new Choice(d.Code, d.Name, d.Name, d.RegionCode)).ToListAsync(cancellationToken);
        // Provinces, prefectures and counties: townships are too many for a drop-down and rarely filtered on.
        var regions = await db.Set<RegionRecord>().AsNoTracking().Where(r => r.Level != "township").OrderBy(r => r.Code)
            .Select(r => new Choice(r.Code, r.Name, r.NameEn, r.ParentCode)).ToListAsync(cancellationToken);
        var funds = await db.Set<FundRecord>().AsNoTracking().OrderBy(f => f.Id).Select(f => new Choice(f.Id.ToString(), f.Name, f.Name, null)).ToListAsync(cancellationToken);
        return new FilterChoices(funds, programs, departments, regions);
    }

    /// <summary>
    /// Every matching record, newest first, streamed: memory stays flat however many there are. With
    /// <paramref name="treeSize"/>, exactly the records and steps of the ledger at that size, as the pages give them.
    /// </summary>
    public async IAsyncEnumerable<DisbursementItem> StreamDisbursementsAsync(DisbursementFilter filter, long? treeSize = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        // One query, so every record and its steps come from the same snapshot: a row per step, a record's rows
        // together (the order ends with the record's id), gathered back into one record each. Only the columns a
        // record shows are read: a row per step of a million records is most of an export's time.
        var rows = Filtered(db, filter, treeSize)
            .Join(Steps(db, treeSize), d => d.RequestId, s => s.RequestId, (d, s) => new { d, Step = s.LedgerIndex })
            .OrderByDescending(r => r.d.PaidAtMs).ThenByDescending(r => r.d.Id)
            .Select(r => new { Record = new RecordRow(r.d.Id, r.d.FundId, r.d.RegionCode, r.d.ProgramCode, r.d.DepartmentCode, r.d.Amount, r.d.Currency, r.d.PaidAtMs, r.d.LedgerIndex), r.Step })
            .AsAsyncEnumerable();
        RecordRow? current = null;
        var steps = new List<long>();
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            if (current is not null && row.Record.Id != current.Id)
            {
                yield return current.Item(steps);
                steps.Clear();
            }
            current = row.Record;
            steps.Add(row.Step);
        }
        if (current is not null)
        {
            yield return current.Item(steps);
        }
    }

    /// <summary>The columns of a disbursement row that its open-data record shows.</summary>
    private sealed record RecordRow(long Id, long FundId, string Region, string Program, string Department, decimal Amount, string Currency, long PaidAtMs, long LedgerIndex)
    {
        public static RecordRow Of(DisbursementRecord d) =>
            new(d.Id, d.FundId, d.RegionCode, d.ProgramCode, d.DepartmentCode, d.Amount, d.Currency, d.PaidAtMs, d.LedgerIndex);

        public DisbursementItem Item(IEnumerable<long> requestSteps) => new(
            Id, FundId, Region, Program, Department, Money.Normalize(Amount, Money.PrecisionOf(Currency)), Currency,
            DateTimeOffset.FromUnixTimeMilliseconds(PaidAtMs), LedgerIndexes(LedgerIndex, requestSteps));
    }

    public async Task<DisbursementDetail?> DisbursementAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        var d = await db.Set<DisbursementRecord>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, cancellationToken);
        if (d is null)
        {
            return null;
        }
        var request = await db.Set<RequestRecord>().AsNoTracking().FirstAsync(r => r.Id == d.RequestId, cancellationToken);
        var fund = await db.Set<FundRecord>().AsNoTracking().FirstAsync(f => f.Id == d.FundId, cancellationToken);
        var region = await db.Set<RegionRecord>().AsNoTracking().FirstAsync(r => r.Code == d.RegionCode, cancellationToken);
        var program = await db.Set<ProgramRecord>().AsNoTracking().FirstAsync(p => p.Code == d.ProgramCode, cancellationToken);
        var department = await db.Set<DepartmentRecord>().AsNoTracking().FirstAsync(x => x.Code == d.DepartmentCode, cancellationToken);
        var payments = await db.Set<DisbursementRecord>().AsNoTracking().Where(x => x.RequestId == d.RequestId).Select(x => x.LedgerIndex).ToListAsync(cancellationToken);
        var requestSteps = await db.Set<RequestStepRecord>().AsNoTracking().Where(s => s.RequestId == d.RequestId).Select(s => s.LedgerIndex).ToListAsync(cancellationToken);
        var stepIndexes = requestSteps.Concat(payments).Distinct().ToList();
        var entries = await db.Entries.AsNoTracking().Where(e => stepIndexes.Contains(e.Index)).OrderBy(e => e.Index).ToListAsync(cancellationToken);
        var digits = Money.PrecisionOf(d.Currency);
        var timeline = entries.ConvertAll(e => Step(e, digits));
        return new DisbursementDetail(
            d.Id, d.FundId, fund.Name, d.RequestId, d.RegionCode, region.Name, region.NameEn, d.ProgramCode, program.Name, program.NameEn,
            d.DepartmentCode, department.Name, request.Purpose, request.Beneficiaries, Money.Normalize(d.Amount, digits), d.Currency,
            DateTimeOffset.FromUnixTimeMilliseconds(d.PaidAtMs), request.State.ToString(), Money.Normalize(request.Amount, digits),
            Money.Normalize(request.Disbursed, digits), Money.Normalize(request.Used, digits), Money.Normalize(request.Returned, digits),
            LedgerIndexes(d.LedgerIndex, requestSteps), timeline, d.LedgerIndex,
            new DefinitionIndexes(fund.LedgerIndex, region.LedgerIndex, program.LedgerIndex, department.LedgerIndex), PayeeOf(d));
    }

    private static PayeeView? PayeeOf(DisbursementRecord d) => d.PayeeType == PayeeTypes.Individual
        ? new PayeeView(PayeeTypes.Individual, null, d.PayeeCommitment, d.PayeeErasedAtMs is { } at
            ? new PayeeErasure(DateTimeOffset.FromUnixTimeMilliseconds(at), d.PayeeErasureReason ?? "", d.PayeeErasureLedgerIndex ?? 0)
            : null)
        : d.Payee is { Length: > 0 } name ? new PayeeView(PayeeTypes.Organization, name, null, null) : null;

    /// <summary>
    /// A request's steps, up to a tree size when given. A block commits its entries and the rows they project
    /// together, so the rows below a size the ledger has reached are all there and never change.
    /// </summary>
    private static IQueryable<RequestStepRecord> Steps(LedgerDbContext db, long? treeSize)
    {
        var steps = db.Set<RequestStepRecord>().AsNoTracking();
        return treeSize is { } size ? steps.Where(s => s.LedgerIndex < size) : steps;
    }

    private static IQueryable<DisbursementRecord> Filtered(LedgerDbContext db, DisbursementFilter filter, long? treeSize = null)
    {
        var query = db.Set<DisbursementRecord>().AsNoTracking();
        if (treeSize is { } size)
        {
            query = query.Where(d => d.LedgerIndex < size);
        }
        if (filter.FundId is { } fund)
        {
            query = query.Where(d => d.FundId == fund);
        }
        if (filter.Region is { Length: > 0 } region)
        {
            // GB/T 2260 codes nest by prefix: a province, prefecture or county selects everything under it.
            query = region.Length switch
            {
                2 => query.Where(d => d.ProvinceCode == region),
                4 => query.Where(d => d.PrefectureCode == region),
                6 => query.Where(d => d.CountyCode == region),
                _ => query.Where(d => d.RegionCode == region),
            };
        }
        if (filter.Program is { Length: > 0 } program)
        {
            query = query.Where(d => d.ProgramCode == program);
        }
        if (filter.Department is { Length: > 0 } department)
        {
            query = query.Where(d => d.DepartmentCode == department);
        }
        if (filter.From is { } from)
        {
            var ms = from.ToUnixTimeMilliseconds();
            query = query.Where(d => d.PaidAtMs >= ms);
        }
        if (filter.To is { } to)
        {
            var ms = to.ToUnixTimeMilliseconds();
            query = query.Where(d => d.PaidAtMs < ms);
        }
        if (filter.MinAmount is { } min)
        {
            query = query.Where(d => d.Amount >= min);
        }
        if (filter.MaxAmount is { } max)
        {
            query = query.Where(d => d.Amount <= max);
        }
        return query;
    }

    private static DisbursementItem Item(DisbursementRecord d, IEnumerable<long> requestSteps) => RecordRow.Of(d).Item(requestSteps);

    /// <summary>The entries behind a record: the request's own steps and this payment, in ledger order.</summary>
    private static List<long> LedgerIndexes(long payment, IEnumerable<long> requestSteps) =>
        requestSteps.Append(payment).Distinct().Order().ToList();

    private static TimelineStep Step(EntryRecord entry, int digits)
    {
        using var payload = JsonDocument.Parse(entry.Payload);
        var root = payload.RootElement;
        decimal? amount = root.TryGetProperty("amount", out var a) && a.ValueKind == JsonValueKind.Number ? Money.Normalize(a.GetDecimal(), digits) : null;
        var role = entry.Kind switch
        {
            FundEvents.RequestFiled or FundEvents.UsageReported or FundEvents.FundsReturned => Roles.Official,
            FundEvents.RequestApproved or FundEvents.RequestRejected or FundEvents.RequestCancelled when root.TryGetProperty("role", out var r) => r.GetString() ?? "",
            FundEvents.DisbursementConfirmed => Roles.Bank,
            _ => "",
        };
        return new TimelineStep(entry.Kind, DateTimeOffset.FromUnixTimeMilliseconds(entry.TimestampMs), role, amount, entry.Index, entry.BlockHeight);
    }
}
