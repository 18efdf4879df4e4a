using System.Globalization;

namespace Portal.Ledger.Funds;

/// <summary>
/// The parameters of the red-flag rules (docs/red-flags.md), set on the ledger by an administrator: every version is a
/// <c>flag-rules.set</c> entry, and every flag names the version it was raised under, so anyone can recompute it. No
/// rule runs before the first version is set: what a portal flags is always a rule it published.
/// </summary>
/// <param name="SplittingWindowDays">threshold-splitting: how far back a department's filings for one region and program are added up.</param>
/// <param name="RapidApprovalMinutes">rapid-approval: a request above the single-approver tier decided this soon after its filing.</param>
/// <param name="SignOffSpreadMinutes">rapid-approval: or its approvals, first to last, all within these minutes.</param>
/// <param name="WorkdayStart">off-hours-decision: when the working day starts, in <paramref name="TimeZone"/> (HH:mm).</param>
/// <param name="WorkdayEnd">off-hours-decision: when it ends (HH:mm).</param>
/// <param name="TimeZone">The fund's time zone (IANA), for working hours and days.</param>
/// <param name="RefileWindowDays">cancel-and-refile: how soon after a cancellation or rejection a refiling counts.</param>
/// <param name="RefileAmountTolerance">cancel-and-refile: how far (a share of the first amount) the new amount may be from it.</param>
/// <param name="UsageEqualsPaymentMinimum">usage-equals-payment: how many exact reports by one department make a pattern.</param>
/// <param name="UsageEqualsPaymentWindowDays">usage-equals-payment: the window they are counted in.</param>
/// <param name="PayeeConcentrationHhi">payee-concentration: the Herfindahl-Hirschman index (0 to 1) above which payees are concentrated.</param>
/// <param name="PayeeConcentrationMinimumPayments">payee-concentration: payments needed in the window before the index means anything.</param>
/// <param name="PayeeConcentrationWindowDays">payee-concentration: the window.</param>
/// <param name="ApproverPairRatio">approver-pair: how many times more often than their departments' sizes predict two approvers sign together.</param>
/// <param name="ApproverPairMinimum">approver-pair: joint sign-offs needed before the ratio means anything.</param>
/// <param name="CostOutlierCutoff">cost-outlier: the modified z-score (0.6745 (x - median) / MAD) beyond which an amount per beneficiary is an outlier.</param>
/// <param name="CostOutlierMinimumSample">cost-outlier: requests of the program needed before its distribution is used.</param>
public sealed record FlagRules(
    int SplittingWindowDays = 30,
    int RapidApprovalMinutes = 10,
    int SignOffSpreadMinutes = 5,
    string WorkdayStart = "08:30",
    string WorkdayEnd = "18:00",
    string TimeZone = "Asia/Shanghai",
    int RefileWindowDays = 60,
    decimal RefileAmountTolerance = 0.2m,
    int UsageEqualsPaymentMinimum = 3,
    int UsageEqualsPaymentWindowDays = 180,
    decimal PayeeConcentrationHhi = 0.25m,
    int PayeeConcentrationMinimumPayments = 10,
    int PayeeConcentrationWindowDays = 90,
    decimal ApproverPairRatio = 3m,
    int ApproverPairMinimum = 10,
    decimal CostOutlierCutoff = 3.5m,
    int CostOutlierMinimumSample = 30)
{
    /// <summary>The documented defaults, as an administrator sets them first.</summary>
    public static FlagRules Default { get; } = new();

    /// <summary>Why these parameters cannot be set, or null: every count and window positive, shares and times sensible.</summary>
    public Refusal? Check()
    {
        (string Name, bool Ok)[] checks =
        [
            (nameof(SplittingWindowDays), SplittingWindowDays is > 0 and <= 366),
            (nameof(RapidApprovalMinutes), RapidApprovalMinutes is > 0 and <= 1440),
            (nameof(SignOffSpreadMinutes), SignOffSpreadMinutes is > 0 and <= 1440),
            (nameof(WorkdayStart), Time(WorkdayStart) is not null),
            (nameof(WorkdayEnd), Time(WorkdayEnd) is { } end && Time(WorkdayStart) is { } start && end > start),
            (nameof(TimeZone), Zone(TimeZone) is not null),
            (nameof(RefileWindowDays), RefileWindowDays is > 0 and <= 366),
            (nameof(RefileAmountTolerance), RefileAmountTolerance is > 0m and < 1m),
            (nameof(UsageEqualsPaymentMinimum), UsageEqualsPaymentMinimum is >= 2 and <= 1000),
            (nameof(UsageEqualsPaymentWindowDays), UsageEqualsPaymentWindowDays is > 0 and <= 3660),
            (nameof(PayeeConcentrationHhi), PayeeConcentrationHhi is > 0m and <= 1m),
            (nameof(PayeeConcentrationMinimumPayments), PayeeConcentrationMinimumPayments is >= 2 and <= 100_000),
            (nameof(PayeeConcentrationWindowDays), PayeeConcentrationWindowDays is > 0 and <= 3660),
            (nameof(ApproverPairRatio), ApproverPairRatio > 1m && ApproverPairRatio <= 1000m),
            (nameof(ApproverPairMinimum), ApproverPairMinimum is >= 2 and <= 100_000),
            (nameof(CostOutlierCutoff), CostOutlierCutoff > 0m && CostOutlierCutoff <= 100m),
            (nameof(CostOutlierMinimumSample), CostOutlierMinimumSample is >= 5 and <= 100_000),
        ];
        return checks.FirstOrDefault(c => !c.Ok) is { Name: { } name }
            ? new Refusal(RefusalReason.InvalidFlagRule, name)
            : null;
    }

    /// <summary>A time of day written HH:mm, or null.</summary>
    public static TimeOnly? Time(string? text) =>
        TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time : null;

    public static TimeZoneInfo? Zone(string? id)
    {
        try
        {
            return id is { Length: > 0 } ? TimeZoneInfo.FindSystemTimeZoneById(id) : null;
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    }
}

/// <summary>An administrator sets the red-flag rules' parameters: version 1, 2, ... in ledger order.</summary>
public sealed record FlagRulesSet(int Version, FlagRules Rules) : IFundEvent;
