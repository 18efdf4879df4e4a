using System.Text;

namespace Portal.Ledger.Monitoring;

/// <summary>
/// What a monitor keeps between runs in its state folder: the log's key (and the keys it rotated to), the last
/// checkpoint it verified, the tree and fund totals at that size. Saved only after a run in which everything held,
/// by one atomic rename, so a run stopped half-way starts again from the last good state.
/// </summary>
public sealed class MonitorState
{
    private const string FileName = "monitor-state.bin";
    private const string Magic = "portal-monitor-state/1";

    public required string LogKey { get; init; }

    /// <summary>The log's key and every key a verified rotation entry named after it.</summary>
    public required List<string> Keys { get; init; }

    /// <summary>The last checkpoint verified, exactly as served (with its cosignatures); null before the first run.</summary>
    public string? Checkpoint { get; set; }

    public DateTimeOffset? VerifiedAt { get; set; }

    public required TileTree Tree { get; set; }

    public required FundAudit Funds { get; set; }

    public static string CheckpointPath(string directory) => Path.Combine(directory, "checkpoint");

    /// <exception cref="InvalidDataException">The folder holds the state of another log, or a damaged state.</exception>
    public static MonitorState LoadOrCreate(string directory, string logKey)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return new MonitorState { LogKey = logKey, Keys = [logKey], Tree = new TileTree(), Funds = new FundAudit() };
        }
        using var reader = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
        try
        {
            if (reader.ReadString() != Magic)
            {
                throw new InvalidDataException($"{path} is not a monitor state this version wrote.");
            }
            var savedKey = reader.ReadString();
            if (savedKey != logKey)
            {
                throw new InvalidDataException($"{directory} holds the state of the log with key {savedKey}, not {logKey}: give each log its own state folder.");
            }
            var keys = Enumerable.Range(0, reader.ReadInt32()).Select(_ => reader.ReadString()).ToList();
            var checkpoint = reader.ReadBoolean() ? reader.ReadString() : null;
            var verifiedAt = reader.ReadBoolean() ? DateTimeOffset.FromUnixTimeMilliseconds(reader.ReadInt64()) : (DateTimeOffset?)null;
            return new MonitorState
            {
                LogKey = savedKey, Keys = keys, Checkpoint = checkpoint, VerifiedAt = verifiedAt,
                Tree = TileTree.Read(reader), Funds = FundAudit.Read(reader),
            };
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException($"{path} is truncated.", ex);
        }
    }

    public void Save(string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        var staged = path + ".new";
        using (var writer = new BinaryWriter(File.Create(staged), Encoding.UTF8))
        {
            writer.Write(Magic);
            writer.Write(LogKey);
            writer.Write(Keys.Count);
            Keys.ForEach(writer.Write);
            writer.Write(Checkpoint is not null);
            if (Checkpoint is not null)
            {
                writer.Write(Checkpoint);
            }
            writer.Write(VerifiedAt is not null);
            if (VerifiedAt is { } at)
            {
                writer.Write(at.ToUnixTimeMilliseconds());
            }
            Tree.Write(writer);
            Funds.Write(writer);
            writer.Flush();
            ((FileStream)writer.BaseStream).Flush(flushToDisk: true);
        }
        File.Move(staged, path, overwrite: true);
        if (Checkpoint is not null)
        {
            // For people: the checkpoint this folder vouches for, as the log served it.
            File.WriteAllText(CheckpointPath(directory), Checkpoint);
        }
    }
}
