using System.Globalization;

namespace Portal.Ledger.Funds;

/// <param name="Today">The date of the block the request would be recorded in.</param>
public sealed record FileRequestState(FundRecord? Fund, bool ProgramExists, bool RegionExists, bool DepartmentExists, long NextRequestId, DateOnly Today);

public sealed record CancelState(long RequestId, RequestRecord? Request);

/// <summary>Demand: a department's official files a request, and its requester (or a supervisor or administrator) may withdraw it.</summary>
public static partial class FundDecisions
{
    public static Refusal? Check(Actor actor, FileRequest command, out FileRequest checkedCommand)
    {
        checkedCommand = command;
        if (Authority.Require(actor, Roles.Official) is { } refused)
        {
            return refused;
        }
        if (actor.Department is null)
        {
            return new Refusal(RefusalReason.NotADepartmentOfficial);
        }
        var purpose = "";
        string? evidence = null;
        if ((FundRules.Text(command.Purpose, TextFields.Purpose, 2000, out purpose)
            ?? FundRules.Sha256(command.EvidenceSha256, TextFields.EvidenceHash, out evidence)) is { } bad)
        {
            return bad;
        }
        if (command.Beneficiaries is < 0 or > 10_000_000)
        {
            return new Refusal(RefusalReason.BeneficiariesOutOfRange);
        }
        checkedCommand = command with { Purpose = purpose, EvidenceSha256 = evidence };
        return null;
    }

    public static Decision Decide(FileRequestState state, Actor actor, FileRequest command)
    {
        if (state.Fund is not { } fund)
        {
            return NotFound(RefusalTexts.Things.Fund, command.FundId);
        }
        if (Money.Require(command.Amount, fund.Currency, out var amount) is { } badAmount)
        {
            return badAmount;
        }
        if (state.Today < fund.PeriodStart || state.Today > fund.PeriodEnd)
        {
            return new Refusal(RefusalReason.OutsideFundPeriod, fund.PeriodStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), fund.PeriodEnd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }
        var department = actor.Department!;
        return !state.ProgramExists ? NotFound(RefusalTexts.Things.Program, command.Program)
            : !state.RegionExists ? NotFound(RefusalTexts.Things.Region, command.Region)
            : !state.DepartmentExists ? NotFound(RefusalTexts.Things.Department, department)
            : Decision.Append(new RequestFiled(state.NextRequestId, fund.Id, command.Program, command.Region, department, amount,
                command.Purpose, command.Beneficiaries, command.EvidenceSha256));
    }

    public static Refusal? CheckCancellation(string? reason, out string text) =>
        FundRules.Text(reason, TextFields.CancellationReason, 2000, out text);

    /// <summary>A pending request can be withdrawn, an approved one cancelled until its first payment: either releases its budget.</summary>
    public static Decision Decide(CancelState state, Actor actor, string reason)
    {
        if (state.Request is not { } request)
        {
            return NotFound(RefusalTexts.Things.Request, state.RequestId);
        }
        var isRequester = request.RequesterId == actor.Id;
        if (!isRequester && !actor.IsIn(Roles.Supervisor) && !actor.IsIn(Roles.Administrator))
        {
            return new Refusal(RefusalReason.MayNotCancel);
        }
        if (request.Disbursed > 0)
        {
            return new Refusal(RefusalReason.PaidRequestCannotBeCancelled);
        }
        if (request.State is not (RequestState.Pending or RequestState.Approved))
        {
            return new Refusal(RefusalReason.StateCannotBeCancelled, RefusalTexts.State(request.State));
        }
        var role = isRequester ? Roles.Official : actor.IsIn(Roles.Supervisor) ? Roles.Supervisor : Roles.Administrator;
        return Decision.Append(new RequestCancelled(request.Id, role, reason, request.LastLedgerIndex));
    }
}
