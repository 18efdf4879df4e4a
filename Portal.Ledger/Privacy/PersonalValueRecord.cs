using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Ledger.Privacy;

/// <summary>
/// A personal value the ledger holds only a commitment to, kept apart from the ledger and never published. It is
/// neither ledger nor read model: the ledger cannot rebuild it, and erasure deletes its value and salt for good.
/// </summary>
public sealed class PersonalValueRecord
{
    /// <summary>The commitment the ledger entry holds: hex SHA-256, unique because every value has its own salt.</summary>
    public required string Commitment { get; set; }

    /// <summary>What the value belongs to (<see cref="PersonalFields"/>), e.g. a disbursement's payee.</summary>
    public required string Record { get; set; }
    public long RecordId { get; set; }
    public required string Field { get; set; }

    /// <summary>The clear value; null once erased.</summary>
    public string? Value { get; set; }

    /// <summary>The commitment's 32-byte salt; null once erased.</summary>
    public byte[]? Salt { get; set; }

    /// <summary>The keyed hash the payee checks compare (see <see cref="PayeeKeys"/>); null for values no check compares.</summary>
    public string? MatchKey { get; set; }

    public long? ErasedAtMs { get; set; }

    /// <summary>
    /// Deletes the value and its salt in the writer's transaction (whose context does not detect changes itself);
    /// the commitment stays, so every proof does. Call <see cref="ScrubAsync"/> once the transaction commits.
    /// </summary>
    public void Erase(Storage.LedgerDbContext db, long atMs)
    {
        Value = null;
        Salt = null;
        ErasedAtMs = atMs;
        db.Entry(this).State = EntityState.Modified;
    }

    /// <summary>After an erasure commits: no older copy of the row stays where the database keeps old versions.</summary>
    public static async Task ScrubAsync(Storage.LedgerStore store, CancellationToken cancellationToken)
    {
        if (store.Dialect.ScrubSql(Storage.LedgerTables.PersonalValues) is { Length: > 0 } scrub)
        {
            await using var db = store.CreateContext();
            await db.Database.ExecuteSqlRawAsync(scrub, cancellationToken);
        }
    }
}

public static class PersonalFields
{
    public const string Disbursement = "disbursement";
    public const string Payee = "payee";
    public const string Feedback = "feedback";

    /// <summary>A feedback's text: public until a supervisor hides it, kept apart so that hiding removes it.</summary>
    public const string Text = "text";

    /// <summary>A feedback's contact: never public, readable by supervisors.</summary>
    public const string Contact = "contact";
}

internal sealed class PersonalValueMapping : IEntityTypeConfiguration<PersonalValueRecord>
{
    public void Configure(EntityTypeBuilder<PersonalValueRecord> p)
    {
        p.ToTable(Storage.LedgerTables.PersonalValues);
        p.HasKey(x => x.Commitment);
        p.Property(x => x.Commitment).HasMaxLength(64);
        p.Property(x => x.Record).HasMaxLength(32);
        p.Property(x => x.Field).HasMaxLength(32);
        p.Property(x => x.Value).HasMaxLength(2000);
        p.Property(x => x.Salt).HasMaxLength(PersonalCommitment.SaltSize);
        p.Property(x => x.MatchKey).HasMaxLength(66);
        p.HasIndex(x => new { x.Record, x.RecordId, x.Field }).IsUnique();
    }
}
