using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Portal.Ledger.Funds;

// The fund read models' part of the one EF Core model. The ledger's context applies every mapping of this assembly,
// so storage knows nothing of funds.

internal sealed class FundMapping : IEntityTypeConfiguration<FundRecord>
{
    public void Configure(EntityTypeBuilder<FundRecord> f)
    {
        f.ToTable("Funds");
        f.HasKey(x => x.Id);
        f.Property(x => x.Id).ValueGeneratedNever();
        f.Property(x => x.Name).HasMaxLength(200);
        f.Property(x => x.Currency).HasMaxLength(3).IsFixedLength();
        AmountColumns.Map(f, x => x.Budget, x => x.Requested, x => x.Approved, x => x.Disbursed, x => x.Used, x => x.Returned);
    }
}

internal sealed class PolicyMapping : IEntityTypeConfiguration<PolicyRecord>
{
    public void Configure(EntityTypeBuilder<PolicyRecord> p)
    {
        p.ToTable("FundPolicies");
        p.HasKey(x => new { x.FundId, x.Version });
    }
}

internal sealed class RegionMapping : IEntityTypeConfiguration<RegionRecord>
{
    public void Configure(EntityTypeBuilder<RegionRecord> r)
    {
        r.ToTable("Regions");
        r.HasKey(x => x.Code);
        r.Property(x => x.Code).HasMaxLength(12);
        r.Property(x => x.ParentCode).HasMaxLength(12);
        r.Property(x => x.Level).HasMaxLength(16);
        r.Property(x => x.Name).HasMaxLength(100);
        r.Property(x => x.NameEn).HasMaxLength(200);
        r.HasIndex(x => x.ParentCode);
    }
}

internal sealed class ProgramMapping : IEntityTypeConfiguration<ProgramRecord>
{
    public void Configure(EntityTypeBuilder<ProgramRecord> p)
    {
        p.ToTable("Programs");
        p.HasKey(x => x.Code);
        p.Property(x => x.Code).HasMaxLength(64);
        p.Property(x => x.Name).HasMaxLength(200);
        p.Property(x => x.NameEn).HasMaxLength(200);
    }
}

internal sealed class DepartmentMapping : IEntityTypeConfiguration<DepartmentRecord>
{
    public void Configure(EntityTypeBuilder<DepartmentRecord> d)
    {
        d.ToTable("Departments");
        d.HasKey(x => x.Code);
        d.Property(x => x.Code).HasMaxLength(64);
        d.Property(x => x.Name).HasMaxLength(200);
        d.Property(x => x.RegionCode).HasMaxLength(12);
    }
}

internal sealed class RequestMapping : IEntityTypeConfiguration<RequestRecord>
{
    public void Configure(EntityTypeBuilder<RequestRecord> r)
    {
        r.ToTable("Requests");
        r.HasKey(x => x.Id);
        r.Property(x => x.Id).ValueGeneratedNever();
        r.Property(x => x.ProgramCode).HasMaxLength(64);
        r.Property(x => x.RegionCode).HasMaxLength(12);
        r.Property(x => x.DepartmentCode).HasMaxLength(64);
        r.Property(x => x.RequesterId).HasMaxLength(256);
        r.Property(x => x.Purpose).HasMaxLength(2000);
        r.Property(x => x.EvidenceSha256).HasMaxLength(64);
        r.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
        AmountColumns.Map(r, x => x.Amount, x => x.Disbursed, x => x.Used, x => x.Returned);
        r.HasIndex(x => new { x.State, x.FundId });
        r.HasIndex(x => x.RequesterId);
        r.HasIndex(x => x.LastPaidAtMs);
        // The time-based flags, newest first: paid with nothing used or returned (usage-missing), approved and unpaid (funds-idle).
        r.HasIndex(x => new { x.Used, x.Returned, x.LastPaidAtMs, x.Id });
        r.HasIndex(x => new { x.State, x.Disbursed, x.DecidedAtMs, x.Id });
        // An export of one region reads its requests by a range of codes (a prefix), in id order.
        r.HasIndex(x => new { x.RegionCode, x.Id });
    }
}

internal sealed class DecisionMapping : IEntityTypeConfiguration<DecisionRecord>
{
    public void Configure(EntityTypeBuilder<DecisionRecord> d)
    {
        d.ToTable("Decisions");
        d.HasKey(x => new { x.RequestId, x.ApproverId });
        // approval-concentration reads the approvals of the last days.
        d.HasIndex(x => x.AtMs);
        d.Property(x => x.ApproverId).HasMaxLength(256);
        d.Property(x => x.Department).HasMaxLength(64);
        d.Property(x => x.Role).HasMaxLength(32);
        d.Property(x => x.Comment).HasMaxLength(2000);
    }
}

internal sealed class RequestStepMapping : IEntityTypeConfiguration<RequestStepRecord>
{
    public void Configure(EntityTypeBuilder<RequestStepRecord> s)
    {
        s.ToTable("RequestSteps");
        s.HasKey(x => new { x.RequestId, x.LedgerIndex });
        s.Property(x => x.LedgerIndex).ValueGeneratedNever();
        s.Property(x => x.RequestId).ValueGeneratedNever();
    }
}

internal sealed class DisbursementMapping : IEntityTypeConfiguration<DisbursementRecord>
{
    public void Configure(EntityTypeBuilder<DisbursementRecord> d)
    {
        d.ToTable("Disbursements");
        d.HasKey(x => x.Id);
        d.Property(x => x.Id).ValueGeneratedNever();
        d.Property(x => x.RegionCode).HasMaxLength(12);
        d.Property(x => x.ProgramCode).HasMaxLength(64);
        d.Property(x => x.DepartmentCode).HasMaxLength(64);
        d.Property(x => x.Currency).HasMaxLength(3).IsFixedLength();
        d.Property(x => x.BankReference).HasMaxLength(128);
        d.Property(x => x.Payee).HasMaxLength(200);
        d.Property(x => x.PayeeType).HasMaxLength(16);
        d.Property(x => x.PayeeCommitment).HasMaxLength(64);
        d.Property(x => x.PayeeErasureReason).HasMaxLength(2000);
        AmountColumns.Map(d, x => x.Amount);
        d.Property(x => x.ProvinceCode).HasMaxLength(2);
        d.Property(x => x.PrefectureCode).HasMaxLength(4);
        d.Property(x => x.CountyCode).HasMaxLength(6);
        d.HasIndex(x => x.RequestId);
        // The open-data filters: each index leads with the column a filter fixes, then the newest-first paging
        // order, so a filtered page is read straight off the index without sorting the matches.
        d.HasIndex(x => new { x.FundId, x.PaidAtMs, x.Id });
        d.HasIndex(x => new { x.RegionCode, x.PaidAtMs, x.Id });
        d.HasIndex(x => new { x.ProvinceCode, x.PaidAtMs, x.Id });
        d.HasIndex(x => new { x.PrefectureCode, x.PaidAtMs, x.Id });
        d.HasIndex(x => new { x.CountyCode, x.PaidAtMs, x.Id });
        d.HasIndex(x => new { x.ProgramCode, x.PaidAtMs, x.Id });
        d.HasIndex(x => new { x.DepartmentCode, x.PaidAtMs, x.Id });
        d.HasIndex(x => new { x.PaidAtMs, x.Id });
    }
}

internal sealed class PaymentReferenceMapping : IEntityTypeConfiguration<PaymentReferenceRecord>
{
    public void Configure(EntityTypeBuilder<PaymentReferenceRecord> p)
    {
        p.ToTable("PaymentReferences");
        p.HasKey(x => x.Reference);
        p.Property(x => x.Reference).HasMaxLength(128);
        AmountColumns.Map(p, x => x.Amount);
    }
}

internal sealed class UsageMapping : IEntityTypeConfiguration<UsageRecord>
{
    public void Configure(EntityTypeBuilder<UsageRecord> u)
    {
        u.ToTable("UsageReports");
        u.HasKey(x => x.Id);
        u.Property(x => x.Id).ValueGeneratedNever();
        u.Property(x => x.ReporterId).HasMaxLength(256);
        u.Property(x => x.Category).HasMaxLength(100);
        u.Property(x => x.EvidenceSha256).HasMaxLength(64);
        AmountColumns.Map(u, x => x.Amount);
        u.HasIndex(x => x.RequestId);
    }
}

internal sealed class DailyTotalMapping : IEntityTypeConfiguration<DailyTotalRecord>
{
    public void Configure(EntityTypeBuilder<DailyTotalRecord> t)
    {
        t.ToTable("DailyTotals");
        t.HasKey(x => new { x.FundId, x.Day, x.RegionCode, x.ProgramCode, x.DepartmentCode });
        t.Property(x => x.RegionCode).HasMaxLength(12);
        t.Property(x => x.ProgramCode).HasMaxLength(64);
        t.Property(x => x.DepartmentCode).HasMaxLength(64);
        AmountColumns.Map(t, x => x.Requested, x => x.Approved, x => x.Disbursed, x => x.Used, x => x.Returned, x => x.Released);
        t.HasIndex(x => x.Day);
    }
}

internal sealed class AnomalyMapping : IEntityTypeConfiguration<AnomalyRecord>
{
    public void Configure(EntityTypeBuilder<AnomalyRecord> a)
    {
        a.ToTable("Anomalies");
        a.HasKey(x => new { x.LedgerIndex, x.Kind });
        a.Property(x => x.Kind).HasMaxLength(64);
        a.Property(x => x.Detail).HasMaxLength(1000);
        a.Property(x => x.Facts).HasMaxLength(1000);
        a.Property(x => x.RegionCode).HasMaxLength(12);
        a.Property(x => x.DepartmentCode).HasMaxLength(64);
        a.HasIndex(x => x.RequestId);
        a.HasIndex(x => new { x.DetectedAtMs, x.LedgerIndex });
        // The list filtered by kind, newest first.
        a.HasIndex(x => new { x.Kind, x.DetectedAtMs, x.LedgerIndex });
    }
}

internal sealed class PayeeAmountMapping : IEntityTypeConfiguration<PayeeAmountRecord>
{
    public void Configure(EntityTypeBuilder<PayeeAmountRecord> p)
    {
        p.ToTable("PayeeAmounts");
        p.HasKey(x => new { x.PayeeKey, x.Amount });
        p.Property(x => x.PayeeKey).HasMaxLength(66);
        AmountColumns.Map(p, x => x.Amount);
    }
}

internal sealed class SequenceMapping : IEntityTypeConfiguration<SequenceRecord>
{
    public void Configure(EntityTypeBuilder<SequenceRecord> s)
    {
        s.ToTable("Sequences");
        s.HasKey(x => x.Name);
        s.Property(x => x.Name).HasMaxLength(64);
    }
}

/// <summary>The one way every amount column is stored.</summary>
internal static class AmountColumns
{
    /// <summary>
    /// Amounts are stored as whole ten-thousandths in a 64-bit integer: exact, and compared, summed and indexed as
    /// numbers by every provider (SQLite has no decimal type; text would sort "9" after "10"). Every supported
    /// currency has at most 4 decimals and Money.Max fits with room to spare.
    /// </summary>
    public static void Map<T>(EntityTypeBuilder<T> entity, params System.Linq.Expressions.Expression<Func<T, decimal>>[] properties)
        where T : class
    {
        foreach (var property in properties)
        {
            entity.Property(property).HasConversion(AmountConverter);
        }
    }

    public const decimal AmountScale = 10_000m;

    private static readonly ValueConverter<decimal, long> AmountConverter =
        new(v => (long)(v * AmountScale), v => v / AmountScale);
}

internal sealed class PersonalDataReadMapping : IEntityTypeConfiguration<PersonalDataReadRecord>
{
    public void Configure(EntityTypeBuilder<PersonalDataReadRecord> r)
    {
        r.ToTable("PersonalDataReads");
        r.HasKey(x => x.LedgerIndex);
        r.Property(x => x.LedgerIndex).ValueGeneratedNever();
        r.Property(x => x.Actor).HasMaxLength(256);
        r.Property(x => x.Record).HasMaxLength(32);
        r.Property(x => x.Field).HasMaxLength(32);
        r.HasIndex(x => new { x.Record, x.RecordId });
    }
}

internal sealed class ErasureRequestMapping : IEntityTypeConfiguration<ErasureRequestRecord>
{
    public void Configure(EntityTypeBuilder<ErasureRequestRecord> r)
    {
        r.ToTable("ErasureRequests");
        r.HasKey(x => x.LedgerIndex);
        r.Property(x => x.LedgerIndex).ValueGeneratedNever();
        r.Property(x => x.Record).HasMaxLength(32);
        r.Property(x => x.Field).HasMaxLength(32);
        r.Property(x => x.Reason).HasMaxLength(2000);
        r.Property(x => x.RequestedBy).HasMaxLength(256);
        r.HasIndex(x => new { x.Record, x.RecordId });
    }
}
