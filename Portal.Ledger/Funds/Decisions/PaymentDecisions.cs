namespace Portal.Ledger.Funds;

/// <param name="FirstUse">The payment this bank reference already confirmed, if any.</param>
public sealed record PaymentState(long RequestId, RequestRecord? Request, FundRecord? Fund, PaymentReferenceRecord? FirstUse, long NextDisbursementId);

/// <summary>A paid request and its fund, for the receiving department's reports on it.</summary>
public sealed record ReportState(long RequestId, RequestRecord? Request, FundRecord? Fund, long NextUsageId);

/// <summary>Payment by the bank, then usage reports and returns by the receiving department.</summary>
public static partial class FundDecisions
{
    public static Refusal? Check(Actor actor, ConfirmDisbursement command, out ConfirmDisbursement checkedCommand)
    {
        checkedCommand = command;
        var reference = "";
        var payee = "";
        var individual = command.PayeeType == PayeeTypes.Individual;
        var refused = Authority.Require(actor, Roles.Bank)
            ?? FundRules.Reference(command.BankReference, out reference)
            ?? (command.PayeeType is null or PayeeTypes.Organization or PayeeTypes.Individual ? null : new Refusal(RefusalReason.UnknownPayeeType))
            // An individual's name is what the record withholds, so a payment to an individual must give one.
            ?? FundRules.Text(command.Payee, TextFields.Payee, 200, out payee, required: individual);
        if (refused is null)
        {
            checkedCommand = command with
            {
                BankReference = reference, Payee = payee.Length == 0 ? null : payee,
                PayeeType = individual ? PayeeTypes.Individual : null,
            };
        }
        return refused;
    }

    /// <summary>
    /// A payment; the bank's reference is its idempotency key, so the same reference sent again for the same payment
    /// appends nothing (the first receipt answers it) and for another payment is refused.
    /// </summary>
    /// <param name="payeeCommitment">For an individual payee, the commitment the entry holds instead of the name.</param>
    public static Decision Decide(PaymentState state, ConfirmDisbursement command, string? payeeCommitment = null)
    {
        var amount = 0m;
        if ((Paid(state.RequestId, state.Request, state.Fund) ?? Money.Require(command.Amount, state.Fund!.Currency, out amount)) is { } refused)
        {
            return refused;
        }
        var request = state.Request!;
        if (state.FirstUse is { } first)
        {
            return first.RequestId == request.Id && first.Amount == amount
                ? new Decision([], null)
                : new Refusal(RefusalReason.DuplicateReference, first.Reference, first.Amount, first.RequestId);
        }
        return FundRules.Disbursable(request, amount, state.Fund!.Currency) is { } notPayable
            ? notPayable
            : Decision.Append(command.PayeeType == PayeeTypes.Individual
                ? new DisbursementConfirmed(state.NextDisbursementId, request.Id, command.BankReference, amount, null, request.LastLedgerIndex,
                    PayeeTypes.Individual, payeeCommitment ?? throw new ArgumentNullException(nameof(payeeCommitment)))
                : new DisbursementConfirmed(state.NextDisbursementId, request.Id, command.BankReference, amount, command.Payee, request.LastLedgerIndex));
    }

    public static Refusal? Check(Actor actor, ReportUsage command, out ReportUsage checkedCommand)
    {
        checkedCommand = command;
        var category = "";
        string? evidence = null;
        var refused = Authority.Require(actor, Roles.Official)
            ?? FundRules.Text(command.Category, TextFields.UsageCategory, 100, out category)
            ?? FundRules.Sha256(command.EvidenceSha256, TextFields.EvidenceHash, out evidence);
        if (refused is null)
        {
            checkedCommand = command with { Category = category, EvidenceSha256 = evidence };
        }
        return refused;
    }

    public static Decision Decide(ReportState state, Actor actor, ReportUsage command)
    {
        var amount = 0m;
        return (Receiving(state, actor) ?? Money.Require(command.Amount, state.Fund!.Currency, out amount)
            ?? FundRules.Usable(state.Request!, amount, state.Fund.Currency)) is { } refused
            ? refused
            : Decision.Append(new UsageReported(state.NextUsageId, state.Request!.Id, amount, command.Category, command.EvidenceSha256, state.Request.LastLedgerIndex));
    }

    public static Refusal? Check(Actor actor, ReturnFunds command, out ReturnFunds checkedCommand)
    {
        checkedCommand = command;
        var reason = "";
        var refused = Authority.Require(actor, Roles.Official)
            ?? FundRules.Text(command.Reason, TextFields.ReturnReason, 2000, out reason, required: false);
        if (refused is null)
        {
            checkedCommand = command with { Reason = reason.Length == 0 ? null : reason };
        }
        return refused;
    }

    public static Decision Decide(ReportState state, Actor actor, ReturnFunds command)
    {
        var amount = 0m;
        return (Receiving(state, actor) ?? Money.Require(command.Amount, state.Fund!.Currency, out amount)
            ?? FundRules.Returnable(state.Request!, amount, state.Fund.Currency)) is { } refused
            ? refused
            : Decision.Append(new FundsReturned(state.Request!.Id, amount, command.Reason, state.Request.LastLedgerIndex));
    }

    private static Refusal? Paid(long requestId, RequestRecord? request, FundRecord? fund) =>
        request is null ? NotFound(RefusalTexts.Things.Request, requestId)
        : fund is null ? NotFound(RefusalTexts.Things.Fund, request.FundId)
        : null;

    /// <summary>Only the department the money went to reports on it.</summary>
    private static Refusal? Receiving(ReportState state, Actor actor) =>
        state.Request is null ? NotFound(RefusalTexts.Things.Request, state.RequestId)
        : state.Request.DepartmentCode != actor.Department ? new Refusal(RefusalReason.NotTheReceivingDepartment)
        : state.Fund is null ? NotFound(RefusalTexts.Things.Fund, state.Request.FundId)
        : null;
}
