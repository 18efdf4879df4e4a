using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Ledger.Chain;
using Portal.Ledger.Storage;

namespace Portal.Ledger.Funds;

/// <summary>
/// How often two approvers signed off on the same request under one fund, with their latest joint sign-offs, and
/// whether the pair has been flagged. Kept like <see cref="FilingWindowRecord"/>, by key, parsed once per load.
/// </summary>
public sealed class ApproverPairRecord
{
    public const int Kept = 50;

    private readonly TextList<JointSignOff> _signOffs = new(JointSignOff.Parse);

    /// <summary><c>fund|first|second</c>, the approvers in ordinal order.</summary>
    public required string Key { get; set; }

    public int Count { get; set; }

    public bool Flagged { get; set; }

    /// <summary>The latest <see cref="Kept"/> joint sign-offs as <c>requestId:firstIndex:secondIndex</c>, separated by <c>;</c>.</summary>
    public string SignOffs
    {
        get => _signOffs.Text;
        set => _signOffs.Text = value;
    }

    public List<JointSignOff> List => _signOffs.Items;

    public void Changed() => _signOffs.Changed();
}

public readonly record struct JointSignOff(long RequestId, long FirstIndex, long SecondIndex)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{RequestId}:{FirstIndex}:{SecondIndex}");

    public static JointSignOff Parse(string text)
    {
        var p = text.Split(':');
        return new JointSignOff(long.Parse(p[0], CultureInfo.InvariantCulture), long.Parse(p[1], CultureInfo.InvariantCulture), long.Parse(p[2], CultureInfo.InvariantCulture));
    }
}

/// <summary>A count keyed by text: joint sign-offs of two departments (<c>fund|department|department</c>), or a department's approvers (<c>fund|department</c>).</summary>
public sealed class SignOffCountRecord
{
    public required string Key { get; set; }

    public int Count { get; set; }

    /// <summary>For a department: its approvers seen so far, separated by <c>;</c>.</summary>
    public string? Approvers { get; set; }
}

internal sealed class ApproverPairMapping : IEntityTypeConfiguration<ApproverPairRecord>
{
    public void Configure(EntityTypeBuilder<ApproverPairRecord> p)
    {
        p.ToTable("ApproverPairs");
        p.HasKey(x => x.Key);
        p.Property(x => x.Key).HasMaxLength(600);
        p.Property(x => x.SignOffs).UsePropertyAccessMode(PropertyAccessMode.Property);
        p.Ignore(x => x.List);
    }
}

internal sealed class SignOffCountMapping : IEntityTypeConfiguration<SignOffCountRecord>
{
    public void Configure(EntityTypeBuilder<SignOffCountRecord> c)
    {
        c.ToTable("SignOffCounts");
        c.HasKey(x => x.Key);
        c.Property(x => x.Key).HasMaxLength(300);
    }
}

/// <summary>
/// approver-pair: two approvers who sign off on the same requests far more often than their departments' sizes
/// predict. If a request needs approvals from departments A and B, any of A's approvers may give A's and any of B's
/// B's: a given pair is expected on 1 / (|A| |B|) of those requests (1 / C(|A|, 2) within one department). A pair seen
/// together at least <c>approverPairMinimum</c> times and <c>approverPairRatio</c> times more often than expected is
/// flagged, once; departments' sizes are the approvers each has had so far.
/// </summary>
internal static class ApproverPair
{
    public static async Task ApprovedAsync(LedgerDbContext db, LedgerEntry entry, RequestRecord request, RequestApproved e, CancellationToken ct)
    {
        var rules = await FlagDetection.RulesAsync(db, ct);
        var department = await CountAsync(db, $"{request.FundId}|{e.Department}", ct);
        var approvers = department.Approvers is { Length: > 0 } list ? list.Split(';') : [];
        if (!approvers.Contains(entry.Actor, StringComparer.Ordinal))
        {
            department.Approvers = string.Join(';', approvers.Append(entry.Actor));
            department.Count = approvers.Length + 1;
        }
        if (request.FirstApprovedIndex is null)
        {
            return;
        }
        // The request's earlier approvals: saved ones, and those projected earlier in this block.
        var earlier = await db.Set<DecisionRecord>().Where(d => d.RequestId == request.Id && d.Approved).ToListAsync(ct);
        earlier.AddRange(db.Set<DecisionRecord>().Local.Where(d => d.RequestId == request.Id && d.Approved && !earlier.Contains(d)));
        foreach (var before in earlier.Where(d => d.ApproverId != entry.Actor).OrderBy(d => d.LedgerIndex))
        {
            var (first, second) = string.CompareOrdinal(before.ApproverId, entry.Actor) < 0
                ? ((Id: before.ApproverId, Department: before.Department), (Id: entry.Actor, e.Department))
                : ((Id: entry.Actor, e.Department), (Id: before.ApproverId, Department: before.Department));
            var departments = string.CompareOrdinal(first.Department, second.Department) <= 0
                ? $"{request.FundId}|{first.Department}|{second.Department}"
                : $"{request.FundId}|{second.Department}|{first.Department}";
            var together = await CountAsync(db, departments, ct);
            together.Count++;
            var pair = await PairAsync(db, $"{request.FundId}|{first.Id}|{second.Id}", ct);
            pair.Count++;
            if (!pair.Flagged)
            {
                pair.List.Add(new JointSignOff(request.Id, before.LedgerIndex, entry.Index));
                if (pair.List.Count > ApproverPairRecord.Kept)
                {
                    pair.List.RemoveAt(0);
                }
                pair.Changed();
            }
            if (pair.Flagged || rules is not var (version, flagRules) || pair.Count < flagRules.ApproverPairMinimum)
            {
                continue;
            }
            var expected = await ExpectedAsync(db, request.FundId, first.Department, second.Department, together.Count, ct);
            if (expected > 0 && pair.Count >= (double)flagRules.ApproverPairRatio * expected)
            {
                pair.Flagged = true;
                var facts = new AnomalyFacts(Count: pair.Count, Approver: first.Id, Approver2: second.Id, Expected: Math.Round((decimal)expected, 1));
                await FlagRecording.RaiseAsync(db, entry, AnomalyKinds.ApproverPair, request, facts,
                    [.. pair.List.Select(s => s.RequestId)], [.. pair.List.SelectMany(s => new[] { s.FirstIndex, s.SecondIndex })], version, null, ct);
            }
        }
    }

    private static async Task<double> ExpectedAsync(LedgerDbContext db, long fundId, string first, string second, int together, CancellationToken ct)
    {
        var a = (await CountAsync(db, $"{fundId}|{first}", ct)).Count;
        if (first == second)
        {
            return a < 2 ? 0 : together / (a * (a - 1) / 2.0);
        }
        var b = (await CountAsync(db, $"{fundId}|{second}", ct)).Count;
        return a == 0 || b == 0 ? 0 : together / (double)(a * b);
    }

    private static Task<SignOffCountRecord> CountAsync(LedgerDbContext db, string key, CancellationToken ct) =>
        FundProjector.KeptAsync(db, [key], () => new SignOffCountRecord { Key = key }, ct);

    private static Task<ApproverPairRecord> PairAsync(LedgerDbContext db, string key, CancellationToken ct) =>
        FundProjector.KeptAsync(db, [key], () => new ApproverPairRecord { Key = key }, ct);
}
