using Portal.Ledger.Funds;
using Microsoft.Extensions.Options;

namespace Portal.Web.Demo;

/// <summary>
/// With Demo:Simulate=true, keeps the demo moving: every few seconds new requests are filed, pending ones decided,
/// approved ones paid and paid ones reported on, by the demo's officials, approvers and bank, under the same rules
/// as everyone. Off by default.
/// </summary>
public sealed partial class DemoSimulator(
    FundService funds, RequestQueries requests, OpenDataService data, IOptions<DemoOptions> options, TimeProvider clock, ILogger<DemoSimulator> logger) : BackgroundService
{
    private readonly Random _random = new();

    // Counties by prefecture, from the shipped region data: requests name real places.
    private static readonly Lazy<IReadOnlyList<(string Prefecture, string County, string CountyName)>> Counties = new(() =>
        DemoRegions.Load().Where(r => r.Level == "county").Select(r => (r.ParentCode!, r.Code, r.NameEn)).ToList());

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromMilliseconds(options.Value.SimulateIntervalMs);
        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await StepAsync(stoppingToken);
            }
            catch (FundRefusalException refusal)
            {
                LogRefused(refusal.Code, refusal.Message);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(ex);
            }
        }
    }

    /// <summary>One round: a little of every kind of work, like a day in the fund compressed into seconds.</summary>
    public async Task StepAsync(CancellationToken ct)
    {
        var all = await data.FundsAsync(ct);
        if (all.Count == 0)
        {
            return;
        }
        var fund = all[0];
        for (var i = 0; i < 1 + _random.Next(2); i++)
        {
            var (prefecture, county, countyName) = Counties.Value[_random.Next(Counties.Value.Count)];
            var program = DemoPrograms.All[_random.Next(DemoPrograms.All.Count)];
            var amount = Math.Round((decimal)(20_000 + _random.NextDouble() * 780_000) / 100m) * 100m;
            var office = DemoDepartments.OfficeOf(prefecture);
            var purpose = string.Format(System.Globalization.CultureInfo.InvariantCulture, program.Purposes[_random.Next(program.Purposes.Length)], countyName);
            await Attempt(() => funds.FileRequestAsync(DemoActors.OfficialOf(office),
                new FileRequest(fund.Id, program.Code, county, amount, purpose, DemoCosts.Beneficiaries(amount, program.PerBeneficiary, _random.Next()), null), ct));
        }
        var now = clock.GetUtcNow();
        if (!options.Value.SimulateOfficeHours || InOfficeHours(now))
        {
            await DecideAndPayAsync(now, ct);
        }
        foreach (var request in await requests.ListAsync(new RequestQuery(State: RequestState.Approved, Paid: true, Used: false, Limit: 3), ct))
        {
            var used = Math.Round(request.Disbursed * (decimal)(0.7 + _random.NextDouble() * 0.3), 2);
            await Attempt(() => funds.ReportUsageAsync(DemoActors.OfficialOf(request.Department), new ReportUsage(request.Id, used, "works", null), ct));
        }
    }

    private async Task DecideAndPayAsync(DateTimeOffset now, CancellationToken ct)
    {
        var pending = await requests.ListAsync(new RequestQuery(State: RequestState.Pending, Limit: 100), ct);
        foreach (var request in pending.Where(r => Unhurried(r, now)).OrderBy(r => r.Id).Take(3))
        {
            var approver = request.Approvals == 0 ? DemoActors.ApproverOf(request.Department) : DemoActors.ProvinceApprover;
            await Attempt(() => _random.NextDouble() < 0.05
                ? funds.RejectAsync(DemoActors.ProvinceApprover, request.Id, "Not covered by this year's county plan", ct)
                : funds.ApproveAsync(approver, request.Id, null, ct));
        }
        foreach (var request in await requests.ListAsync(new RequestQuery(State: RequestState.Approved, Paid: false, Limit: 3), ct))
        {
            await Attempt(() => funds.ConfirmDisbursementAsync(DemoActors.Bank,
                new ConfirmDisbursement(request.Id, $"SIM-{Guid.NewGuid():N}", request.Amount, $"{request.Region} contractor"), ct));
        }
    }

    /// <summary>Whether the offices are open: a working day in the rules' time zone and calendar, within the working day.</summary>
    internal static bool InOfficeHours(DateTimeOffset now)
    {
        var rules = FlagRules.Default;
        var local = TimeZoneInfo.ConvertTime(now, FlagRules.Zone(rules.TimeZone)!);
        var time = TimeOnly.FromDateTime(local.DateTime);
        return WorkCalendar.China.IsWorkingDay(DateOnly.FromDateTime(local.DateTime))
            && time >= FlagRules.Time(rules.WorkdayStart) && time < FlagRules.Time(rules.WorkdayEnd)!.Value.AddMinutes(-1);
    }

    /// <summary>
    /// Whether deciding the request now looks like ordinary work: the simulator compresses a day into seconds, but a
    /// request above the single-approver limit still waits out the rapid-approval rule's minutes after its filing
    /// and between its approvals, so the live demo raises no flag its normal traffic should not.
    /// </summary>
    private static bool Unhurried(RequestSummary request, DateTimeOffset now)
    {
        var rules = FlagRules.Default;
        var single = ApprovalPolicy.Default.Tiers[0].UpTo ?? 0m;
        return request.Amount <= single
            || (now - request.FiledAt > TimeSpan.FromMinutes(rules.RapidApprovalMinutes + 1)
                && (request.FirstApprovedAt is not { } first || now - first > TimeSpan.FromMinutes(rules.SignOffSpreadMinutes + 1)));
    }

    private async Task Attempt(Func<Task> step)
    {
        try
        {
            await step();
        }
        catch (FundRefusalException refusal)
        {
            LogRefused(refusal.Code, refusal.Message);
        }
    }

    [LoggerMessage(EventId = 5011, Level = LogLevel.Debug, Message = "Simulated step refused ({Code}): {Message}")]
    private partial void LogRefused(string code, string message);

    [LoggerMessage(EventId = 5012, Level = LogLevel.Error, Message = "Simulator step failed")]
    private partial void LogFailed(Exception exception);
}
