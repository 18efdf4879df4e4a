using NetArchTest.Rules;
using Portal.Ledger.Storage;

namespace Portal.Tests.Ledger;

/// <summary>
/// The ledger's folders depend one way, read from the compiled code (method bodies included): the fund workflow on
/// the chain, the chain on storage, storage on no other folder; the live feed, the monitor and the witness read the
/// chain and the funds, and nothing of the chain or the funds reads them. The Merkle core depends on nothing at all.
/// </summary>
public sealed class LayeringTests
{
    private const string Ledger = "Portal.Ledger";

    public static TheoryData<string, string[]> Rules => new()
    {
        { "Storage", ["Chain", "Privacy", "Funds", "Feed", "Monitoring", "Witnessing"] },
        { "Chain", ["Privacy", "Funds", "Feed", "Monitoring", "Witnessing"] },
        { "Privacy", ["Funds", "Feed", "Monitoring", "Witnessing"] },
        { "Funds", ["Feed", "Monitoring", "Witnessing"] },
        { "Chain.Merkle", ["Storage", "Funds", "Feed", "Monitoring", "Witnessing", "Chain.Writing", "Chain.Verifying", "Chain.Checkpoints", "Chain.Tiles"] },
        { "Feed", ["Monitoring", "Witnessing"] },
        // The portal's meter and activity source: used by every layer, so it uses none.
        { "Telemetry", ["Storage", "Chain", "Privacy", "Funds", "Feed", "Monitoring", "Witnessing"] },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void A_folder_uses_none_of_the_folders_above_it(string folder, string[] forbidden)
    {
        var result = Types.InAssembly(typeof(LedgerDbContext).Assembly)
            .That().ResideInNamespace($"{Ledger}.{folder}")
            .ShouldNot().HaveDependencyOnAny([.. forbidden.Select(f => $"{Ledger}.{f}")])
            .GetResult();

        Assert.True(result.IsSuccessful, $"{folder} depends on {string.Join(", ", forbidden)} in: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Fact]
    public void The_Merkle_core_does_no_input_or_output()
    {
        var result = Types.InAssembly(typeof(LedgerDbContext).Assembly)
            .That().ResideInNamespace($"{Ledger}.Chain.Merkle")
            .ShouldNot().HaveDependencyOnAny("Microsoft.EntityFrameworkCore", "System.IO", "System.Net", "System.Data")
            .GetResult();

        Assert.True(result.IsSuccessful, string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void The_ledger_knows_nothing_of_the_web()
    {
        var result = Types.InAssembly(typeof(LedgerDbContext).Assembly)
            .ShouldNot().HaveDependencyOnAny("Microsoft.AspNetCore", "Portal.Web")
            .GetResult();

        Assert.True(result.IsSuccessful, string.Join(", ", result.FailingTypeNames ?? []));
    }
}
