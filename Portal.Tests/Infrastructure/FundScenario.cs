using Microsoft.EntityFrameworkCore;
using Portal.Ledger.Chain;
using Portal.Ledger.Funds;
using Portal.Ledger.Storage;

namespace Portal.Tests.Infrastructure;

/// <summary>
/// A small real fund world on a real database: Guiyang's regions, two departments, a fund with the default policy,
/// and one actor per role.
/// </summary>
public sealed class FundScenario : IAsyncDisposable
{
    public static readonly Actor Admin = new("admin-1", "Administrator", null, new HashSet<string> { Roles.Administrator });
    public static readonly Actor Official = new("official-agri", "Official, agriculture", "gy-agri", new HashSet<string> { Roles.Official });
    public static readonly Actor OtherOfficial = new("official-edu", "Official, education", "gy-edu", new HashSet<string> { Roles.Official });
    public static readonly Actor ApproverAgri = new("approver-agri", "Approver, agriculture", "gy-agri", new HashSet<string> { Roles.Approver });
    public static readonly Actor ApproverAgri2 = new("approver-agri-2", "Second approver, agriculture", "gy-agri", new HashSet<string> { Roles.Approver });
    public static readonly Actor ApproverFinance = new("approver-fin", "Approver, finance", "gy-fin", new HashSet<string> { Roles.Approver });
    public static readonly Actor Supervisor = new("supervisor-1", "Supervisor", "gy-fin", new HashSet<string> { Roles.Supervisor });
    public static readonly Actor Bank = new("bank-icbc", "Paying bank", null, new HashSet<string> { Roles.Bank });

    private FundScenario(LedgerHarness ledger, long fundId)
    {
        Ledger = ledger;
        FundId = fundId;
    }

    public LedgerHarness Ledger { get; }

    public FundService Funds => Ledger.Funds;

    public long FundId { get; }

    public static async Task<FundScenario> CreateAsync(
        decimal budget = 10_000_000m, DatabaseProvider provider = DatabaseProvider.Sqlite, IEnumerable<ILedgerListener>? listeners = null, TimeProvider? clock = null)
    {
        var ledger = await LedgerHarness.CreateAsync(provider, listeners: listeners, clock: clock);
        var funds = ledger.Funds;
        await funds.DefineRegionsAsync(Admin,
        [
            new RegionDefined("52", null, "province", "贵州省", "Guizhou Province"),
            new RegionDefined("5201", "52", "prefecture", "贵阳市", "Guiyang City"),
            new RegionDefined("520102", "5201", "county", "南明区", "Nanming District"),
            new RegionDefined("520111", "5201", "county", "花溪区", "Huaxi District"),
        ]);
        await funds.DefineProgramAsync(Admin, new ProgramDefined("industry", "产业发展", "Industry development"));
        await funds.DefineProgramAsync(Admin, new ProgramDefined("education", "教育", "Education"));
        foreach (var (code, name) in new[] { ("gy-agri", "Guiyang Agriculture Bureau"), ("gy-edu", "Guiyang Education Bureau"), ("gy-fin", "Guiyang Finance Bureau") })
        {
            await funds.DefineDepartmentAsync(Admin, new DepartmentDefined(code, name, "5201"));
        }
        var fund = await funds.CreateFundAsync(Admin, new CreateFund("Guiyang poverty alleviation fund", "CNY", budget,
            new DateOnly(2017, 1, 1), new DateOnly(2099, 12, 31), ApprovalPolicy.Default));
        return new FundScenario(ledger, fund.Id);
    }

    public Task<CommandReceipt> FileAsync(decimal amount, Actor? official = null, string region = "520102") =>
        Funds.FileRequestAsync(official ?? Official, new FileRequest(FundId, "industry", region, amount, "Greenhouses for the Huaxi cooperative", 120, null));

    /// <summary>Files and approves a request of up to 100,000 (one approval under the default policy).</summary>
    public async Task<long> ApprovedRequestAsync(decimal amount)
    {
        var request = await FileAsync(amount);
        var decision = await Funds.ApproveAsync(ApproverFinance, request.Id, "ok");
        Assert.True(decision.Final);
        return request.Id;
    }

    public async Task<FundRecord> FundAsync()
    {
        await using var db = Ledger.Store.CreateContext();
        return (await db.Set<FundRecord>().FindAsync(FundId))!;
    }

    public async Task<RequestRecord> RequestAsync(long id)
    {
        await using var db = Ledger.Store.CreateContext();
        return (await db.Set<RequestRecord>().FindAsync(id))!;
    }

    /// <summary>The ledger indexes of a request's steps, in ledger order.</summary>
    public async Task<List<long>> StepsAsync(long requestId)
    {
        await using var db = Ledger.Store.CreateContext();
        return await db.Set<RequestStepRecord>().Where(s => s.RequestId == requestId).OrderBy(s => s.LedgerIndex).Select(s => s.LedgerIndex).ToListAsync();
    }

    public Task<long> TreeSizeAsync() => Ledger.Reader.GetTreeSizeAsync();

    /// <summary>Asserts the command is refused with the code, and that nothing was appended.</summary>
    public async Task<FundRefusalException> RefusedAsync(string code, Func<Task> command)
    {
        var before = await TreeSizeAsync();
        var refusal = await Assert.ThrowsAsync<FundRefusalException>(command);
        Assert.Equal(code, refusal.Code);
        Assert.False(string.IsNullOrWhiteSpace(refusal.Message));
        Assert.Equal(before, await TreeSizeAsync());
        return refusal;
    }

    public ValueTask DisposeAsync() => Ledger.DisposeAsync();
}
