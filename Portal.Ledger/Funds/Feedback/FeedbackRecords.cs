using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Ledger.Funds;

public enum FeedbackStatus
{
    Open,
    Answered,
    Escalated,
    Closed,
}

/// <summary>
/// A citizen's feedback, from its <c>feedback.submitted</c> entry and those that follow it. The text is not here: it
/// is the personal value <see cref="TextCommitment"/> names, so that hiding deletes it once, everywhere.
/// </summary>
public sealed class FeedbackRecord
{
    public long Id { get; set; }
    public required string Record { get; set; }
    public long RecordId { get; set; }

    // Copied from the request it concerns, for the public list's filters.
    public long RequestId { get; set; }
    public long FundId { get; set; }
    public required string RegionCode { get; set; }
    public required string DepartmentCode { get; set; }

    public required string Kind { get; set; }
    public string? Category { get; set; }
    public required string TextCommitment { get; set; }
    public string? ContactCommitment { get; set; }
    public FeedbackStatus Status { get; set; }
    public long CreatedAtMs { get; set; }
    public long LedgerIndex { get; set; }

    /// <summary>The feedback's newest entry, which the next one names as its previousIndex.</summary>
    public long LastIndex { get; set; }

    public long? FirstAnsweredAtMs { get; set; }
    public string? Outcome { get; set; }
    public long? ClosedAtMs { get; set; }
    public long? HiddenAtMs { get; set; }
}

/// <summary>A step after the submission (answered, escalated, closed, hidden), as the record's timeline shows it.</summary>
public sealed class FeedbackStepRecord
{
    public long LedgerIndex { get; set; }
    public long FeedbackId { get; set; }

    /// <summary>The entry kind without its "feedback." prefix: answered, escalated, closed or hidden.</summary>
    public required string Step { get; set; }

    public required string Role { get; set; }
    public string? Department { get; set; }

    /// <summary>The answer, the reason or the closing note: public, written by an official or a supervisor.</summary>
    public string? Text { get; set; }

    public string? Outcome { get; set; }
    public long AtMs { get; set; }
}

/// <summary>A photo a feedback cites, by the SHA-256 of its bytes.</summary>
public sealed class FeedbackPhotoRecord
{
    public long FeedbackId { get; set; }
    public required string Sha256 { get; set; }
}

internal sealed class FeedbackMapping : IEntityTypeConfiguration<FeedbackRecord>
{
    public void Configure(EntityTypeBuilder<FeedbackRecord> f)
    {
        f.ToTable("Feedback");
        f.HasKey(x => x.Id);
        f.Property(x => x.Id).ValueGeneratedNever();
        f.Property(x => x.Record).HasMaxLength(32);
        f.Property(x => x.RegionCode).HasMaxLength(12);
        f.Property(x => x.DepartmentCode).HasMaxLength(64);
        f.Property(x => x.Kind).HasMaxLength(16);
        f.Property(x => x.Category).HasMaxLength(32);
        f.Property(x => x.TextCommitment).HasMaxLength(64);
        f.Property(x => x.ContactCommitment).HasMaxLength(64);
        f.Property(x => x.Outcome).HasMaxLength(16);
        f.HasIndex(x => new { x.Record, x.RecordId });
        f.HasIndex(x => x.RequestId);
        f.HasIndex(x => new { x.Status, x.CreatedAtMs });
    }
}

internal sealed class FeedbackStepMapping : IEntityTypeConfiguration<FeedbackStepRecord>
{
    public void Configure(EntityTypeBuilder<FeedbackStepRecord> s)
    {
        s.ToTable("FeedbackSteps");
        s.HasKey(x => x.LedgerIndex);
        s.Property(x => x.LedgerIndex).ValueGeneratedNever();
        s.Property(x => x.Step).HasMaxLength(16);
        s.Property(x => x.Role).HasMaxLength(32);
        s.Property(x => x.Department).HasMaxLength(64);
        s.Property(x => x.Text).HasMaxLength(2000);
        s.Property(x => x.Outcome).HasMaxLength(16);
        s.HasIndex(x => x.FeedbackId);
    }
}

internal sealed class FeedbackPhotoMapping : IEntityTypeConfiguration<FeedbackPhotoRecord>
{
    public void Configure(EntityTypeBuilder<FeedbackPhotoRecord> p)
    {
        p.ToTable("FeedbackPhotos");
        p.HasKey(x => new { x.FeedbackId, x.Sha256 });
        p.Property(x => x.Sha256).HasMaxLength(64);
        p.HasIndex(x => x.Sha256);
    }
}
