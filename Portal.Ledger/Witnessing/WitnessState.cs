using Microsoft.Data.Sqlite;

namespace Portal.Ledger.Witnessing;

/// <summary>
/// What a witness has cosigned: per log origin, the size, root and note of the latest checkpoint, in one SQLite file
/// of its own (no portal database), kept across restarts. Checking a submission against it and recording the new
/// checkpoint happen in one write transaction, so two concurrent submissions can never both move it, and a witness
/// never cosigns two inconsistent checkpoints of one log.
/// </summary>
public sealed class WitnessState
{
    private readonly string _connectionString;

    public WitnessState(string path)
    {
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL; CREATE TABLE IF NOT EXISTS Logs (Origin TEXT PRIMARY KEY, Size INTEGER NOT NULL, Root BLOB NOT NULL, Note TEXT NOT NULL)";
        command.ExecuteNonQuery();
    }

    /// <summary>The latest checkpoint cosigned for a log: size, root and note.</summary>
    public sealed record Latest(long Size, byte[] Root, string Note);

    public Latest? Read(string origin)
    {
        using var connection = Open();
        return Read(connection, origin);
    }

    /// <summary>
    /// Reads the log's latest cosigned checkpoint and lets <paramref name="decide"/> answer from it; the checkpoint
    /// it returns (if any) replaces the latest before the transaction commits, atomically with the read.
    /// </summary>
    public T Update<T>(string origin, Func<Latest?, (T Answer, Latest? Next)> decide)
    {
        using var connection = Open();
        using (var begin = connection.CreateCommand())
        {
            // Takes the write lock before reading: a concurrent submission waits, then reads what this one wrote.
            begin.CommandText = "BEGIN IMMEDIATE";
            begin.ExecuteNonQuery();
        }
        try
        {
            var (answer, next) = decide(Read(connection, origin));
            if (next is not null)
            {
                using var write = connection.CreateCommand();
                write.CommandText = "INSERT INTO Logs (Origin, Size, Root, Note) VALUES ($origin, $size, $root, $note) " +
                    "ON CONFLICT (Origin) DO UPDATE SET Size = excluded.Size, Root = excluded.Root, Note = excluded.Note";
                write.Parameters.AddWithValue("$origin", origin);
                write.Parameters.AddWithValue("$size", next.Size);
                write.Parameters.AddWithValue("$root", next.Root);
                write.Parameters.AddWithValue("$note", next.Note);
                write.ExecuteNonQuery();
            }
            using var commit = connection.CreateCommand();
            commit.CommandText = "COMMIT";
            commit.ExecuteNonQuery();
            return answer;
        }
        catch
        {
            using var rollback = connection.CreateCommand();
            rollback.CommandText = "ROLLBACK";
            rollback.ExecuteNonQuery();
            throw;
        }
    }

    private static Latest? Read(SqliteConnection connection, string origin)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT Size, Root, Note FROM Logs WHERE Origin = $origin";
        command.Parameters.AddWithValue("$origin", origin);
        using var reader = command.ExecuteReader();
        return reader.Read() ? new Latest(reader.GetInt64(0), (byte[])reader[1], reader.GetString(2)) : null;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var timeout = connection.CreateCommand();
        timeout.CommandText = "PRAGMA busy_timeout = 5000";
        timeout.ExecuteNonQuery();
        return connection;
    }
}
