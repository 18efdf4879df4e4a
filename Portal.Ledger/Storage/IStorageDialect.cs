using System.Data.Common;

namespace Portal.Ledger.Storage;

/// <summary>
/// What differs between providers on the write path: how one writer at a time is guaranteed, and how rows are
/// bulk-inserted fast. Everything else goes through the shared EF Core model.
/// </summary>
internal interface IStorageDialect
{
    /// <summary>Begins the append transaction holding the ledger's single-writer lock.</summary>
    Task<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, CancellationToken cancellationToken);

    Task InsertEntriesAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<EntryRecord> entries, CancellationToken cancellationToken);

    Task InsertNodesAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<MerkleNodeRecord> nodes, CancellationToken cancellationToken);

    /// <summary>
    /// After an erasure commits: pushes the table's old row versions out of where the database keeps them (SQLite's
    /// write-ahead log; PostgreSQL's dead tuples), so the erased value is not left on disk.
    /// </summary>
    string ScrubSql(string table);

    /// <summary>True when the exception says a unique key was violated, i.e. another writer won the race.</summary>
    bool IsUniqueViolation(Exception exception);
}
