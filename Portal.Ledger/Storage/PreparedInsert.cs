using System.Data.Common;

namespace Portal.Ledger.Storage;

/// <summary>Row-at-a-time inserts through one prepared command: fast on embedded SQLite, portable to SQL Server.</summary>
internal static class PreparedInsert
{
    private static readonly string EntriesSql =
        $"INSERT INTO \"{LedgerTables.Entries}\" (\"Index\", \"BlockHeight\", \"Kind\", \"Actor\", \"TimestampMs\", \"Payload\", \"LeafHash\") " +
        "VALUES (@i, @b, @k, @a, @t, @p, @h)";

    private static readonly string NodesSql = $"INSERT INTO \"{LedgerTables.MerkleNodes}\" (\"Id\", \"Hash\") VALUES (@i, @h)";

    public static async Task EntriesAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<EntryRecord> entries, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = EntriesSql;
        var i = Add(command, "@i");
        var b = Add(command, "@b");
        var k = Add(command, "@k");
        var a = Add(command, "@a");
        var t = Add(command, "@t");
        var p = Add(command, "@p");
        var h = Add(command, "@h");
        foreach (var e in entries)
        {
            i.Value = e.Index;
            b.Value = e.BlockHeight;
            k.Value = e.Kind;
            a.Value = e.Actor;
            t.Value = e.TimestampMs;
            p.Value = e.Payload;
            h.Value = e.LeafHash;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public static async Task NodesAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<MerkleNodeRecord> nodes, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = NodesSql;
        var i = Add(command, "@i");
        var h = Add(command, "@h");
        foreach (var n in nodes)
        {
            i.Value = n.Id;
            h.Value = n.Hash;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static DbParameter Add(DbCommand command, string name)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
