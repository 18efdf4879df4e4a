using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Portal.Ledger.Funds;
using Portal.Ledger.Privacy;
using Portal.Ledger.Storage;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Infrastructure.FundScenario;

namespace Portal.Tests.Ledger.Privacy;

/// <summary>
/// Individuals paid by the bank: the ledger holds a salted commitment, never the name; supervisors and the bank read
/// it only through a read the ledger records; erasure deletes it for good and every check stays green.
/// </summary>
public abstract class PersonalDataTests(DatabaseProvider provider)
{
    private const string Name = "Qiu Xiaoyan-Personal-7731";

    [Fact]
    public async Task An_individual_is_paid_with_a_commitment_in_the_entry_and_the_name_kept_apart()
    {
        await using var scenario = await CreateAsync(provider: provider);
        var request = await scenario.ApprovedRequestAsync(2_400m);
        var paid = await scenario.Funds.ConfirmDisbursementAsync(Bank, new ConfirmDisbursement(request, "P-1", 2_400m, Name, PayeeTypes.Individual));

        var entry = await scenario.Ledger.Reader.GetEntryAsync(paid.LedgerIndex);
        Assert.DoesNotContain(Name, entry!.Payload, StringComparison.Ordinal);
        var payload = JsonDocument.Parse(entry.Payload).RootElement;
        Assert.Equal("individual", payload.GetProperty("payeeType").GetString());
        Assert.False(payload.TryGetProperty("payee", out _));
        var commitment = payload.GetProperty("payeeCommitment").GetString()!;

        await using var db = scenario.Ledger.Store.CreateContext();
        var kept = await db.Set<PersonalValueRecord>().SingleAsync(p => p.Commitment == commitment);
        Assert.Equal(Name, kept.Value);
        Assert.True(PersonalCommitment.Matches(Name, kept.Salt, commitment));
        Assert.False(PersonalCommitment.Matches(Name + " ", kept.Salt, commitment));
        var record = await db.Set<DisbursementRecord>().SingleAsync(d => d.Id == paid.DisbursementId);
        Assert.Null(record.Payee);
        Assert.Equal(commitment, record.PayeeCommitment);
        Assert.True((await scenario.Ledger.Verifier.VerifyAsync()).Ok);
        Assert.True((await scenario.Ledger.ReadModels.RunAsync()).Ok);
    }

    [Fact]
    public async Task The_duplicate_payment_flag_fires_for_one_individual_paid_twice_and_not_for_two()
    {
        await using var scenario = await CreateAsync(provider: provider);
        var first = await scenario.ApprovedRequestAsync(1_200m);
        var second = await scenario.ApprovedRequestAsync(1_200m);
        var third = await scenario.ApprovedRequestAsync(1_200m);
        await scenario.Funds.ConfirmDisbursementAsync(Bank, new ConfirmDisbursement(first, "D-1", 1_200m, "Luo Jinhua", PayeeTypes.Individual));
        // Another person, the same amount: no flag.
        await scenario.Funds.ConfirmDisbursementAsync(Bank, new ConfirmDisbursement(second, "D-2", 1_200m, "Luo Jinhuan", PayeeTypes.Individual));
        // The first person again, written as a clerk might: full-width letters, extra spaces.
        var again = await scenario.Funds.ConfirmDisbursementAsync(Bank, new ConfirmDisbursement(third, "D-3", 1_200m, "  ｌｕｏ   Jinhua ", PayeeTypes.Individual));

        var anomalies = await new AnomalyService(scenario.Ledger.Store).DetectAsync(DateTimeOffset.UtcNow);
        var duplicate = Assert.Single(anomalies, a => a.Kind == AnomalyKinds.DuplicatePayment);
        Assert.Equal(again.DisbursementId, duplicate.DisbursementId);
        Assert.Equal(PayeeTypes.Individual, duplicate.Facts!.PayeeType);
        Assert.Null(duplicate.Facts.Payee);
        Assert.StartsWith("An individual payee (withheld) received CNY 1,200.00 again", duplicate.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("Luo", duplicate.Detail, StringComparison.OrdinalIgnoreCase);
        // The rebuild compares by the same keys: the flag is reproduced from the ledger and the kept keys.
        Assert.True((await scenario.Ledger.ReadModels.RunAsync()).Ok);
    }

    [Fact]
    public async Task A_supervisor_or_the_bank_reads_the_name_and_each_read_is_on_the_ledger()
    {
        await using var scenario = await CreateAsync(provider: provider);
        var request = await scenario.ApprovedRequestAsync(3_000m);
        var paid = await scenario.Funds.ConfirmDisbursementAsync(Bank, new ConfirmDisbursement(request, "R-1", 3_000m, Name, PayeeTypes.Individual));
        var organisation = await scenario.ApprovedRequestAsync(3_000m);
        var company = await scenario.Funds.ConfirmDisbursementAsync(Bank, new ConfirmDisbursement(organisation, "R-2", 3_000m, "Huaxi road company"));
        var service = new PersonalDataService(scenario.Ledger.Writer, scenario.Ledger.Store);

        var disclosed = await service.ReadPayeeAsync(Supervisor, paid.DisbursementId);
        Assert.Equal(Name, disclosed.Value);
        Assert.True(PersonalCommitment.Matches(disclosed.Value, Convert.FromHexString(disclosed.Salt), disclosed.Commitment));
        Assert.Equal(paid.LedgerIndex, disclosed.PaymentLedgerIndex);
        await service.ReadPayeeAsync(Bank, paid.DisbursementId);

        var reads = await new PersonalDataQueries(scenario.Ledger.Store).ReadsAsync(null);
        Assert.Equal([Bank.Id, Supervisor.Id], reads.Items.Select(r => r.Actor));
        Assert.All(reads.Items, r => Assert.Equal(paid.DisbursementId, r.RecordId));
        var readEntry = await scenario.Ledger.Reader.GetEntryAsync(disclosed.ReadLedgerIndex);
        Assert.Equal(FundEvents.PersonalDataRead, readEntry!.Kind);
        Assert.Equal(Supervisor.Id, readEntry.Actor);
        Assert.DoesNotContain(Name, readEntry.Payload, StringComparison.Ordinal);

        await scenario.RefusedAsync(FundErrors.Forbidden, () => service.ReadPayeeAsync(Official, paid.DisbursementId));
        await scenario.RefusedAsync(FundErrors.Forbidden, () => service.ReadPayeeAsync(Admin, paid.DisbursementId));
        await scenario.RefusedAsync(FundErrors.NotFound, () => service.ReadPayeeAsync(Supervisor, company.DisbursementId));
        await scenario.RefusedAsync(FundErrors.NotFound, () => service.ReadPayeeAsync(Supervisor, 999_999));
        Assert.True((await scenario.Ledger.ReadModels.RunAsync()).Ok);
    }

    [Fact]
    public async Task Erasure_deletes_the_name_for_good_and_every_proof_and_check_stays_valid()
    {
        await using var scenario = await CreateAsync(provider: provider);
        var request = await scenario.ApprovedRequestAsync(5_000m);
        var paid = await scenario.Funds.ConfirmDisbursementAsync(Bank, new ConfirmDisbursement(request, "E-1", 2_500m, Name, PayeeTypes.Individual));
        var service = new PersonalDataService(scenario.Ledger.Writer, scenario.Ledger.Store);
        var salt = Convert.FromHexString((await service.ReadPayeeAsync(Supervisor, paid.DisbursementId)).Salt);
        // Where the search below looks does hold the name and salt before the erasure.
        var before = await StoredBytesAsync(scenario);
        Assert.True(before.AsSpan().IndexOf(Encoding.UTF8.GetBytes(Name)) >= 0);
        Assert.True(before.AsSpan().IndexOf(salt) >= 0);

        await scenario.RefusedAsync(FundErrors.Forbidden, () => service.ErasePayeeAsync(Supervisor, paid.DisbursementId, "The payee asked"));
        await scenario.RefusedAsync(FundErrors.InvalidArgument, () => service.ErasePayeeAsync(Admin, paid.DisbursementId, "  "));
        await scenario.RefusedAsync(FundErrors.Forbidden, () => service.ErasePayeeAsync(Admin, paid.DisbursementId, "The payee asked", requestedBy: Admin.Id));
        var erased = await service.ErasePayeeAsync(Admin, paid.DisbursementId, "The payee asked under PIPL Article 47", requestedBy: "admin-2");

        var entry = await scenario.Ledger.Reader.GetEntryAsync(erased.LedgerIndex);
        Assert.Equal(FundEvents.PersonalDataErased, entry!.Kind);
        var payload = JsonDocument.Parse(entry.Payload).RootElement;
        Assert.Equal(paid.DisbursementId, payload.GetProperty("recordId").GetInt64());
        Assert.Equal("payee", payload.GetProperty("field").GetString());
        Assert.Equal("admin-2", payload.GetProperty("requestedBy").GetString());
        Assert.DoesNotContain(Name, entry.Payload, StringComparison.Ordinal);

        await using (var db = scenario.Ledger.Store.CreateContext())
        {
            var kept = await db.Set<PersonalValueRecord>().SingleAsync(p => p.RecordId == paid.DisbursementId);
            Assert.Null(kept.Value);
            Assert.Null(kept.Salt);
            var record = await db.Set<DisbursementRecord>().SingleAsync(d => d.Id == paid.DisbursementId);
            Assert.Equal(erased.LedgerIndex, record.PayeeErasureLedgerIndex);
            Assert.Equal("The payee asked under PIPL Article 47", record.PayeeErasureReason);
        }
        await scenario.RefusedAsync(FundErrors.InvalidState, () => service.ReadPayeeAsync(Supervisor, paid.DisbursementId));
        await scenario.RefusedAsync(FundErrors.InvalidState, () => service.ErasePayeeAsync(Admin, paid.DisbursementId, "again"));

        // The payment's entry, its proofs and the chain are unchanged; the read models still equal their rebuild.
        Assert.True((await scenario.Ledger.Verifier.VerifyAsync()).Ok);
        Assert.True((await scenario.Ledger.ReadModels.RunAsync()).Ok);
        var after = await StoredBytesAsync(scenario);
        Assert.False(after.AsSpan().IndexOf(Encoding.UTF8.GetBytes(Name)) >= 0, "the database still holds the erased name");
        Assert.False(after.AsSpan().IndexOf(salt) >= 0, "the database still holds the erased salt");
        await using (var db = scenario.Ledger.Store.CreateContext())
        {
            Assert.Equal(0, await db.Set<PersonalValueRecord>().CountAsync(p => p.Value == Name));
        }
        // The flow goes on after the erasure, and a later payment to the same person is compared with the erased one.
        var other = await scenario.ApprovedRequestAsync(2_500m);
        var later = await scenario.Funds.ConfirmDisbursementAsync(Bank, new ConfirmDisbursement(other, "E-2", 2_500m, Name, PayeeTypes.Individual));
        var flags = await new AnomalyService(scenario.Ledger.Store).DetectAsync(DateTimeOffset.UtcNow);
        Assert.Equal(later.DisbursementId, Assert.Single(flags, a => a.Kind == AnomalyKinds.DuplicatePayment).DisbursementId);
        Assert.True((await scenario.Ledger.ReadModels.RunAsync()).Ok);
    }

    [Fact]
    public async Task In_the_portal_one_administrator_asks_and_another_erases()
    {
        await using var scenario = await CreateAsync(provider: provider);
        var request = await scenario.ApprovedRequestAsync(1_000m);
        var paid = await scenario.Funds.ConfirmDisbursementAsync(Bank, new ConfirmDisbursement(request, "T-1", 1_000m, Name, PayeeTypes.Individual));
        var service = new PersonalDataService(scenario.Ledger.Writer, scenario.Ledger.Store);
        var queries = new PersonalDataQueries(scenario.Ledger.Store);
        var secondAdmin = Admin with { Id = "admin-2", DisplayName = "Second administrator" };

        await scenario.RefusedAsync(FundErrors.Forbidden, () => service.RequestPayeeErasureAsync(Supervisor, paid.DisbursementId, "The payee asked"));
        var asked = await service.RequestPayeeErasureAsync(Admin, paid.DisbursementId, "The payee asked");
        await scenario.RefusedAsync(FundErrors.InvalidState, () => service.RequestPayeeErasureAsync(secondAdmin, paid.DisbursementId, "Twice"));
        var pending = Assert.Single(await queries.ErasureRequestsAsync());
        Assert.Equal((asked.LedgerIndex, paid.DisbursementId, Admin.Id, (long?)null), (pending.LedgerIndex, pending.RecordId, pending.RequestedBy, pending.ErasedLedgerIndex));

        // Whoever asked cannot also approve; nothing is erased until someone else does.
        await scenario.RefusedAsync(FundErrors.Forbidden, () => service.ApprovePayeeErasureAsync(Admin, asked.LedgerIndex));
        await scenario.RefusedAsync(FundErrors.NotFound, () => service.ApprovePayeeErasureAsync(secondAdmin, asked.LedgerIndex + 1_000));
        Assert.Equal(Name, (await service.ReadPayeeAsync(Supervisor, paid.DisbursementId)).Value);

        var erased = await service.ApprovePayeeErasureAsync(secondAdmin, asked.LedgerIndex);
        var entry = await scenario.Ledger.Reader.GetEntryAsync(erased.LedgerIndex);
        Assert.Equal(secondAdmin.Id, entry!.Actor);
        Assert.Equal(Admin.Id, JsonDocument.Parse(entry.Payload).RootElement.GetProperty("requestedBy").GetString());
        Assert.Equal(erased.LedgerIndex, Assert.Single(await queries.ErasureRequestsAsync()).ErasedLedgerIndex);
        await scenario.RefusedAsync(FundErrors.InvalidState, () => service.ApprovePayeeErasureAsync(secondAdmin, asked.LedgerIndex));
        Assert.True((await scenario.Ledger.Verifier.VerifyAsync()).Ok);
        Assert.True((await scenario.Ledger.ReadModels.RunAsync()).Ok);
    }

    /// <summary>
    /// The bytes where the database keeps the personal values: SQLite's file and log, or PostgreSQL's table file
    /// (read by the server after a checkpoint has written its pages out).
    /// </summary>
    private async Task<byte[]> StoredBytesAsync(FundScenario scenario)
    {
        var options = scenario.Ledger.Database.Options;
        if (provider == DatabaseProvider.Sqlite)
        {
            await using (var connection = new SqliteConnection(options.ConnectionString))
            {
                await connection.OpenAsync();
                await using var checkpoint = connection.CreateCommand();
                checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
                await checkpoint.ExecuteNonQueryAsync();
            }
            SqliteConnection.ClearAllPools();
            var file = new SqliteConnectionStringBuilder(options.ConnectionString).DataSource;
            var parts = new List<byte>();
            foreach (var path in new[] { file, file + "-wal" }.Where(File.Exists))
            {
                parts.AddRange(await File.ReadAllBytesAsync(path));
            }
            return [.. parts];
        }
        await using var server = new NpgsqlConnection(options.ConnectionString);
        await server.OpenAsync();
        await using var command = server.CreateCommand();
        command.CommandText = $"CHECKPOINT; SELECT pg_read_binary_file(pg_relation_filepath('\"{LedgerTables.PersonalValues}\"'))";
        return (byte[])(await command.ExecuteScalarAsync())!;
    }

}

public sealed class SqlitePersonalDataTests() : PersonalDataTests(DatabaseProvider.Sqlite);

public sealed class PostgresPersonalDataTests() : PersonalDataTests(DatabaseProvider.PostgreSql);
