using Portal.Ledger.Chain;
using Portal.Ledger.Chain.Checkpoints;
using Portal.Ledger.Chain.Writing;
using Portal.Ledger.Funds;
using Portal.Ledger.Storage;

namespace Portal.Web.Demo;

/// <summary>
/// Generates the demo: Guizhou's real regions, its departments and programs, a poverty-alleviation fund in CNY,
/// and requests, approvals, payments and usage reports with plausible amounts and a few planted anomalies, from the
/// fund's founding in May 2017 to today: a newcomer's live portal goes on from a history that ends now, and the
/// stories still under way on the last days are left open (pending requests, payments not yet reported). Every
/// step goes through <see cref="FundService"/>, so the demo obeys the same rules as real use. Deterministic: the same
/// count on the same day gives the same ledger content.
/// </summary>
public sealed partial class DemoGenerator(
    LedgerStore store,
    SigningKey key,
    LedgerOptions options,
    IEnumerable<IReadModelProjector> projectors,
    LedgerReader reader,
    TimeProvider time,
    ILogger<DemoGenerator> logger,
    Portal.Ledger.Privacy.PayeeKeys payeeKeys,
    Portal.Web.Evidence.EvidenceStore evidence)
{
    /// <summary>09:00 in Guiyang on the day of the 2017 fund's first transfer.</summary>
    public static readonly DateTimeOffset Start = new(2017, 5, 17, 1, 0, 0, TimeSpan.Zero);

    public const decimal Budget = 3_000_000_000m;

    /// <summary>Seeds the demo when the ledger is empty; returns the number of requests filed, or 0 if it was not empty.</summary>
    public async Task<int> SeedIfEmptyAsync(int requestCount, CancellationToken cancellationToken)
    {
        if (await reader.GetTreeSizeAsync(cancellationToken) > 0)
        {
            return 0;
        }
        var started = System.Diagnostics.Stopwatch.StartNew();
        var clock = new DemoClock(Start);
        await using var writer = new LedgerWriter(store, () => key.Current, options, clock: clock, projectors: projectors.ToList());
        var funds = new FundService(writer, payeeKeys);
        var commands = new DemoCommands(funds, new FeedbackService(writer, store));
        var regions = DemoRegions.Load();
        await DefineReferenceDataAsync(funds, regions, cancellationToken);
        var fund = await funds.CreateFundAsync(DemoActors.Administrator, new CreateFund(
            "贵州省扶贫专项资金 Guizhou Poverty Alleviation Fund", "CNY", Budget,
            new DateOnly(2017, 1, 1), new DateOnly(2030, 12, 31), ApprovalPolicy.Default), cancellationToken);
        // The red-flag rules at their documented defaults, from the start: every flag of the demo names version 1.
        await new FlagService(writer).SetRulesAsync(DemoActors.Administrator, FlagRules.Default, cancellationToken);

        var calendar = new DemoDays(time.GetUtcNow());
        var days = calendar.Count;
        var plans = Plan(regions, requestCount, days, new Random(20170517));
        PlantOffHours(plans, calendar, days);
        DemoEvidencePlants.PlantConcentration(plans, calendar, days);
        var documents = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, bytes) in DemoEvidencePlants.Plant(plans, days))
        {
            documents[name] = await evidence.SaveAsync(new MemoryStream(bytes), "application/pdf", cancellationToken);
        }
        foreach (var plan in plans)
        {
            plan.EvidenceSha256 = plan.EvidenceDocument is { } document ? documents[document] : null;
            plan.UsageSha256 = plan.UsageDocument is { } receipt ? documents[receipt] : null;
        }
        // A step that would fall after today has not happened yet: its story is still under way. On a day off, only
        // this morning's filing has happened.
        var actions = plans.SelectMany(p => Actions(p, fund.Id, calendar))
            .Where(a => a.Day < days - 1 || (a.Day == days - 1 && (a.Filing || !calendar.TodayIsDayOff)))
            .OrderBy(a => a.Day).ThenBy(a => a.Minute).ToList();
        foreach (var day in actions.GroupBy(a => (a.Day, a.Minute)))
        {
            clock.Now = calendar.Date(day.Key.Day).AddMinutes(day.Key.Minute);
            // One day's steps are independent of each other, so they run together and share blocks.
            await Task.WhenAll(day.Select(a => RunAsync(a, commands, cancellationToken)));
        }
        LogSeeded(requestCount, started.Elapsed.TotalSeconds);
        return requestCount;
    }

    internal static async Task DefineReferenceDataAsync(FundService funds, IReadOnlyList<RegionDefined> regions, CancellationToken ct)
    {
        var admin = DemoActors.Administrator;
        foreach (var chunk in regions.Chunk(500))
        {
            await funds.DefineRegionsAsync(admin, chunk, ct);
        }
        foreach (var program in DemoPrograms.All)
        {
            await funds.DefineProgramAsync(admin, new ProgramDefined(program.Code, program.Name, program.NameEn), ct);
        }
        foreach (var department in DemoDepartments.Province)
        {
            await funds.DefineDepartmentAsync(admin, new DepartmentDefined(department.Code, $"{department.Name} {department.NameEn}", "52"), ct);
        }
        foreach (var prefecture in regions.Where(r => r.Level == "prefecture"))
        {
            var place = prefecture.NameEn.Replace(" Autonomous Prefecture", "", StringComparison.Ordinal).Replace(" City", "", StringComparison.Ordinal);
            await funds.DefineDepartmentAsync(admin, new DepartmentDefined(
                DemoDepartments.OfficeOf(prefecture.Code), $"{prefecture.Name}扶贫开发办公室 {place} Poverty Alleviation Office", prefecture.Code), ct);
        }
    }

    private static List<DemoPlan> Plan(IReadOnlyList<RegionDefined> regions, int count, int days, Random random)
    {
        var prefectures = regions.Where(r => r.Level == "prefecture").ToList();
        var counties = regions.Where(r => r.Level == "county").GroupBy(r => r.ParentCode!).ToDictionary(g => g.Key, g => g.ToList());
        var plans = new List<DemoPlan>(count);
        var windows = new DemoSplitWindows();
        for (var i = 0; i < count; i++)
        {
            var program = DemoPrograms.All[random.Next(DemoPrograms.All.Count)];
            var prefecture = prefectures[random.Next(prefectures.Count)];
            var county = counties[prefecture.Code][random.Next(counties[prefecture.Code].Count)];
            // Most requests come from the prefecture's poverty alleviation office, some from the province department.
            var provinceDepartment = DemoDepartments.Province.FirstOrDefault(d => d.Program == program.Code);
            var department = random.NextDouble() < 0.25 && provinceDepartment.Code is not null ? provinceDepartment.Code : DemoDepartments.OfficeOf(prefecture.Code);
            var amount = Amount(random, i);
            var fileDay = random.Next(days);
            // Normal traffic does not split: a department files one county's program again only when the two do not
            // add up over an approval threshold within a month (else it is another county, or another month).
            var countyChoices = counties[prefecture.Code];
            for (var attempt = 0; attempt < 20 && windows.WouldSplit(department, county.Code, program.Code, fileDay, amount); attempt++)
            {
                county = countyChoices[random.Next(countyChoices.Count)];
                if (attempt >= 10)
                {
                    fileDay = random.Next(days);
                }
            }
            var plan = new DemoPlan
            {
                Number = i + 1,
                Program = program.Code,
                Region = county.Code,
                Official = DemoActors.OfficialOf(department),
                Amount = amount,
                Purpose = string.Format(System.Globalization.CultureInfo.InvariantCulture, program.Purposes[random.Next(program.Purposes.Length)], county.NameEn),
                // Planted: now and then a request that claims six times its program's cost per head.
                Beneficiaries = DemoCosts.Beneficiaries(amount, program.PerBeneficiary, i, outlier: i % 700 == 100 && amount >= 12 * program.PerBeneficiary),
                FileDay = fileDay,
            };
            if (i % 800 == 401 && plans.Count > 0 && plans[^1].FileDay + 10 < days)
            {
                // Planted: the department's previous request rejected, and filed again a week later for 8 % less.
                var prev = plans[^1];
                plans[^1] = new DemoPlan
                {
                    Number = prev.Number, Program = prev.Program, Region = prev.Region, Official = prev.Official, Amount = prev.Amount,
                    Purpose = prev.Purpose, Beneficiaries = prev.Beneficiaries, FileDay = prev.FileDay,
                    Rejection = (prev.FileDay + 2, DemoActors.ProvinceApprover, "Cost estimate not supported by the attached evidence"),
                };
                plan = new DemoPlan
                {
                    Number = i + 1, Program = prev.Program, Region = prev.Region, Official = prev.Official,
                    Amount = Math.Round(prev.Amount * 0.92m / 100m) * 100m, Purpose = prev.Purpose, Beneficiaries = prev.Beneficiaries, FileDay = prev.FileDay + 7,
                };
                Decide(plan, prev.Official.Department!, random);
            }
            else if (i % 700 == 350 && plans.Count > 0 && plans[^1].FileDay + 6 < days)
            {
                // Planted: the department's previous request split in two, each under the one-approver limit.
                plans[^1] = PlantedSplit(plans[^1], 70_000m, plans[^1].FileDay, random);
                plan = PlantedSplit(plans[^1], 48_000m, plans[^1].FileDay + 6, random, i + 1);
            }
            else
            {
                Decide(plan, department, random);
                if (i % 900 == 450 && plan.Rejection is null && plan.Approvals.Count >= 2)
                {
                    // Planted: a large request approved by both approvers within minutes of its filing.
                    plan.RapidApprovalMinutes = 3;
                }
            }
            windows.Add(plan.Official.Department!, plan.Region, plan.Program, plan.FileDay, plan.Amount);
            if (i == count - 1)
            {
                // The last request was filed this morning and awaits its approvers: the history reaches today.
                plan = new DemoPlan
                {
                    Number = plan.Number, Program = plan.Program, Region = plan.Region, Official = plan.Official, Amount = plan.Amount,
                    Purpose = plan.Purpose, Beneficiaries = plan.Beneficiaries, FileDay = days - 1,
                };
            }
            plans.Add(plan);
        }
        PlantDuplicatePayments(plans, days, random);
        return plans;
    }

    /// <summary>A copy of <paramref name="like"/> (department, county, program) for another amount and day, decided anew.</summary>
    private static DemoPlan PlantedSplit(DemoPlan like, decimal amount, int fileDay, Random random, int? number = null)
    {
        var plan = new DemoPlan
        {
            Number = number ?? like.Number, Program = like.Program, Region = like.Region, Official = like.Official, Amount = amount,
            Purpose = like.Purpose, Beneficiaries = Math.Max(1, like.Beneficiaries * (int)amount / (int)Math.Max(1m, like.Amount)), FileDay = fileDay,
        };
        Decide(plan, like.Official.Department!, random);
        return plan;
    }

    /// <summary>Log-normal around 250,000 yuan, rounded to 100; one request in a hundred above the supervisor threshold.</summary>
    private static decimal Amount(Random random, int i)
    {
        if (i % 100 == 37)
        {
            return Math.Round((decimal)(5_500_000 + random.NextDouble() * 3_000_000) / 100m) * 100m;
        }
        var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var value = Math.Clamp(Math.Exp(Math.Log(250_000) + 0.9 * normal), 20_000, 4_500_000);
        return Math.Round((decimal)value / 100m) * 100m;
    }

    /// <summary>The office that plants an approver pair: five approvers share its small requests, but one of them takes every large one.</summary>
    internal const string PairOffice = "5203-pao";

    /// <summary>
    /// Planted approver-pair: in <see cref="PairOffice"/> requests the province must also approve always go to the same
    /// one of its five approvers, so that approver and the province's sign together five times as often as the office's
    /// size predicts; everywhere else each office has one approver and every pair is as expected.
    /// </summary>
    private static Actor FirstApprover(DemoPlan plan, string department) =>
        department == PairOffice && plan.Amount <= 100_000m ? DemoActors.ApproverOf(department, plan.Number % 5) : DemoActors.ApproverOf(department);

    private static void Decide(DemoPlan plan, string department, Random random)
    {
        var day = plan.FileDay + 1 + random.Next(4);
        var roll = random.NextDouble();
        if (roll < 0.07)
        {
            plan.Rejection = (day, DemoActors.ProvinceApprover, random.NextDouble() < 0.5
                ? "Duplicates a project already funded in this county"
                : "Cost estimate not supported by the attached evidence");
            return;
        }
        plan.Approvals.Add((day, FirstApprover(plan, department)));
        if (plan.Amount > 100_000m)
        {
            plan.Approvals.Add((++day, DemoActors.ProvinceApprover));
        }
        if (plan.Amount > 5_000_000m)
        {
            plan.Approvals.Add((++day, DemoActors.Supervisor));
        }
        if (roll < 0.10)
        {
            plan.CancelDay = day + 2 + random.Next(10);
            return;
        }
        if (roll < 0.12)
        {
            return; // approved and never paid: idle funds
        }
        var parts = random.NextDouble() < 0.6 ? 1 : 2 + random.Next(2);
        var paid = random.NextDouble() < 0.85 ? plan.Amount : Math.Round(plan.Amount * 0.6m, 2);
        var (payee, payeeType) = DemoPayees.For(plan, $"{plan.Region} {DemoPrograms.All.First(p => p.Code == plan.Program).Payee} {1 + random.Next(40)}");
        plan.PayeeType = payeeType;
        var remaining = paid;
        for (var p = 0; p < parts; p++)
        {
            day += p == 0 ? 2 + random.Next(9) : 3 + random.Next(13);
            var part = p == parts - 1 ? remaining : Math.Round(paid / parts, 2);
            remaining -= part;
            plan.Payments.Add((day, part, payee));
            if (random.NextDouble() < 0.88)
            {
                // Most payments are followed by a usage report; the rest leave usage evidence missing.
                var used = Math.Round(part * (decimal)(0.7 + random.NextDouble() * 0.3), 2);
                var categories = DemoPrograms.All.First(x => x.Code == plan.Program).UsageCategories;
                plan.Usage.Add((day + 5 + random.Next(36), used, categories[random.Next(categories.Length)]));
            }
        }
        if (plan.Usage.Count == plan.Payments.Count && plan.Usage.Count > 0 && random.NextDouble() < 0.3)
        {
            var unused = paid - plan.Usage.Sum(u => u.Amount);
            if (unused > 0)
            {
                plan.Return = (plan.LastDay + 3 + random.Next(10), unused);
            }
        }
    }

    /// <summary>
    /// Planted anomaly: a payee paid on one request is paid the same amount again a day or two later on another
    /// request (the same invoice paid twice). Instalments of one request are not duplicates, and are not planted.
    /// </summary>
    private static void PlantDuplicatePayments(List<DemoPlan> plans, int days, Random random)
    {
        static bool PaidOnce(DemoPlan p) => p.Payments.Count == 1 && p.PayeeType is null && p.Rejection is null && p.CancelDay is null;
        var used = new HashSet<DemoPlan>();
        // Planted in stories that have happened by today, so every demo shows them.
        foreach (var first in plans.Where(p => PaidOnce(p) && p.Payments[0].Day + 3 < days).Take(40))
        {
            if (used.Contains(first))
            {
                continue;
            }
            var (day, amount, payee) = first.Payments[0];
            var again = day + 1 + random.Next(2);
            var second = plans.FirstOrDefault(q => q != first && !used.Contains(q) && PaidOnce(q) && q.Payments[0].Amount >= amount
                && q.Approvals.Count > 0 && q.Approvals.Max(a => a.Day) < again);
            if (second is null)
            {
                continue;
            }
            used.UnionWith([first, second]);
            first.Planted = second.Planted = true;
            second.Payments[0] = (again, amount, payee);
            second.Usage.Clear();
            second.Return = null;
            if (used.Count == 6)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Planted: three approvals late at night, three payments before dawn and three approvals on a day off (the day
    /// after a working day), which off-hours-decision should catch; everything else keeps office hours. Each goes to
    /// the first plan after its mark that has the step, none of them rushed or on the last day.
    /// </summary>
    private static void PlantOffHours(List<DemoPlan> plans, DemoDays calendar, int days)
    {
        int late = 0, early = 0, dayOff = 0;
        foreach (var plan in plans)
        {
            late += plan.Number % 600 == 250 ? 1 : 0;
            early += plan.Number % 600 == 350 ? 1 : 0;
            dayOff += plan.Number % 600 == 450 ? 1 : 0;
            var approval = plan.Approvals.Count > 0 && plan.RapidApprovalMinutes is null && plan.Approvals[0].Day < days - 1 ? plan.Approvals[0].Day : (int?)null;
            if (late > 0 && approval is not null)
            {
                plan.FirstApprovalMinute = 820;
                late--;
            }
            else if (early > 0 && plan.Payments.Count > 0 && plan.Payments[0].Day < days - 1)
            {
                plan.FirstPaymentMinute = -130;
                early--;
            }
            else if (dayOff > 0 && approval is { } day && calendar.Date(day + 1) > calendar.Date(day).AddDays(1))
            {
                plan.FirstApprovalMinute = 1_500;
                dayOff--;
            }
        }
    }

    private static IEnumerable<DemoAction> Actions(DemoPlan plan, long fundId, DemoDays calendar)
    {
        yield return new DemoAction(plan.FileDay, plan, async (c, ct) =>
            plan.RequestId = (await c.Funds.FileRequestAsync(plan.Official, new FileRequest(fundId, plan.Program, plan.Region, plan.Amount, plan.Purpose, plan.Beneficiaries, plan.EvidenceSha256), ct)).Id,
            Filing: true);
        if (plan.Rejection is { } rejection)
        {
            yield return new DemoAction(rejection.Day, plan, (c, ct) => c.Funds.RejectAsync(rejection.Approver, plan.RequestId, rejection.Reason, ct));
        }
        var approval = 0;
        foreach (var (day, approver) in plan.Approvals)
        {
            // A planted rapid approval: the same morning, minutes apart, instead of days later.
            var rapid = plan.RapidApprovalMinutes is { } minutes;
            yield return new DemoAction(rapid ? plan.FileDay : day, plan, (c, ct) => c.Funds.ApproveAsync(approver, plan.RequestId, null, ct),
                rapid ? plan.RapidApprovalMinutes!.Value * ++approval : approval++ == 0 ? plan.FirstApprovalMinute ?? 0 : 0);
        }
        if (plan.CancelDay is { } cancelDay)
        {
            yield return new DemoAction(cancelDay, plan, (c, ct) => c.Funds.CancelAsync(plan.Official, plan.RequestId, "Project merged into a larger county programme", ct));
        }
        var reference = 0;
        foreach (var (day, amount, payee) in plan.Payments)
        {
            var bankReference = $"GZRCB-{calendar.Date(day).ToOffset(TimeSpan.FromHours(8)):yyyyMMdd}-{plan.Number:D6}-{++reference}";
            var first = reference == 1;
            yield return new DemoAction(day, plan, async (c, ct) =>
            {
                var paid = await c.Funds.ConfirmDisbursementAsync(DemoActors.Bank, new ConfirmDisbursement(plan.RequestId, bankReference, amount, payee, plan.PayeeType), ct);
                if (first)
                {
                    plan.FirstDisbursementId = paid.DisbursementId;
                }
            }, first ? plan.FirstPaymentMinute ?? 0 : 0);
        }
        var report = 0;
        foreach (var (day, amount, category) in plan.Usage)
        {
            var receipt = report++ == 0 ? plan.UsageSha256 : null;
            yield return new DemoAction(day, plan, (c, ct) => c.Funds.ReportUsageAsync(plan.Official, new ReportUsage(plan.RequestId, amount, category, receipt), ct));
        }
        if (plan.Return is { } returned)
        {
            yield return new DemoAction(returned.Day, plan, (c, ct) => c.Funds.ReturnFundsAsync(plan.Official, new ReturnFunds(plan.RequestId, returned.Amount, "Unused balance returned after completion"), ct));
        }
        foreach (var action in DemoFeedback.Actions(plan))
        {
            yield return new DemoAction(action.Day, plan, action.Run);
        }
    }

    private async Task RunAsync(DemoAction action, DemoCommands commands, CancellationToken ct)
    {
        if (action.Plan.Stopped)
        {
            return;
        }
        try
        {
            await action.Run(commands, ct);
        }
        catch (FundRefusalException refusal)
        {
            // The demo obeys the rules like everyone else: a refused step ends that request's story.
            action.Plan.Stopped = true;
            LogRefused(refusal.Code, refusal.Message);
        }
    }

    /// <param name="Minute">Minutes after 09:00 of the day: steps of one day run in order of their minute.</param>
    /// <param name="Filing">The request's filing, which citizens and officials may do on any day.</param>
    private sealed record DemoAction(int Day, DemoPlan Plan, Func<DemoCommands, CancellationToken, Task> Run, int Minute = 0, bool Filing = false);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Seeded the demo: {Count} requests with their approvals, payments and usage in {Seconds:F1} s")]
    private partial void LogSeeded(int count, double seconds);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Debug, Message = "Demo step refused ({Code}): {Message}")]
    private partial void LogRefused(string code, string message);
}
