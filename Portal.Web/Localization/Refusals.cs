using System.Globalization;
using Microsoft.Extensions.Localization;
using Portal.Ledger.Funds;
using Portal.Web.Identity;

namespace Portal.Web.Localization;

/// <summary>
/// A refusal of the fund rules or of the account directory, for the person who was refused. The fund rules word
/// theirs in both languages (<see cref="RefusalTexts"/>); the directory's are worded here by code.
/// </summary>
public static class Refusals
{
    public static string Describe(FundRefusalException refusal) => refusal.Refusal.Text(CultureInfo.CurrentUICulture);

    /// <summary>
    /// The account directory's refusals are worded by code in every language (the English text is the key and equals the
    /// exception's message); Identity's own refusals, such as password rules, keep Identity's wording.
    /// </summary>
    public static string Describe(UserDirectoryException refusal, IStringLocalizer<Text> L) => refusal.Code switch
    {
        UserDirectoryError.InvalidUserName => L["A user name is 3 to 32 lower-case letters, digits, dots, dashes or underscores, starting with a letter."],
        UserDirectoryError.InvalidDisplayName => L["Enter the person's name (at most 100 characters)."],
        UserDirectoryError.UserNameTaken => L["The user name '{0}' is taken.", refusal.Subject ?? ""],
        UserDirectoryError.NoRole => L["Give the account at least one role."],
        UserDirectoryError.UnknownRole => L["'{0}' is not a role people can hold.", refusal.Subject ?? ""],
        UserDirectoryError.NoDepartment => L["Officials and approvers act for a department: choose one."],
        UserDirectoryError.UnknownDepartment => L["'{0}' is not a department on the ledger.", refusal.Subject ?? ""],
        UserDirectoryError.OwnAdministratorRole => L["You cannot remove your own administrator role; ask another administrator."],
        UserDirectoryError.OwnLock => L["You cannot lock your own account."],
        UserDirectoryError.AccountGone => L["That account no longer exists."],
        _ => refusal.Message,
    };
}
