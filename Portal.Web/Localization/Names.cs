using Portal.Ledger.Funds;

namespace Portal.Web.Localization;

/// <summary>Regions and programs have an official Chinese name and an English one: each visitor reads their own.</summary>
public static class Names
{
    public static string Of(string chinese, string english) =>
        PortalLocalization.IsChinese || string.IsNullOrEmpty(english) ? chinese : english;

    public static string Of(Choice choice) => Of(choice.Name, choice.NameEn);

    public static string Of(CategoryTotal category) => Of(category.Name, category.NameEn);
}
