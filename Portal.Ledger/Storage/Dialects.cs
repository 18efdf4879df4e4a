using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Portal.Ledger.Storage;

internal sealed class SqliteDialect : IStorageDialect
{
    public Task<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, CancellationToken cancellationToken) =>
        // BEGIN IMMEDIATE takes SQLite's write lock up front: writers in other processes wait (busy_timeout)
        // instead of both reading the same head and racing to the same height.
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    public Task InsertEntriesAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<EntryRecord> entries, CancellationToken cancellationToken) =>
        PreparedInsert.EntriesAsync(connection, transaction, entries, cancellationToken);

    public Task InsertNodesAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<MerkleNodeRecord> nodes, CancellationToken cancellationToken) =>
        PreparedInsert.NodesAsync(connection, transaction, nodes, cancellationToken);

    // The row was overwritten in place with secure_delete on; copying the log into the file and truncating the log
    // leaves no page that held the value.
    public string ScrubSql(string table) => "PRAGMA wal_checkpoint(TRUNCATE);";

    public bool IsUniqueViolation(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: 19 } || exception.InnerException is { } inner && IsUniqueViolation(inner);
}

internal sealed class PostgresDialect : IStorageDialect
{
    // Removes the dead row versions that still hold an erased value.
    public string ScrubSql(string table) => $"VACUUM \"{table}\";";

    // An arbitrary constant naming the ledger's writer lock among advisory locks.
    private const long WriterLockKey = 0x504f5254414c; // "PORTAL"

    public async Task<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT pg_advisory_xact_lock({WriterLockKey})";
        await command.ExecuteNonQueryAsync(cancellationToken);
        return transaction;
    }

    public async Task InsertEntriesAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<EntryRecord> entries, CancellationToken cancellationToken)
    {
        await using var import = await ((NpgsqlConnection)connection).BeginBinaryImportAsync(
            $"COPY \"{LedgerTables.Entries}\" (\"Index\", \"BlockHeight\", \"Kind\", \"Actor\", \"TimestampMs\", \"Payload\", \"LeafHash\") FROM STDIN (FORMAT BINARY)",
            cancellationToken);
        foreach (var e in entries)
        {
            await import.StartRowAsync(cancellationToken);
            await import.WriteAsync(e.Index, NpgsqlDbType.Bigint, cancellationToken);
            await import.WriteAsync(e.BlockHeight, NpgsqlDbType.Bigint, cancellationToken);
            await import.WriteAsync(e.Kind, NpgsqlDbType.Varchar, cancellationToken);
            await import.WriteAsync(e.Actor, NpgsqlDbType.Varchar, cancellationToken);
            await import.WriteAsync(e.TimestampMs, NpgsqlDbType.Bigint, cancellationToken);
            await import.WriteAsync(e.Payload, NpgsqlDbType.Text, cancellationToken);
            await import.WriteAsync(e.LeafHash, NpgsqlDbType.Bytea, cancellationToken);
        }
        await import.CompleteAsync(cancellationToken);
    }

    public async Task InsertNodesAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<MerkleNodeRecord> nodes, CancellationToken cancellationToken)
    {
        await using var import = await ((NpgsqlConnection)connection).BeginBinaryImportAsync(
            $"COPY \"{LedgerTables.MerkleNodes}\" (\"Id\", \"Hash\") FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var n in nodes)
        {
            await import.StartRowAsync(cancellationToken);
            await import.WriteAsync(n.Id, NpgsqlDbType.Bigint, cancellationToken);
            await import.WriteAsync(n.Hash, NpgsqlDbType.Bytea, cancellationToken);
        }
        await import.CompleteAsync(cancellationToken);
    }

    public bool IsUniqueViolation(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } || exception.InnerException is { } inner && IsUniqueViolation(inner);
}

internal sealed class SqlServerDialect : IStorageDialect
{
    // SQL Server's ghost cleanup removes the old row versions by itself.
    public string ScrubSql(string table) => "";

    public async Task<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "EXEC sp_getapplock @Resource = 'portal-ledger-writer', @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = 30000";
        await command.ExecuteNonQueryAsync(cancellationToken);
        return transaction;
    }

    public Task InsertEntriesAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<EntryRecord> entries, CancellationToken cancellationToken) =>
        PreparedInsert.EntriesAsync(connection, transaction, entries, cancellationToken);

    public Task InsertNodesAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<MerkleNodeRecord> nodes, CancellationToken cancellationToken) =>
        PreparedInsert.NodesAsync(connection, transaction, nodes, cancellationToken);

    // 2627: violation of a primary key or unique constraint; 2601: duplicate key in a unique index.
    public bool IsUniqueViolation(Exception exception) =>
        exception is Microsoft.Data.SqlClient.SqlException { Number: 2627 or 2601 } || exception.InnerException is { } inner && IsUniqueViolation(inner);
}
