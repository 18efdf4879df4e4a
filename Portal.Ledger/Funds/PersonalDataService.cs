using Microsoft.EntityFrameworkCore;
using Portal.Ledger.Chain;
using Portal.Ledger.Chain.Writing;
using Portal.Ledger.Privacy;
using Portal.Ledger.Storage;

namespace Portal.Ledger.Funds;

/// <summary>An individual payee's name as disclosed to a supervisor or the bank, with what checks it against the ledger.</summary>
/// <param name="Salt">Hex; with <see cref="Value"/> it recomputes <see cref="Commitment"/>, which the payment's entry holds.</param>
/// <param name="ReadLedgerIndex">The <c>personal-data.read</c> entry that records this read.</param>
public sealed record DisclosedPayee(
    long DisbursementId, string PayeeType, string Value, string Salt, string Commitment, long PaymentLedgerIndex, long ReadLedgerIndex);

public sealed record ErasureReceipt(long DisbursementId, string Field, long LedgerIndex, long BlockHeight, DateTimeOffset ErasedAt);

/// <summary>
/// The only ways to a personal value once it is recorded: a read that the ledger records first (supervisors and the
/// paying bank), and erasure, which deletes the value and its salt and records that, and why, but never the value.
/// </summary>
public sealed class PersonalDataService(LedgerWriter writer, LedgerStore store)
{
    /// <summary>Discloses a payment's individual payee; the read's entry commits in the same transaction, or nothing is read.</summary>
    public Task<DisclosedPayee> ReadPayeeAsync(Actor actor, long disbursementId, CancellationToken cancellationToken = default) => CommandTelemetry.RunAsync("read-payee", () =>
    {
        FundRefusalException.ThrowIf(actor.IsIn(Roles.Bank) ? null : Authority.Require(actor, Roles.Supervisor));
        return writer.ExecuteAsync(async (tx, ct) =>
        {
            var (payment, personal) = await PayeeAsync(tx.Db, disbursementId, ct);
            var read = await tx.AppendAsync(FundEvents.Draft(actor.Id, new PersonalDataRead(PersonalFields.Disbursement, disbursementId, PersonalFields.Payee)), ct);
            return new DisclosedPayee(disbursementId, PayeeTypes.Individual, personal.Value!, Convert.ToHexStringLower(personal.Salt!),
                personal.Commitment, payment.LedgerIndex, read.Index);
        }, cancellationToken);
    });

    /// <summary>
    /// Deletes a payment's individual payee name and salt and appends <c>personal-data.erased</c>: the operator's
    /// command, acting as an administrator on the server. In the portal, an administrator asks
    /// (<see cref="RequestPayeeErasureAsync"/>) and another approves (<see cref="ApprovePayeeErasureAsync"/>).
    /// </summary>
    public Task<ErasureReceipt> ErasePayeeAsync(Actor actor, long disbursementId, string? reason, string? requestedBy = null, CancellationToken cancellationToken = default) => CommandTelemetry.RunAsync("erase-payee", async () =>
    {
        var text = "";
        FundRefusalException.ThrowIf(Authority.Require(actor, Roles.Administrator)
            ?? FundRules.Text(reason, TextFields.ErasureReason, 2000, out text)
            ?? (requestedBy == actor.Id ? new Refusal(RefusalReason.SecondAdministratorRequired) : null));
        var receipt = await writer.ExecuteAsync((tx, ct) => EraseAsync(tx, actor, disbursementId, text, requestedBy, ct), cancellationToken);
        await PersonalValueRecord.ScrubAsync(store, cancellationToken);
        return receipt;
    });

    /// <summary>An administrator asks to erase a payment's individual payee name; the request is a ledger entry.</summary>
    public Task<CommandReceipt> RequestPayeeErasureAsync(Actor actor, long disbursementId, string? reason, CancellationToken cancellationToken = default) => CommandTelemetry.RunAsync("request-payee-erasure", () =>
    {
        var text = "";
        FundRefusalException.ThrowIf(Authority.Require(actor, Roles.Administrator) ?? FundRules.Text(reason, TextFields.ErasureReason, 2000, out text));
        return writer.ExecuteAsync(async (tx, ct) =>
        {
            await PayeeAsync(tx.Db, disbursementId, ct);
            var requests = tx.Db.Set<ErasureRequestRecord>();
            await requests.Where(r => r.Record == PersonalFields.Disbursement && r.RecordId == disbursementId && r.ErasedLedgerIndex == null).LoadAsync(ct);
            if (tx.Db.ChangeTracker.Entries<ErasureRequestRecord>().Select(e => e.Entity).Any(r => r.Record == PersonalFields.Disbursement && r.RecordId == disbursementId && r.ErasedLedgerIndex == null))
            {
                throw new FundRefusalException(new Refusal(RefusalReason.ErasureAlreadyRequested, disbursementId));
            }
            var asked = await tx.AppendAsync(FundEvents.Draft(actor.Id, new PersonalDataErasureRequested(PersonalFields.Disbursement, disbursementId, PersonalFields.Payee, text)), ct);
            return new CommandReceipt(asked.Index, asked.Index, asked.BlockHeight);
        }, cancellationToken);
    });

    /// <summary>Another administrator than the one who asked carries out a pending erasure request.</summary>
    public Task<ErasureReceipt> ApprovePayeeErasureAsync(Actor actor, long requestLedgerIndex, CancellationToken cancellationToken = default) => CommandTelemetry.RunAsync("approve-payee-erasure", async () =>
    {
        FundRefusalException.ThrowIf(Authority.Require(actor, Roles.Administrator));
        var receipt = await writer.ExecuteAsync(async (tx, ct) =>
        {
            var request = await tx.Db.Set<ErasureRequestRecord>().FindAsync([requestLedgerIndex], ct)
                ?? throw new FundRefusalException(new Refusal(RefusalReason.NotFound, RefusalTexts.Things.ErasureRequest, requestLedgerIndex));
            if (request.RequestedBy == actor.Id)
            {
                throw new FundRefusalException(new Refusal(RefusalReason.SecondAdministratorRequired));
            }
            return await EraseAsync(tx, actor, request.RecordId, request.Reason, request.RequestedBy, ct);
        }, cancellationToken);
        await PersonalValueRecord.ScrubAsync(store, cancellationToken);
        return receipt;
    });

    private static async Task<ErasureReceipt> EraseAsync(LedgerTransaction tx, Actor actor, long disbursementId, string reason, string? requestedBy, CancellationToken ct)
    {
        var (_, personal) = await PayeeAsync(tx.Db, disbursementId, ct);
        personal.Erase(tx.Db, tx.TimestampMs);
        var erased = await tx.AppendAsync(FundEvents.Draft(actor.Id, new PersonalDataErased(
            PersonalFields.Disbursement, disbursementId, PersonalFields.Payee, personal.Commitment, reason, requestedBy)), ct);
        return new ErasureReceipt(disbursementId, PersonalFields.Payee, erased.Index, erased.BlockHeight, tx.Timestamp);
    }

    private static async Task<(DisbursementRecord Payment, PersonalValueRecord Personal)> PayeeAsync(LedgerDbContext db, long disbursementId, CancellationToken ct)
    {
        var payment = await db.Set<DisbursementRecord>().FindAsync([disbursementId], ct);
        if (payment is null)
        {
            throw new FundRefusalException(new Refusal(RefusalReason.NotFound, RefusalTexts.Things.Disbursement, disbursementId));
        }
        if (payment.PayeeType != PayeeTypes.Individual
            || await db.Set<PersonalValueRecord>().FindAsync([payment.PayeeCommitment], ct) is not { } personal)
        {
            throw new FundRefusalException(new Refusal(RefusalReason.NoPersonalData, disbursementId));
        }
        if (personal.Value is null || personal.Salt is null)
        {
            var erasedOn = DateTimeOffset.FromUnixTimeMilliseconds(personal.ErasedAtMs ?? 0).ToOffset(TimeSpan.FromHours(8));
            throw new FundRefusalException(new Refusal(RefusalReason.PersonalDataErased, disbursementId, erasedOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
        }
        return (payment, personal);
    }


}
