using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Portal.Ledger.Funds;
using Portal.Tests.Infrastructure;
using Portal.Web.Identity;
using Portal.Web.Localization;

namespace Portal.Tests.Web.Localization;

/// <summary>The account directory's refusals, worded by code: English as the exception says it, Chinese naming the same subject.</summary>
public sealed class RefusalsTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddLogging().AddPortalLocalization().BuildServiceProvider();

    private IStringLocalizer<Text> L => _services.GetRequiredService<IStringLocalizer<Text>>();

    public static TheoryData<UserDirectoryError> Codes() => [.. Enum.GetValues<UserDirectoryError>().Where(c => c != UserDirectoryError.IdentityRefused)];

    [Theory]
    [MemberData(nameof(Codes))]
    public void In_English_a_directory_refusal_reads_as_its_message(UserDirectoryError code)
    {
        using var _ = CultureScope.Use("en");
        var refusal = new UserDirectoryException(code, "clerk");

        Assert.Equal(refusal.Message, Refusals.Describe(refusal, L));
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void In_Chinese_a_directory_refusal_is_worded_for_its_code(UserDirectoryError code)
    {
        using var _ = CultureScope.Use("zh-CN");
        var refusal = new UserDirectoryException(code, "clerk");

        var text = Refusals.Describe(refusal, L);
        Assert.NotEqual(refusal.Message, text);
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", text);
        Assert.Equal(refusal.Message.Contains("clerk", StringComparison.Ordinal), text.Contains("clerk", StringComparison.Ordinal));
    }

    public static TheoryData<string> TextFieldNames() =>
        [.. typeof(TextFields).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!)];

    [Fact]
    public void In_English_a_hidden_character_refusal_reads_as_its_message()
    {
        using var _ = CultureScope.Use("en");
        var refusal = FundRefusalException.HiddenCharacterIn(TextFields.Purpose, HiddenCharacters.First("pay \u202Eme")!);

        Assert.Equal("The purpose contains U+202E RIGHT-TO-LEFT OVERRIDE, which can make text display differently from what is recorded: remove it.", Refusals.Describe(refusal, L));
    }

    [Fact]
    public void In_Chinese_a_hidden_character_refusal_names_the_field_and_the_character()
    {
        using var _ = CultureScope.Use("zh-CN");
        var refusal = FundRefusalException.HiddenCharacterIn(TextFields.RejectionReason, HiddenCharacters.First("no\u200B")!);

        Assert.Equal("驳回理由中含有 U+200B ZERO WIDTH SPACE，这个字符会使文字的显示与记录的内容不同：请删除它。", Refusals.Describe(refusal, L));
    }

    [Theory]
    [MemberData(nameof(TextFieldNames))]
    public void In_Chinese_every_free_text_field_is_named_in_Chinese(string field)
    {
        using var _ = CultureScope.Use("zh-CN");
        var refusal = FundRefusalException.HiddenCharacterIn(field, HiddenCharacters.First("\u202E")!);

        Assert.Matches(@"^\p{IsCJKUnifiedIdeographs}+中含有 U\+202E ", Refusals.Describe(refusal, L));
    }

    [Fact]
    public void Identity_refusals_keep_Identity_wording()
    {
        using var _ = CultureScope.Use("zh-CN");
        var refusal = UserDirectoryException.IdentityRefused("Passwords must have at least one digit ('0'-'9').");

        Assert.Equal(refusal.Message, Refusals.Describe(refusal, L));
    }

    public void Dispose() => _services.Dispose();
}
