using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Ledger.Chain;
using Portal.Ledger.Storage;

namespace Portal.Ledger.Funds;

/// <summary>
/// The first citations of one evidence document, by its SHA-256: the request that first cited it (its region and
/// purpose as the rules compare it) and the usage report that first cited it. Found by key, so citations earlier in
/// the same block count.
/// </summary>
public sealed class EvidenceUseRecord
{
    public required string Sha256 { get; set; }
    public long? RequestId { get; set; }
    public long? RequestIndex { get; set; }
    public string? RegionCode { get; set; }
    public string? PurposeKey { get; set; }
    public long? UsageRequestId { get; set; }
    public long? UsageIndex { get; set; }
}

internal sealed class EvidenceUseMapping : IEntityTypeConfiguration<EvidenceUseRecord>
{
    public void Configure(EntityTypeBuilder<EvidenceUseRecord> e)
    {
        e.ToTable("EvidenceUses");
        e.HasKey(x => x.Sha256);
        e.Property(x => x.Sha256).HasMaxLength(64);
        e.Property(x => x.RegionCode).HasMaxLength(12);
        e.Property(x => x.PurposeKey).HasMaxLength(64);
    }
}

/// <summary>
/// evidence-reuse: one document (the same SHA-256) cited by requests for another purpose or another region, or one
/// usage receipt cited by two usage reports. Citations are remembered from the first entry on, rules or not; a flag
/// is raised only under rules in force.
/// </summary>
internal static class EvidenceReuse
{
    public static async Task FiledAsync(LedgerDbContext db, LedgerEntry entry, RequestRecord request, CancellationToken ct)
    {
        if (request.EvidenceSha256 is not { Length: > 0 } sha)
        {
            return;
        }
        var purpose = WithdrawnRequestsRecord.PurposeKey(request.Purpose);
        var use = await UseAsync(db, sha, ct);
        if (use.RequestId is not { } earlier)
        {
            (use.RequestId, use.RequestIndex, use.RegionCode, use.PurposeKey) = (request.Id, entry.Index, request.RegionCode, purpose);
            return;
        }
        var otherPurpose = use.PurposeKey != purpose;
        var otherRegion = use.RegionCode != request.RegionCode;
        if ((otherPurpose || otherRegion) && await FlagDetection.RulesAsync(db, ct) is var (version, _))
        {
            var facts = new AnomalyFacts(Span: "request", Evidence: sha, PreviousRequestId: earlier,
                Reason: otherPurpose && otherRegion ? EvidenceReasons.PurposeAndRegion : otherPurpose ? EvidenceReasons.Purpose : EvidenceReasons.Region);
            await FlagRecording.RaiseAsync(db, entry, AnomalyKinds.EvidenceReuse, request, facts, [earlier, request.Id], [use.RequestIndex!.Value, entry.Index], version, null, ct);
        }
    }

    public static async Task UsedAsync(LedgerDbContext db, LedgerEntry entry, RequestRecord request, UsageReported e, CancellationToken ct)
    {
        if (e.EvidenceSha256 is not { Length: > 0 } sha)
        {
            return;
        }
        var use = await UseAsync(db, sha, ct);
        if (use.UsageRequestId is not { } earlier)
        {
            (use.UsageRequestId, use.UsageIndex) = (request.Id, entry.Index);
            return;
        }
        if (await FlagDetection.RulesAsync(db, ct) is var (version, _))
        {
            var facts = new AnomalyFacts(e.Amount, await FlagDetection.CurrencyAsync(db, request.FundId, ct), Span: "usage", Evidence: sha, PreviousRequestId: earlier);
            await FlagRecording.RaiseAsync(db, entry, AnomalyKinds.EvidenceReuse, request, facts, [earlier, request.Id], [use.UsageIndex!.Value, entry.Index], version, null, ct);
        }
    }

    private static Task<EvidenceUseRecord> UseAsync(LedgerDbContext db, string sha, CancellationToken ct) =>
        FundProjector.KeptAsync(db, [sha], () => new EvidenceUseRecord { Sha256 = sha }, ct);
}

/// <summary>What differs between two requests citing one document.</summary>
public static class EvidenceReasons
{
    public const string Purpose = "purpose";
    public const string Region = "region";
    public const string PurposeAndRegion = "purpose-and-region";
}
