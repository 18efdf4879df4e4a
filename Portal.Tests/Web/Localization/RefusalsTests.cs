using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
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

    [Fact]
    public void Identity_refusals_keep_Identity_wording()
    {
        using var _ = CultureScope.Use("zh-CN");
        var refusal = UserDirectoryException.IdentityRefused("Passwords must have at least one digit ('0'-'9').");

        Assert.Equal(refusal.Message, Refusals.Describe(refusal, L));
    }

    public void Dispose() => _services.Dispose();
}
