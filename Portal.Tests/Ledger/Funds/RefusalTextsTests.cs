using System.Globalization;
using System.Text.RegularExpressions;
using Portal.Ledger.Funds;

namespace Portal.Tests.Ledger.Funds;

/// <summary>The one table of refusal texts: every reason worded in both languages, naming the same things.</summary>
public sealed partial class RefusalTextsTests
{
    private static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");

    public static TheoryData<RefusalReason> Reasons() => [.. Enum.GetValues<RefusalReason>()];

    [Theory]
    [MemberData(nameof(Reasons))]
    public void Every_reason_has_a_stable_code_and_both_wordings_with_the_same_places(RefusalReason reason)
    {
        var row = RefusalTexts.Row(reason);

        Assert.Contains(row.Code, typeof(FundErrors).GetFields().Select(f => (string)f.GetRawConstantValue()!));
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", row.Chinese);
        Assert.DoesNotMatch(@"\p{IsCJKUnifiedIdeographs}", row.English);
        Assert.Equal(Places(row.English), Places(row.Chinese));
    }

    [Fact]
    public void A_refusal_names_its_terms_in_each_language_and_its_numbers_the_same_in_both()
    {
        var refusal = new Refusal(RefusalReason.OverBudget, 2_500_000.00m, "CNY", 1_000_000.50m);

        Assert.Equal(FundErrors.OverBudget, refusal.Code);
        Assert.Equal("Approving 2500000.00 CNY would exceed the fund's remaining budget of 1000000.50 CNY.", refusal.ToString());
        Assert.Equal("批准 2500000.00 CNY 将超出资金剩余的预算 1000000.50 CNY。", refusal.Text(Chinese));
    }

    [Fact]
    public void A_state_reads_as_pages_show_it()
    {
        var refusal = new Refusal(RefusalReason.AlreadyDecided, 7L, RefusalTexts.State(RequestState.Rejected));

        Assert.Equal("Request 7 is already rejected.", refusal.Text(CultureInfo.GetCultureInfo("en")));
        Assert.Equal("申请 7 的状态已是“已驳回”。", refusal.Text(Chinese));
    }

    [Fact]
    public void In_English_a_hidden_character_refusal_names_the_field_and_the_character()
    {
        var refusal = FundRules.HiddenCharacterIn(TextFields.Purpose, HiddenCharacters.First("pay \u202Eme")!);

        Assert.Equal("The purpose contains U+202E RIGHT-TO-LEFT OVERRIDE, which can make text display differently from what is recorded: remove it.", refusal.ToString());
        Assert.Equal(TextFields.Purpose, refusal.Field);
        Assert.Equal(0x202E, refusal.Character?.CodePoint);
    }

    [Fact]
    public void In_Chinese_a_hidden_character_refusal_names_the_field_and_the_character()
    {
        var refusal = FundRules.HiddenCharacterIn(TextFields.RejectionReason, HiddenCharacters.First("no\u200B")!);

        Assert.Equal("驳回理由中含有 U+200B ZERO WIDTH SPACE，这个字符会使文字的显示与记录的内容不同：请删除它。", refusal.Text(Chinese));
    }

    public static TheoryData<string> TextFieldNames() =>
        [.. typeof(TextFields).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!)];

    [Theory]
    [MemberData(nameof(TextFieldNames))]
    public void In_Chinese_every_free_text_field_is_named_in_Chinese(string field)
    {
        var refusal = FundRules.HiddenCharacterIn(field, HiddenCharacters.First("\u202E")!);

        Assert.Matches(@"^\p{IsCJKUnifiedIdeographs}+中含有 U\+202E ", refusal.Text(Chinese));
    }

    private static List<string> Places(string text) => [.. PlacePattern().Matches(text).Select(m => m.Value).Distinct().Order()];

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex PlacePattern();
}
