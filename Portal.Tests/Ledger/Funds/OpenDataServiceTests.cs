using Portal.Ledger.Funds;
using Portal.Ledger.Storage;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Infrastructure.FundScenario;

namespace Portal.Tests.Ledger.Funds;

/// <summary>Open-data filters and keyset paging on both real databases.</summary>
public sealed class OpenDataServiceTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Filters_and_paging_agree_on_every_provider(DatabaseProvider provider)
    {
        await using var scenario = await CreateAsync(provider: provider);
        var amounts = new[] { 5_000m, 12_000.50m, 99_999.99m, 30_000m, 7_500m, 64_000m };
        foreach (var (amount, i) in amounts.Select((a, i) => (a, i)))
        {
            var request = await scenario.FileAsync(amount, region: i % 2 == 0 ? "520102" : "520111");
            await scenario.Funds.ApproveAsync(ApproverFinance, request.Id, null);
            await scenario.Funds.ConfirmDisbursementAsync(Bank, new ConfirmDisbursement(request.Id, $"REF-{i}", amount, null));
        }
        var data = new OpenDataService(scenario.Ledger.Store);

        var all = new List<DisbursementItem>();
        DisbursementCursor? cursor = null;
        do
        {
            var page = await data.DisbursementsAsync(new DisbursementFilter(), cursor, 4);
            all.AddRange(page.Items);
            cursor = page.NextCursor is { } next && DisbursementCursor.TryDecode(next, out var c) ? c : null;
        }
        while (cursor is not null);
        Assert.Equal(amounts.OrderBy(a => a), all.Select(i => i.Amount).Order());
        Assert.Equal(all.OrderByDescending(i => i.PaidAt).ThenByDescending(i => i.Id), all);

        var huaxi = await data.DisbursementsAsync(new DisbursementFilter(Region: "520111"), null, 100);
        Assert.Equal(3, huaxi.Items.Count);
        var guiyang = await data.DisbursementsAsync(new DisbursementFilter(Region: "5201"), null, 100);
        Assert.Equal(6, guiyang.Items.Count);
        var elsewhere = await data.DisbursementsAsync(new DisbursementFilter(Region: "5202"), null, 100);
        Assert.Empty(elsewhere.Items);

        var range = await data.DisbursementsAsync(new DisbursementFilter(MinAmount: 7_500m, MaxAmount: 64_000m), null, 100);
        Assert.Equal([7_500m, 12_000.50m, 30_000m, 64_000m], range.Items.Select(i => i.Amount).Order());
        Assert.All(range.Items, i => Assert.Equal(2, i.Amount.Scale));

        var streamed = new List<DisbursementItem>();
        await foreach (var item in data.StreamDisbursementsAsync(new DisbursementFilter(FundId: scenario.FundId, Program: "industry")))
        {
            streamed.Add(item);
        }
        Assert.Equal(6, streamed.Count);
        Assert.All(streamed, i => Assert.Equal(3, i.LedgerIndexes.Count));

        var detail = await data.DisbursementAsync(all[0].Id);
        Assert.NotNull(detail);
        Assert.Equal(["request.filed", "request.approved", "disbursement.confirmed"], detail.Timeline.Select(s => s.Kind));
        Assert.Null(await data.DisbursementAsync(12345));
    }
}
