using Portal.Ledger.Funds;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Infrastructure.FundScenario;

namespace Portal.Tests.Ledger.Funds;

/// <summary>
/// Every free-text field of every fund command refuses a hidden character: a typed refusal naming the field and the
/// character, and nothing appended.
/// </summary>
public sealed class HiddenCharacterRefusalTests : IAsyncLifetime
{
    private const string Override = "\u202E";
    private const string ZeroWidthSpace = "\u200B";

    private FundScenario _scenario = null!;

    public async ValueTask InitializeAsync() => _scenario = await CreateAsync();

    public ValueTask DisposeAsync() => _scenario.DisposeAsync();

    public static TheoryData<string> Fields() =>
    [
        TextFields.FundName, TextFields.RegionCode, TextFields.RegionLevel, TextFields.RegionName, TextFields.RegionNameEn,
        TextFields.ProgramCode, TextFields.ProgramName, TextFields.ProgramNameEn, TextFields.DepartmentCode, TextFields.DepartmentName,
        TextFields.Purpose, TextFields.Comment, TextFields.RejectionReason, TextFields.CancellationReason,
        TextFields.BankReference, TextFields.Payee, TextFields.UsageCategory, TextFields.ReturnReason,
    ];

    [Theory]
    [MemberData(nameof(Fields))]
    public async Task A_right_to_left_override_is_refused_in_the_field_and_nothing_is_appended(string field)
    {
        // Short enough for the tightest field (a region code, 12 characters).
        var command = await CommandWithAsync(field, $"Huaxi{Override}abc");

        var refusal = await _scenario.RefusedAsync(FundErrors.TextHasHiddenCharacters, command);

        Assert.Equal(field, refusal.Refusal.Field);
        Assert.Equal(0x202E, refusal.Refusal.Character?.CodePoint);
        Assert.Equal($"The {field} contains U+202E RIGHT-TO-LEFT OVERRIDE, which can make text display differently from what is recorded: remove it.", refusal.Message);
    }

    [Theory]
    [MemberData(nameof(Fields))]
    public async Task A_zero_width_space_is_refused_in_the_field_too(string field)
    {
        var command = await CommandWithAsync(field, $"gy{ZeroWidthSpace}agri");

        var refusal = await _scenario.RefusedAsync(FundErrors.TextHasHiddenCharacters, command);

        Assert.Equal("U+200B ZERO WIDTH SPACE", refusal.Refusal.Character?.ToString());
    }

    [Theory]
    [MemberData(nameof(Fields))]
    public async Task A_noncharacter_or_a_lone_surrogate_is_refused_in_the_field_as_not_text(string field)
    {
        // XML 1.0 cannot hold either: once recorded, no open-data file holding the entry could be written.
        foreach (var text in new[] { "gy\uFFFFagri", "gy\uD800agri", "gy\uFDD0agri" })
        {
            var refusal = await _scenario.RefusedAsync(FundErrors.InvalidArgument, await CommandWithAsync(field, text));
            Assert.Equal($"The {field} contains control characters or characters that are not text.", refusal.Message);
        }
    }

    [Fact]
    public async Task Chinese_text_with_its_punctuation_is_accepted_in_every_field_a_person_writes()
    {
        const string text = "修建温室大棚（一期），共120户受益；详见《验收报告》。";
        var filed = await _scenario.Funds.FileRequestAsync(Official, new FileRequest(_scenario.FundId, "industry", "520102", 5_000m, text, 120, null));
        await _scenario.Funds.ApproveAsync(ApproverFinance, filed.Id, text);
        await _scenario.Funds.ConfirmDisbursementAsync(Bank, new ConfirmDisbursement(filed.Id, "ICBC-CN-1", 5_000m, "花溪区合作社"));
        await _scenario.Funds.ReportUsageAsync(Official, new ReportUsage(filed.Id, 1_000m, "温室建设、材料", null));
        await _scenario.Funds.ReturnFundsAsync(Official, new ReturnFunds(filed.Id, 500m, text));

        Assert.Equal(text, (await _scenario.RequestAsync(filed.Id)).Purpose);
    }

    /// <summary>The command that carries the text in the field, with everything else valid and the request it needs in place.</summary>
    private async Task<Func<Task>> CommandWithAsync(string field, string text)
    {
        var funds = _scenario.Funds;
        switch (field)
        {
            case TextFields.FundName:
                return () => funds.CreateFundAsync(Admin, new CreateFund(text, "CNY", 1_000m, new DateOnly(2017, 1, 1), new DateOnly(2099, 12, 31), ApprovalPolicy.Default));
            case TextFields.RegionCode:
                return () => funds.DefineRegionsAsync(Admin, [new RegionDefined(text, "5201", "county", "白云区", "Baiyun District")]);
            case TextFields.RegionLevel:
                return () => funds.DefineRegionsAsync(Admin, [new RegionDefined("520113", "5201", text, "白云区", "Baiyun District")]);
            case TextFields.RegionName:
                return () => funds.DefineRegionsAsync(Admin, [new RegionDefined("520113", "5201", "county", text, "Baiyun District")]);
            case TextFields.RegionNameEn:
                return () => funds.DefineRegionsAsync(Admin, [new RegionDefined("520113", "5201", "county", "白云区", text)]);
            case TextFields.ProgramCode:
                return () => funds.DefineProgramAsync(Admin, new ProgramDefined(text, "卫生", "Health"));
            case TextFields.ProgramName:
                return () => funds.DefineProgramAsync(Admin, new ProgramDefined("health", text, "Health"));
            case TextFields.ProgramNameEn:
                return () => funds.DefineProgramAsync(Admin, new ProgramDefined("health", "卫生", text));
            case TextFields.DepartmentCode:
                return () => funds.DefineDepartmentAsync(Admin, new DepartmentDefined(text, "Guiyang Health Bureau", "5201"));
            case TextFields.DepartmentName:
                return () => funds.DefineDepartmentAsync(Admin, new DepartmentDefined("gy-health", text, "5201"));
            case TextFields.Purpose:
                return () => funds.FileRequestAsync(Official, new FileRequest(_scenario.FundId, "industry", "520102", 5_000m, text, 1, null));
            case TextFields.Comment:
            {
                var pending = await _scenario.FileAsync(5_000m);
                return () => funds.ApproveAsync(ApproverFinance, pending.Id, text);
            }
            case TextFields.RejectionReason:
            {
                var pending = await _scenario.FileAsync(5_000m);
                return () => funds.RejectAsync(ApproverFinance, pending.Id, text);
            }
            case TextFields.CancellationReason:
            {
                var pending = await _scenario.FileAsync(5_000m);
                return () => funds.CancelAsync(Official, pending.Id, text);
            }
            case TextFields.BankReference:
            {
                var approved = await _scenario.ApprovedRequestAsync(5_000m);
                return () => funds.ConfirmDisbursementAsync(Bank, new ConfirmDisbursement(approved, text, 5_000m, null));
            }
            case TextFields.Payee:
            {
                var approved = await _scenario.ApprovedRequestAsync(5_000m);
                return () => funds.ConfirmDisbursementAsync(Bank, new ConfirmDisbursement(approved, "ICBC-HIDDEN-1", 5_000m, text));
            }
            case TextFields.UsageCategory:
            {
                var paid = await PaidRequestAsync();
                return () => funds.ReportUsageAsync(Official, new ReportUsage(paid, 1_000m, text, null));
            }
            case TextFields.ReturnReason:
            {
                var paid = await PaidRequestAsync();
                return () => funds.ReturnFundsAsync(Official, new ReturnFunds(paid, 1_000m, text));
            }
            default:
                throw new ArgumentException($"No command for the field '{field}'.", nameof(field));
        }
    }

    private async Task<long> PaidRequestAsync()
    {
        var id = await _scenario.ApprovedRequestAsync(5_000m);
        await _scenario.Funds.ConfirmDisbursementAsync(Bank, new ConfirmDisbursement(id, $"ICBC-PAID-{id}", 5_000m, null));
        return id;
    }
}
