using Microsoft.Data.Sqlite;
using Portal.Ledger.Chain;
using Portal.Ledger.Chain.Merkle;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Web;

/// <summary>
/// The `monitor` command audits a real portal over real HTTP through its checkpoint and tiles. Each attack is made
/// behind the portal's back in its database, as its operator could, caught by a monitor starting afresh, then undone.
/// </summary>
// A portal of its own (class fixtures are per class): the attacks below are undone, but no other class shares the window.
public sealed class MonitorTests(TamperablePortal portal) : IClassFixture<TamperablePortal>
{
    private PortalServer Server => portal.Server;

    [Fact]
    public async Task A_first_run_reads_the_whole_log_and_a_later_run_only_what_is_new()
    {
        using var state = new TempDirectory();
        var size = await Server.TreeSizeAsync();
        var first = await MonitorRun.RunAsync(Server, state.Path);
        Assert.True(first.ExitCode == 0, first.Output + first.Error);
        Assert.Contains($"Tree: {size:N0} new entries read", first.Output, StringComparison.Ordinal);
        Assert.Contains("Funds: the totals of 1 fund(s)", first.Output, StringComparison.Ordinal);
        Assert.Contains("Records: 32 sampled disbursement record(s) match their entries.", first.Output, StringComparison.Ordinal);
        Assert.Contains($"OK: checkpoint {size:N0} of test.portal.example/ledger holds", first.Output, StringComparison.Ordinal);
        Assert.Equal(await Server.Client.GetStringAsync("/api/ledger/checkpoint"), await File.ReadAllTextAsync(Path.Combine(state.Path, "checkpoint")));

        await Server.FileRequestAsync("Monitored");
        var later = await MonitorRun.RunAsync(Server, state.Path);
        Assert.True(later.ExitCode == 0, later.Output + later.Error);
        Assert.Contains("Tree: 1 new entries read", later.Output, StringComparison.Ordinal);
        Assert.Contains($"OK: checkpoint {size + 1:N0} of", later.Output, StringComparison.Ordinal);
        Assert.Empty(MonitorRun.Evidence(state.Path));
    }

    [Fact]
    public async Task A_changed_entry_is_caught_by_its_leaf_hash()
    {
        var index = await ScalarAsync<long>("SELECT \"Index\" FROM \"LedgerEntries\" WHERE \"Kind\" = 'disbursement.confirmed' ORDER BY \"Index\" LIMIT 1 OFFSET 7");
        var payload = await ScalarAsync<string>($"SELECT \"Payload\" FROM \"LedgerEntries\" WHERE \"Index\" = {index}");
        var changed = payload.Replace("\"amount\":", "\"amount\":1", StringComparison.Ordinal);
        Assert.NotEqual(payload, changed);
        await AssertCaughtAsync(
            $"UPDATE \"LedgerEntries\" SET \"Payload\" = '{changed.Replace("'", "''", StringComparison.Ordinal)}' WHERE \"Index\" = {index}",
            $"UPDATE \"LedgerEntries\" SET \"Payload\" = '{payload.Replace("'", "''", StringComparison.Ordinal)}' WHERE \"Index\" = {index}",
            $"Tile tile/0/{index / 256:000}: hash {index % 256} is not the hash of entry {index} in bundle tile/entries/{index / 256:000}");
    }

    [Fact]
    public async Task A_changed_tile_hash_is_caught_against_the_entries_below_it()
    {
        // Hash 2 of the level-1 tile: the root of leaf tile 2, stored as an interior node.
        var id = new NodeRef(8, 2).StorageId;
        var hash = Convert.ToHexString(await ScalarAsync<byte[]>($"SELECT \"Hash\" FROM \"MerkleNodes\" WHERE \"Id\" = {id}"));
        var width = await Server.TreeSizeAsync() / 256;
        await AssertCaughtAsync(
            $"UPDATE \"MerkleNodes\" SET \"Hash\" = randomblob(32) WHERE \"Id\" = {id}",
            $"UPDATE \"MerkleNodes\" SET \"Hash\" = X'{hash}' WHERE \"Id\" = {id}",
            $"Tile tile/1/000.p/{width}: hash 2 is ");
    }

    [Fact]
    public async Task A_fund_total_that_its_events_do_not_add_up_to_is_caught()
    {
        // Amounts are stored in ten-thousandths: 10,000,000 is 1,000.00.
        var requested = await ScalarAsync<long>("SELECT \"Requested\" FROM \"Funds\" WHERE \"Id\" = 1");
        await AssertCaughtAsync(
            "UPDATE \"Funds\" SET \"Requested\" = 10000000 WHERE \"Id\" = 1",
            $"UPDATE \"Funds\" SET \"Requested\" = {requested} WHERE \"Id\" = 1",
            "Fund 1 (贵州省扶贫专项资金 Guizhou Poverty Alleviation Fund): /api/funds says requested 1000.00 CNY at ledger size");
    }

    /// <summary>The change is caught (exit 1, the discrepancy named, the checkpoint kept as evidence); once undone, the log holds again.</summary>
    private async Task AssertCaughtAsync(string change, string undo, string discrepancy)
    {
        using var state = new TempDirectory();
        Assert.Equal(1, await StoredLedger.WriteBehindAsync(Server.Environment, change));
        try
        {
            var run = await MonitorRun.RunAsync(Server, state.Path);
            Assert.True(run.ExitCode == 1, run.Output + run.Error);
            Assert.Contains("DISCREPANCY: " + discrepancy, run.Error, StringComparison.Ordinal);
            var evidence = Assert.Single(MonitorRun.Evidence(state.Path));
            Assert.StartsWith(await Server.Client.GetStringAsync("/api/ledger/checkpoint"), await File.ReadAllTextAsync(Directory.GetFiles(evidence, "checkpoint-*").Single()), StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(state.Path, "checkpoint")), "A run that found a discrepancy saves no state.");
        }
        finally
        {
            Assert.Equal(1, await StoredLedger.WriteBehindAsync(Server.Environment, undo));
        }
        using var again = new TempDirectory();
        var clean = await MonitorRun.RunAsync(Server, again.Path);
        Assert.True(clean.ExitCode == 0, clean.Output + clean.Error);
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new SqliteConnection(Server.Environment["ConnectionStrings__Portal"]);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
