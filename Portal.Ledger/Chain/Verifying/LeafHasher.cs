using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Portal.Ledger.Chain.Merkle;
using Portal.Ledger.Storage;

namespace Portal.Ledger.Chain.Verifying;

/// <summary>
/// The leaf-hash producers: entries are read in chunks, each re-encoded and hashed, its stored leaf hash checked.
/// Several producers take alternate chunks on their own connections; the chain reader takes the chunks in order.
/// </summary>
internal sealed class LeafHasher(LedgerStore store)
{
    public const int ChunkSize = 4096;

    /// <summary>
    /// Producer <paramref name="producer"/> of <paramref name="producers"/>: reads every producers-th chunk of entries,
    /// re-encodes each entry and checks its stored leaf hash. A failure closes its channel; the consumer meets it
    /// after every earlier chunk, so the first failure in index order is the one reported.
    /// </summary>
    public async Task HashAsync(long from, long to, int producer, int producers, ChannelWriter<LeafChunk> output, CancellationToken cancellationToken)
    {
        try
        {
            await using var db = store.CreateContext();
            await db.Database.OpenConnectionAsync(cancellationToken);
            await using var command = db.Database.GetDbConnection().CreateCommand();
            var buffer = new byte[4096];
            for (var first = from + (long)producer * ChunkSize; first < to; first += (long)producers * ChunkSize)
            {
                var last = Math.Min(first + ChunkSize, to);
                command.CommandText = $"SELECT \"Index\", \"BlockHeight\", \"Kind\", \"Actor\", \"TimestampMs\", \"Payload\", \"LeafHash\" FROM \"{LedgerTables.Entries}\" WHERE \"Index\" >= {first} AND \"Index\" < {last} ORDER BY \"Index\"";
                var chunk = new LeafChunk(first, (int)(last - first));
                // Synchronous reads: this loop owns its thread, and per-row async costs more than it saves here.
                await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
                {
                    for (var index = first; index < last; index++)
                    {
                        if (!reader.Read() || reader.GetInt64(0) != index)
                        {
                            throw new VerificationFailure($"Entry {index} is missing.", index: index);
                        }
                        var kind = reader.GetString(2);
                        var actor = reader.GetString(3);
                        var payload = reader.GetString(5);
                        var length = 1 + EntryEncoding.EncodedLength(kind, actor, payload);
                        buffer = Fit(buffer, length);
                        buffer[0] = 0x00;
                        EntryEncoding.Encode(index, reader.GetInt64(4), kind, actor, payload, buffer.AsSpan(1));
                        var leafHash = chunk.NextSlot(reader.GetInt64(1));
                        MerkleHash.PrefixedLeaf(buffer.AsSpan(0, length), leafHash);
                        if (!leafHash.SequenceEqual(reader.GetFieldValue<byte[]>(6)))
                        {
                            throw new VerificationFailure($"Entry {index}: its stored leaf hash does not match its content.", index: index);
                        }
                    }
                }
                await output.WriteAsync(chunk, cancellationToken);
            }
            output.TryComplete();
        }
        catch (Exception ex)
        {
            output.TryComplete(ex);
        }
    }

    public static async Task<LeafChunk> NextChunkAsync(ChannelReader<LeafChunk> channel, CancellationToken cancellationToken)
    {
        try
        {
            return await channel.ReadAsync(cancellationToken);
        }
        catch (ChannelClosedException closed) when (closed.InnerException is VerificationFailure failure)
        {
            throw failure;
        }
    }

    private static byte[] Fit(byte[] buffer, int length) => length <= buffer.Length ? buffer : new byte[Math.Max(length, buffer.Length * 2)];
}

/// <summary>Checked leaf hashes of consecutive entries, in one buffer.</summary>
internal sealed class LeafChunk(long firstIndex, int capacity)
{
    private readonly byte[] _hashes = new byte[capacity * MerkleHash.Size];

    public long FirstIndex { get; } = firstIndex;
    public long[] BlockHeights { get; } = new long[capacity];
    public int Count { get; private set; }

    public Span<byte> NextSlot(long blockHeight)
    {
        BlockHeights[Count] = blockHeight;
        return _hashes.AsSpan(Count++ * MerkleHash.Size, MerkleHash.Size);
    }

    public ReadOnlySpan<byte> LeafHash(int i) => _hashes.AsSpan(i * MerkleHash.Size, MerkleHash.Size);
}
