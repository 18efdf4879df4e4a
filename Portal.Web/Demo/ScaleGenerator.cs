using System.Diagnostics;
using Portal.Ledger.Chain;
using Portal.Ledger.Chain.Checkpoints;
using Portal.Ledger.Chain.Writing;
using Portal.Ledger.Funds;
using Portal.Ledger.Storage;

namespace Portal.Web.Demo;

/// <summary>
/// Generates a large ledger for benchmarks: the demo's reference data and fund, then the requested number of
/// disbursements, each a full flow (filed, approved, paid, and mostly reported on) through <see cref="FundService"/>,
/// spread over two simulated years.
/// </summary>
public sealed class ScaleGenerator(LedgerStore store, SigningKey key, LedgerOptions options, IEnumerable<IReadModelProjector> projectors, LedgerReader reader, Portal.Ledger.Privacy.PayeeKeys payeeKeys)
{
    private const int Batch = 2_000;
    private const int Days = 730;

    public async Task GenerateAsync(int disbursements, TextWriter progress, CancellationToken cancellationToken)
    {
        if (await reader.GetTreeSizeAsync(cancellationToken) > 0)
        {
            throw new InvalidOperationException("The ledger is not empty: generate into a new database.");
        }
        var started = Stopwatch.StartNew();
        var clock = new DemoClock(DemoGenerator.Start);
        await using var writer = new LedgerWriter(store, () => key.Current, options, clock: clock, projectors: projectors.ToList());
        var funds = new FundService(writer, payeeKeys);
        var regions = DemoRegions.Load();
        await DemoGenerator.DefineReferenceDataAsync(funds, regions, cancellationToken);
        var fund = await funds.CreateFundAsync(DemoActors.Administrator, new CreateFund(
            "贵州省扶贫专项资金（规模测试） Guizhou Poverty Alleviation Fund, scale test", "CNY", 900_000_000_000m,
            new DateOnly(2017, 1, 1), new DateOnly(2030, 12, 31), ApprovalPolicy.Default), cancellationToken);
        // The red-flag rules, as the demo sets them: the benchmarks measure the portal with every rule on.
        await new FlagService(writer).SetRulesAsync(DemoActors.Administrator, FlagRules.Default, cancellationToken);
        var counties = regions.Where(r => r.Level == "county").ToList();
        var random = new Random(1_000_000);
        var batches = (disbursements + Batch - 1) / Batch;
        for (var b = 0; b < batches; b++)
        {
            clock.Now = OfficeTime(b, batches);
            var count = Math.Min(Batch, disbursements - b * Batch);
            var flows = Enumerable.Range(0, count).Select(i =>
            {
                var county = counties[random.Next(counties.Count)];
                var program = DemoPrograms.All[random.Next(DemoPrograms.All.Count)];
                var office = DemoDepartments.OfficeOf(county.ParentCode!);
                // Up to 100,000 yuan (one approval under the default policy), at least the program's cost of one head.
                var amount = Math.Round((decimal)(program.PerBeneficiary + random.NextDouble() * (100_000 - program.PerBeneficiary)), 2);
                var used = random.NextDouble() < 0.8 ? Math.Round(amount * (decimal)(0.7 + random.NextDouble() * 0.3), 2) : 0m;
                return (County: county.Code, Program: program.Code, Official: DemoActors.OfficialOf(office), Approver: DemoActors.ApproverOf(office),
                    Amount: amount, Purpose: string.Format(System.Globalization.CultureInfo.InvariantCulture, program.Purposes[0], county.NameEn), Used: used,
                    Beneficiaries: DemoCosts.Beneficiaries(amount, program.PerBeneficiary, random.Next()));
            }).ToList();
            var filed = await Task.WhenAll(flows.Select(f => funds.FileRequestAsync(f.Official, new FileRequest(fund.Id, f.Program, f.County, f.Amount, f.Purpose, f.Beneficiaries, null), cancellationToken)));
            await Task.WhenAll(flows.Select((f, i) => funds.ApproveAsync(f.Approver, filed[i].Id, null, cancellationToken)));
            await Task.WhenAll(flows.Select((f, i) => funds.ConfirmDisbursementAsync(DemoActors.Bank, new ConfirmDisbursement(filed[i].Id, $"SCALE-{filed[i].Id}", f.Amount, $"{f.County} payee"), cancellationToken)));
            await Task.WhenAll(flows.Select((f, i) => (f, i)).Where(x => x.f.Used > 0).Select(x =>
                funds.ReportUsageAsync(x.f.Official, new ReportUsage(filed[x.i].Id, x.f.Used, "works", null), cancellationToken)));
            if ((b + 1) % 10 == 0 || b == batches - 1)
            {
                var done = Math.Min(disbursements, (b + 1) * Batch);
                await progress.WriteLineAsync($"{done:N0} of {disbursements:N0} disbursements ({done / started.Elapsed.TotalSeconds:N0} flows/s)");
            }
        }
    }

    /// <summary>
    /// When batch <paramref name="b"/> of <paramref name="batches"/> runs: spread over two years of Guiyang's working days,
    /// within the working day (09:00 to 17:59), so that off-hours-decision flags nothing the generator did not mean.
    /// </summary>
    private static DateTimeOffset OfficeTime(int b, int batches)
    {
        var position = (double)b * Days / batches;
        var date = DemoGenerator.Start.AddDays(Math.Floor(position));
        var local = DateOnly.FromDateTime(date.ToOffset(TimeSpan.FromHours(8)).DateTime);
        var working = WorkCalendar.China.WorkingDayOnOrBefore(local);
        return date.AddDays(working.DayNumber - local.DayNumber).AddMinutes(Math.Floor((position - Math.Floor(position)) * 539));
    }
}
