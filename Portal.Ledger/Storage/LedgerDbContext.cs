using Microsoft.EntityFrameworkCore;

namespace Portal.Ledger.Storage;

/// <summary>
/// The one EF Core model of the ledger. Each provider has a derived context only so that its migrations are
/// kept apart; the model itself is identical.
/// </summary>
public abstract class LedgerDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<EntryRecord> Entries => Set<EntryRecord>();
    public DbSet<BlockRecord> Blocks => Set<BlockRecord>();
    public DbSet<MerkleNodeRecord> MerkleNodes => Set<MerkleNodeRecord>();
    public DbSet<CheckpointRecord> Checkpoints => Set<CheckpointRecord>();
    public DbSet<CosignatureRecord> Cosignatures => Set<CosignatureRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<EntryRecord>(e =>
        {
            e.ToTable(LedgerTables.Entries);
            e.HasKey(x => x.Index);
            e.Property(x => x.Index).ValueGeneratedNever();
            e.Property(x => x.Kind).HasMaxLength(128);
            e.Property(x => x.Actor).HasMaxLength(256);
            // Text, never a JSON column type: the exact bytes are part of the leaf hash and must not be normalized.
            e.Property(x => x.Payload).IsUnicode();
            e.Property(x => x.LeafHash).HasMaxLength(32).IsFixedLength();
            e.HasIndex(x => x.BlockHeight);
        });
        modelBuilder.Entity<BlockRecord>(b =>
        {
            b.ToTable(LedgerTables.Blocks);
            // The height is the primary key: a second block at the same height cannot be written, so no fork.
            b.HasKey(x => x.Height);
            b.Property(x => x.Height).ValueGeneratedNever();
            b.Property(x => x.Hash).HasMaxLength(32).IsFixedLength();
            b.Property(x => x.PreviousHash).HasMaxLength(32).IsFixedLength();
            b.Property(x => x.TreeRoot).HasMaxLength(32).IsFixedLength();
            b.HasIndex(x => x.FirstIndex).IsUnique();
            b.HasIndex(x => x.TreeSize).IsUnique();
            b.HasIndex(x => x.PreviousHash).IsUnique();
        });
        modelBuilder.Entity<MerkleNodeRecord>(n =>
        {
            n.ToTable(LedgerTables.MerkleNodes);
            n.HasKey(x => x.Id);
            n.Property(x => x.Id).ValueGeneratedNever();
            n.Property(x => x.Hash).HasMaxLength(32).IsFixedLength();
        });
        modelBuilder.Entity<CheckpointRecord>(c =>
        {
            c.ToTable(LedgerTables.Checkpoints);
            c.HasKey(x => x.TreeSize);
            c.Property(x => x.TreeSize).ValueGeneratedNever();
            c.Property(x => x.RootHash).HasMaxLength(32).IsFixedLength();
            c.Property(x => x.KeyName).HasMaxLength(256);
        });
        modelBuilder.Entity<CosignatureRecord>(c =>
        {
            c.ToTable(LedgerTables.Cosignatures);
            c.HasKey(x => new { x.TreeSize, x.Witness });
            c.Property(x => x.TreeSize).ValueGeneratedNever();
            c.Property(x => x.Witness).HasMaxLength(256);
        });
        // The read models map themselves (IEntityTypeConfiguration beside their rows), so storage depends on no
        // area that keeps tables in the one model.
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(LedgerDbContext).Assembly);
    }
}

public sealed class SqliteLedgerDbContext(DbContextOptions<SqliteLedgerDbContext> options) : LedgerDbContext(options);

public sealed class PostgresLedgerDbContext(DbContextOptions<PostgresLedgerDbContext> options) : LedgerDbContext(options);

public sealed class SqlServerLedgerDbContext(DbContextOptions<SqlServerLedgerDbContext> options) : LedgerDbContext(options);

/// <summary>Table names, shared by the model and the hand-written bulk paths.</summary>
public static class LedgerTables
{
    public const string Entries = "LedgerEntries";
    public const string Blocks = "LedgerBlocks";
    public const string MerkleNodes = "MerkleNodes";
    public const string Checkpoints = "Checkpoints";

    /// <summary>Witnesses' cosignatures of checkpoints: collected from outside, neither ledger nor read model.</summary>
    public const string Cosignatures = "Cosignatures";

    /// <summary>
    /// Personal values the ledger commits to without holding them: kept apart, readable by few, erasable. Neither
    /// ledger nor read model.
    /// </summary>
    public const string PersonalValues = "PersonalValues";

    /// <summary>
    /// The ledger's own tables; every other table but <see cref="Cosignatures"/> and <see cref="PersonalValues"/> is a
    /// read model derived from them.
    /// </summary>
    public static IReadOnlyList<string> All { get; } = [Entries, Blocks, MerkleNodes, Checkpoints];

    /// <summary>Whether a table is a read model: rebuilt from the ledger (and the payee keys kept beside it).</summary>
    public static bool IsReadModel(string table) => !All.Contains(table) && table is not Cosignatures and not PersonalValues;
}
