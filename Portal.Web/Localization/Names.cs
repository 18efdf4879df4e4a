using Portal.Ledger.Funds;
using Portal.Web.Components.Shared;

namespace Portal.Web.Localization;

/// <summary>
/// Regions and programs have an official Chinese name and an English one: each visitor reads their own. The names come
/// from the ledger and end up in charts and select boxes as well as on pages, so any hidden character in them is shown
/// as a plain marker (<see cref="VisibleText.Plain"/>).
/// </summary>
public static class Names
{
    public static string Of(string chinese, string english) =>
        VisibleText.Plain(PortalLocalization.IsChinese || string.IsNullOrEmpty(english) ? chinese : english);

    public static string Of(Choice choice) => Of(choice.Name, choice.NameEn);

    public static string Of(CategoryTotal category) => Of(category.Name, category.NameEn);
}
