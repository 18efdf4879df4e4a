using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Ledger.Privacy;
using Portal.Ledger.Storage;

namespace Portal.Ledger.Funds;

/// <summary>An answer of the department concerned.</summary>
public sealed record FeedbackAnswer(string Text, string Department, DateTimeOffset AnsweredAt, long LedgerIndex);

/// <summary>That, when, by which role and why a supervisor hid a feedback's text.</summary>
public sealed record FeedbackHiding(DateTimeOffset At, string Role, string Reason, long LedgerIndex);

/// <summary>How a supervisor closed a feedback.</summary>
public sealed record FeedbackClosing(string Outcome, string? Note, DateTimeOffset At, long LedgerIndex);

/// <summary>A supervisor's escalation.</summary>
public sealed record FeedbackEscalation(string Reason, DateTimeOffset At, long LedgerIndex);

/// <summary>
/// A feedback as the public sees it: never its contact; its text until a supervisor hides it (then <see cref="Text"/>
/// is null and <see cref="Hidden"/> says why), with the commitment the ledger holds to it and, while the text is
/// shown, the salt that opens it: anyone can check that the text shown is the one that was sent.
/// </summary>
public sealed record FeedbackItem(
    long FeedbackId, string Record, long RecordId, long RequestId, string Kind, string? Category, string? Text, string TextCommitment, string? TextSalt,
    DateTimeOffset CreatedAt, string Status, long LedgerIndex, IReadOnlyList<string> PhotoSha256, IReadOnlyList<FeedbackAnswer> Answers,
    IReadOnlyList<FeedbackEscalation> Escalations, FeedbackClosing? Closed, FeedbackHiding? Hidden);

/// <param name="NextCursor">Pass as <c>cursor</c> for the older feedback; null on the last page.</param>
public sealed record FeedbackPage(IReadOnlyList<FeedbackItem> Items, string? NextCursor);

/// <summary>What the public list selects; every filter is optional.</summary>
/// <param name="Unclosed">Only questions and complaints not yet closed (open, answered or escalated): what staff still have to
/// act on. A confirmation asks nothing of anyone, and is left out.</param>
public sealed record FeedbackFilter(
    long? Disbursement = null, long? Request = null, string? Region = null, string? Department = null, FeedbackStatus? Status = null, bool Unclosed = false);

/// <summary>
/// How many complaints not yet closed one department (or region) has, by age: under a week, one to two weeks and
/// more; with its name as defined on the ledger (a department's has one name; the code when none is defined).
/// </summary>
public sealed record ComplaintAges(string Code, string Name, string NameEn, int UnderAWeek, int OneToTwoWeeks, int Older, int Unanswered);

/// <summary>Feedback counts of one payment, as the explorer shows them beside its record.</summary>
public sealed record FeedbackCounts(int Complaints, int Confirmations, int Questions);

/// <summary>The public feedback, newest first, with its answers and what supervisors did with it.</summary>
public sealed class FeedbackQueries(LedgerStore store)
{
    public const int PageSize = 50;

    public static string StatusName(FeedbackStatus status) => status.ToString().ToLowerInvariant();

    public static bool TryParseStatus(string? text, out FeedbackStatus status) =>
        Enum.TryParse(text, ignoreCase: true, out status) && Enum.IsDefined(status) && !int.TryParse(text, out _);

    public async Task<FeedbackPage> ListAsync(FeedbackFilter filter, long? before = null, int pageSize = PageSize, CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        var query = db.Set<FeedbackRecord>().AsNoTracking();
        if (filter.Disbursement is { } disbursement)
        {
            query = query.Where(f => f.Record == FeedbackRules.DisbursementRecord && f.RecordId == disbursement);
        }
        if (filter.Request is { } request)
        {
            // A request's feedback includes what was said about its payments.
            query = query.Where(f => f.RequestId == request);
        }
        if (filter.Region is { Length: > 0 } region)
        {
            query = query.InRegion(f => f.RegionCode, region);
        }
        if (filter.Department is { Length: > 0 } department)
        {
            query = query.Where(f => f.DepartmentCode == department);
        }
        if (filter.Status is { } status)
        {
            query = query.Where(f => f.Status == status);
        }
        if (filter.Unclosed)
        {
            query = query.Where(f => f.Status != FeedbackStatus.Closed && f.Kind != FeedbackKinds.Confirmation);
        }
        if (before is { } cursor)
        {
            query = query.Where(f => f.Id < cursor);
        }
        var rows = await query.OrderByDescending(f => f.Id).Take(pageSize + 1).ToListAsync(cancellationToken);
        var page = rows.Take(pageSize).ToList();
        var items = await ItemsAsync(db, page, cancellationToken);
        return new FeedbackPage(items, rows.Count > pageSize ? page[^1].Id.ToString(CultureInfo.InvariantCulture) : null);
    }

    public async Task<FeedbackItem?> FindAsync(long feedbackId, CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        var row = await db.Set<FeedbackRecord>().AsNoTracking().FirstOrDefaultAsync(f => f.Id == feedbackId, cancellationToken);
        return row is null ? null : (await ItemsAsync(db, [row], cancellationToken))[0];
    }

    /// <summary>The complaints not yet closed, counted by age per department and per county, the oldest first.</summary>
    public async Task<(IReadOnlyList<ComplaintAges> ByDepartment, IReadOnlyList<ComplaintAges> ByRegion)> OpenComplaintsAsync(
        DateTimeOffset asOf, CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        var open = await db.Set<FeedbackRecord>().AsNoTracking()
            .Where(f => f.Kind == FeedbackKinds.Complaint && f.Status != FeedbackStatus.Closed)
            .Select(f => new { f.DepartmentCode, f.RegionCode, f.CreatedAtMs, Answered = f.FirstAnsweredAtMs != null })
            .ToListAsync(cancellationToken);
        var now = asOf.ToUnixTimeMilliseconds();
        const long day = 86_400_000;
        var departmentCodes = open.Select(o => o.DepartmentCode).Distinct().ToList();
        var departments = await db.Set<DepartmentRecord>().AsNoTracking().Where(d => departmentCodes.Contains(d.Code))
            .ToDictionaryAsync(d => d.Code, d => (d.Name, NameEn: ""), StringComparer.Ordinal, cancellationToken);
        static string County(string region) => FundProjector.RegionPrefix(region, 6) is { Length: > 0 } county ? county : region;
        var countyCodes = open.Select(o => County(o.RegionCode)).Distinct().ToList();
        var counties = await db.Set<RegionRecord>().AsNoTracking().Where(r => countyCodes.Contains(r.Code))
            .ToDictionaryAsync(r => r.Code, r => (r.Name, r.NameEn), StringComparer.Ordinal, cancellationToken);
        List<ComplaintAges> By(Func<string, string, string> key, Dictionary<string, (string Name, string NameEn)> names) => [.. open
            .GroupBy(o => key(o.DepartmentCode, o.RegionCode))
            .Select(g => new ComplaintAges(g.Key, names.GetValueOrDefault(g.Key).Name ?? g.Key, names.GetValueOrDefault(g.Key).NameEn ?? "",
                g.Count(o => now - o.CreatedAtMs < 7 * day),
                g.Count(o => now - o.CreatedAtMs >= 7 * day && now - o.CreatedAtMs < 15 * day),
                g.Count(o => now - o.CreatedAtMs >= 15 * day),
                g.Count(o => !o.Answered)))
            .OrderByDescending(a => a.Older).ThenByDescending(a => a.OneToTwoWeeks).ThenByDescending(a => a.UnderAWeek).ThenBy(a => a.Code, StringComparer.Ordinal)];
        // A county's figures include its townships and villages.
        return (By((department, _) => department, departments), By((_, region) => County(region), counties));
    }

    /// <summary>Whether a feedback that is not hidden cites the photo.</summary>
    public async Task<bool> IsPublicPhotoAsync(string sha256, CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        return await db.Set<FeedbackPhotoRecord>().AsNoTracking().Where(p => p.Sha256 == sha256)
            .Join(db.Set<FeedbackRecord>(), p => p.FeedbackId, f => f.Id, (p, f) => f)
            .AnyAsync(f => f.HiddenAtMs == null, cancellationToken);
    }

    /// <summary>Complaints, confirmations and questions about each of the payments given (those with none are left out).</summary>
    public async Task<IReadOnlyDictionary<long, FeedbackCounts>> CountsAsync(IReadOnlyCollection<long> disbursementIds, CancellationToken cancellationToken = default)
    {
        if (disbursementIds.Count == 0)
        {
            return new Dictionary<long, FeedbackCounts>();
        }
        await using var db = store.CreateContext();
        var rows = await db.Set<FeedbackRecord>().AsNoTracking()
            .Where(f => f.Record == FeedbackRules.DisbursementRecord && disbursementIds.Contains(f.RecordId))
            .GroupBy(f => new { f.RecordId, f.Kind }).Select(g => new { g.Key.RecordId, g.Key.Kind, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.RecordId).ToDictionary(g => g.Key, g => new FeedbackCounts(
            g.Where(r => r.Kind == FeedbackKinds.Complaint).Sum(r => r.Count),
            g.Where(r => r.Kind == FeedbackKinds.Confirmation).Sum(r => r.Count),
            g.Where(r => r.Kind == FeedbackKinds.Question).Sum(r => r.Count)));
    }

    private static async Task<List<FeedbackItem>> ItemsAsync(LedgerDbContext db, List<FeedbackRecord> rows, CancellationToken ct)
    {
        var ids = rows.Select(r => r.Id).ToList();
        var commitments = rows.Select(r => r.TextCommitment).ToList();
        var texts = await db.Set<PersonalValueRecord>().AsNoTracking().Where(p => commitments.Contains(p.Commitment))
            .Select(p => new { p.Commitment, p.Value, p.Salt }).ToDictionaryAsync(p => p.Commitment, ct);
        var steps = (await db.Set<FeedbackStepRecord>().AsNoTracking().Where(s => ids.Contains(s.FeedbackId)).ToListAsync(ct))
            .OrderBy(s => s.LedgerIndex).ToLookup(s => s.FeedbackId);
        var photos = (await db.Set<FeedbackPhotoRecord>().AsNoTracking().Where(p => ids.Contains(p.FeedbackId)).ToListAsync(ct))
            .ToLookup(p => p.FeedbackId, p => p.Sha256);
        return [.. rows.Select(r =>
        {
            var own = steps[r.Id].ToList();
            var hidden = own.LastOrDefault(s => s.Step == "hidden");
            var closed = own.LastOrDefault(s => s.Step == "closed");
            return new FeedbackItem(r.Id, r.Record, r.RecordId, r.RequestId, r.Kind, r.Category,
                hidden is null ? texts.GetValueOrDefault(r.TextCommitment)?.Value : null, r.TextCommitment,
                hidden is null && texts.GetValueOrDefault(r.TextCommitment) is { Salt: { } salt } ? Convert.ToHexStringLower(salt) : null,
                At(r.CreatedAtMs), StatusName(r.Status), r.LedgerIndex,
                hidden is null ? [.. photos[r.Id].Order(StringComparer.Ordinal)] : [],
                [.. own.Where(s => s.Step == "answered").Select(s => new FeedbackAnswer(s.Text!, s.Department!, At(s.AtMs), s.LedgerIndex))],
                [.. own.Where(s => s.Step == "escalated").Select(s => new FeedbackEscalation(s.Text!, At(s.AtMs), s.LedgerIndex))],
                closed is null ? null : new FeedbackClosing(closed.Outcome!, closed.Text, At(closed.AtMs), closed.LedgerIndex),
                hidden is null ? null : new FeedbackHiding(At(hidden.AtMs), hidden.Role, hidden.Text!, hidden.LedgerIndex));
        })];
    }

    private static DateTimeOffset At(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
