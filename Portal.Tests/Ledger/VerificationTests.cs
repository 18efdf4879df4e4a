using Microsoft.EntityFrameworkCore;
using Portal.Ledger.Chain;
using Portal.Ledger.Chain.Merkle;
using Portal.Ledger.Chain.Writing;
using Portal.Ledger.Storage;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Ledger;

/// <summary>One changed byte anywhere in the stored ledger is found, and named.</summary>
public sealed class VerificationTests
{
    private static async Task<LedgerHarness> SeededAsync(DatabaseProvider provider = DatabaseProvider.Sqlite)
    {
        var ledger = await LedgerHarness.CreateAsync(provider);
        for (var block = 0; block < 10; block++)
        {
            await ledger.Writer.AppendAsync(Enumerable.Range(block * 10, 10).Select(i => LedgerHarness.Draft(i)).ToList());
        }
        return ledger;
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task An_intact_ledger_verifies(DatabaseProvider provider)
    {
        await using var ledger = await SeededAsync(provider);
        var result = await ledger.Verifier.VerifyAsync();
        Assert.True(result.Ok, result.Message);
        Assert.Equal(100, result.EntriesChecked);
        Assert.Equal(10, result.BlocksChecked);
        Assert.Equal(10, result.CheckpointsChecked);
        Assert.Equal(NodeRef.InteriorNodesBefore(100), result.NodesChecked);
    }

    [Fact]
    public async Task An_empty_ledger_verifies()
    {
        await using var ledger = await LedgerHarness.CreateAsync();
        Assert.True((await ledger.Verifier.VerifyAsync()).Ok);
    }

    [Fact]
    public async Task A_changed_payload_names_its_index()
    {
        await using var ledger = await SeededAsync();
        await ledger.ExecuteAsync($"UPDATE \"{LedgerTables.Entries}\" SET \"Payload\" = replace(\"Payload\", '\"n\":42', '\"n\":43') WHERE \"Index\" = 42");
        var result = await ledger.Verifier.VerifyAsync();
        Assert.False(result.Ok);
        Assert.Equal(42, result.FirstBadIndex);
    }

    [Theory]
    [InlineData("Kind")]
    [InlineData("Actor")]
    public async Task A_changed_text_field_names_its_index(string column)
    {
        await using var ledger = await SeededAsync();
        await ledger.ExecuteAsync($"UPDATE \"{LedgerTables.Entries}\" SET \"{column}\" = \"{column}\" || 'x' WHERE \"Index\" = 77");
        Assert.Equal(77, (await ledger.Verifier.VerifyAsync()).FirstBadIndex);
    }

    [Fact]
    public async Task A_changed_timestamp_names_its_index()
    {
        await using var ledger = await SeededAsync();
        await ledger.ExecuteAsync($"UPDATE \"{LedgerTables.Entries}\" SET \"TimestampMs\" = \"TimestampMs\" + 1 WHERE \"Index\" = 5");
        Assert.Equal(5, (await ledger.Verifier.VerifyAsync()).FirstBadIndex);
    }

    [Fact]
    public async Task A_changed_leaf_hash_names_its_index()
    {
        await using var ledger = await SeededAsync();
        await FlipByteAsync(ledger, LedgerTables.Entries, "LeafHash", "\"Index\" = 63", 31);
        Assert.Equal(63, (await ledger.Verifier.VerifyAsync()).FirstBadIndex);
    }

    [Fact]
    public async Task A_changed_merkle_node_names_the_leaves_under_it()
    {
        await using var ledger = await SeededAsync();
        var node = new NodeRef(3, 5); // leaves 40..47
        await FlipByteAsync(ledger, LedgerTables.MerkleNodes, "Hash", $"\"Id\" = {node.StorageId}", 0);
        var result = await ledger.Verifier.VerifyAsync();
        Assert.False(result.Ok);
        Assert.Equal(40, result.FirstBadIndex);
        Assert.Contains("level 3", result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Hash")]
    [InlineData("PreviousHash")]
    [InlineData("TreeRoot")]
    public async Task A_changed_block_names_its_height(string column)
    {
        await using var ledger = await SeededAsync();
        await FlipByteAsync(ledger, LedgerTables.Blocks, column, "\"Height\" = 6", 12);
        var result = await ledger.Verifier.VerifyAsync();
        Assert.False(result.Ok);
        // A changed hash breaks block 6's own header check; a changed link or root is found at block 6 too.
        Assert.Equal(6, result.FirstBadHeight);
    }

    [Fact]
    public async Task A_changed_block_timestamp_names_its_height()
    {
        await using var ledger = await SeededAsync();
        await ledger.ExecuteAsync($"UPDATE \"{LedgerTables.Blocks}\" SET \"TimestampMs\" = \"TimestampMs\" - 1 WHERE \"Height\" = 2");
        Assert.Equal(2, (await ledger.Verifier.VerifyAsync()).FirstBadHeight);
    }

    [Fact]
    public async Task A_changed_checkpoint_is_found()
    {
        await using var ledger = await SeededAsync();
        await FlipByteAsync(ledger, LedgerTables.Checkpoints, "RootHash", "\"TreeSize\" = 30", 3);
        var result = await ledger.Verifier.VerifyAsync();
        Assert.False(result.Ok);
        Assert.Equal(30, result.FirstBadCheckpoint);
    }

    [Fact]
    public async Task A_moved_checkpoint_time_is_found()
    {
        await using var ledger = await SeededAsync();
        await ledger.ExecuteAsync($"UPDATE \"{LedgerTables.Checkpoints}\" SET \"TimestampMs\" = \"TimestampMs\" + 1 WHERE \"TreeSize\" = 70");
        Assert.Equal(70, (await ledger.Verifier.VerifyAsync()).FirstBadCheckpoint);
    }

    [Fact]
    public async Task A_changed_checkpoint_signature_is_found()
    {
        await using var ledger = await SeededAsync();
        // Replace the signature with the signature of another checkpoint: well-formed, but not over this text.
        await ledger.ExecuteAsync(
            $"UPDATE \"{LedgerTables.Checkpoints}\" SET \"Note\" = substr(\"Note\", 1, instr(\"Note\", '\u2014') - 1) || " +
            $"(SELECT substr(\"Note\", instr(\"Note\", '\u2014')) FROM \"{LedgerTables.Checkpoints}\" WHERE \"TreeSize\" = 10) WHERE \"TreeSize\" = 50");
        var result = await ledger.Verifier.VerifyAsync();
        Assert.Equal(50, result.FirstBadCheckpoint);
    }

    [Fact]
    public async Task A_deleted_entry_names_its_index()
    {
        await using var ledger = await SeededAsync();
        await ledger.ExecuteAsync($"DELETE FROM \"{LedgerTables.Entries}\" WHERE \"Index\" = 99");
        Assert.Equal(99, (await ledger.Verifier.VerifyAsync()).FirstBadIndex);
    }

    [Fact]
    public async Task Across_many_chunks_the_first_bad_index_in_order_is_named()
    {
        await using var ledger = await LedgerHarness.CreateAsync();
        for (var block = 0; block < 6; block++)
        {
            await ledger.Writer.AppendAsync(Enumerable.Range(block * 3000, 3000).Select(i => LedgerHarness.Draft(i)).ToList());
        }
        var progress = new List<VerificationProgress>();
        var intact = await ledger.Verifier.VerifyAsync(new SynchronousProgress(progress.Add));
        Assert.True(intact.Ok, intact.Message);
        Assert.Equal(18_000, progress[^1].EntriesChecked);
        Assert.True(progress.Count > 1);

        // Chunks are hashed by parallel readers; the later corruption may be found first, but is not reported first.
        await ledger.ExecuteAsync($"UPDATE \"{LedgerTables.Entries}\" SET \"Actor\" = 'x' WHERE \"Index\" IN (9000, 17000)");
        Assert.Equal(9000, (await ledger.Verifier.VerifyAsync()).FirstBadIndex);
    }

    private sealed class SynchronousProgress(Action<VerificationProgress> report) : IProgress<VerificationProgress>
    {
        public void Report(VerificationProgress value) => report(value);
    }

    [Fact]
    public async Task Incremental_verification_accepts_an_older_checkpoint()
    {
        await using var ledger = await SeededAsync();
        var saved = await ledger.Reader.GetLatestCheckpointAsync();
        await ledger.Writer.AppendAsync(Enumerable.Range(100, 37).Select(i => LedgerHarness.Draft(i)).ToList());
        var result = await ledger.Verifier.VerifyFromCheckpointAsync(saved!);
        Assert.True(result.Ok, result.Message);
        Assert.Equal(137, result.TreeSize);
        Assert.Equal(37, result.EntriesChecked);
    }

    [Fact]
    public async Task Incremental_verification_detects_rewritten_history()
    {
        await using var ledger = await SeededAsync();
        var saved = await ledger.Reader.GetLatestCheckpointAsync();
        // Rewriting old history changes the tree that the saved checkpoint signed.
        await FlipByteAsync(ledger, LedgerTables.MerkleNodes, "Hash", $"\"Id\" = {new NodeRef(6, 0).StorageId}", 9);
        var result = await ledger.Verifier.VerifyFromCheckpointAsync(saved!);
        Assert.False(result.Ok);
        Assert.Contains("rewritten", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Incremental_verification_rejects_a_checkpoint_of_another_key()
    {
        await using var ledger = await SeededAsync();
        var other = new Portal.Ledger.Chain.Checkpoints.Ed25519NoteSigner(LedgerHarness.Origin, Portal.Ledger.Chain.Checkpoints.Ed25519Note.GenerateSeed());
        var forged = Portal.Ledger.Chain.Checkpoints.SignedNote.Sign(
            new Portal.Ledger.Chain.Checkpoints.Checkpoint(LedgerHarness.Origin, 100, await ledger.Reader.GetRootAsync(100)).ToNoteText(), other).ToString();
        var result = await ledger.Verifier.VerifyFromCheckpointAsync(forged);
        Assert.False(result.Ok);
        Assert.Contains("not signed by this log's key", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_checkpoint_ahead_of_the_log_means_rollback()
    {
        await using var ledger = await SeededAsync();
        var saved = await ledger.Reader.GetLatestCheckpointAsync();
        await ledger.ExecuteAsync($"DELETE FROM \"{LedgerTables.Checkpoints}\" WHERE \"TreeSize\" = 100");
        await ledger.ExecuteAsync($"DELETE FROM \"{LedgerTables.Blocks}\" WHERE \"Height\" = 9");
        var result = await ledger.Verifier.VerifyFromCheckpointAsync(saved!);
        Assert.False(result.Ok);
        Assert.Contains("rolled back", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_writer_refuses_to_extend_a_damaged_tree()
    {
        await using var ledger = await SeededAsync();
        await FlipByteAsync(ledger, LedgerTables.MerkleNodes, "Hash", $"\"Id\" = {new NodeRef(6, 0).StorageId}", 0);
        // A fresh writer has no cached tip and must load the right edge from the store.
        await using var writer = new LedgerWriter(ledger.Store, ledger.Signer, ledger.Options);
        await Assert.ThrowsAsync<LedgerCorruptException>(() => writer.AppendAsync(LedgerHarness.Draft(1000)));
        Assert.Equal(100, await ledger.Reader.GetTreeSizeAsync());
    }

    /// <summary>Flips one bit of one byte of a blob column, through SQL, as tampering with the database would.</summary>
    internal static async Task FlipByteAsync(LedgerHarness ledger, string table, string column, string where, int offset)
    {
        await using var db = ledger.Store.CreateContext();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        byte[] value;
        await using (var read = connection.CreateCommand())
        {
            read.CommandText = $"SELECT \"{column}\" FROM \"{table}\" WHERE {where}";
            value = (byte[])(await read.ExecuteScalarAsync())!;
        }
        value[offset] ^= 0x01;
        await using var write = connection.CreateCommand();
        write.CommandText = $"UPDATE \"{table}\" SET \"{column}\" = @v WHERE {where}";
        var parameter = write.CreateParameter();
        parameter.ParameterName = "@v";
        parameter.Value = value;
        write.Parameters.Add(parameter);
        Assert.Equal(1, await write.ExecuteNonQueryAsync());
    }
}
