using Microsoft.Extensions.Localization;
using Portal.Ledger.Funds;
using Portal.Web.Identity;

namespace Portal.Web.Localization;

/// <summary>
/// A refusal of the fund rules or of the account directory, for the person who was refused. The rules word their refusals in English with the
/// specifics (amounts, policy version), which English pages show as they are; other languages get the sentence for
/// the refusal's stable code.
/// </summary>
public static class Refusals
{
    public static string Describe(FundRefusalException refusal, IStringLocalizer<Text> L)
    {
        if (!PortalLocalization.IsChinese)
        {
            return refusal.Message;
        }
        return refusal.Code switch
        {
            FundErrors.TextHasHiddenCharacters when refusal.Character is { } character =>
                L["{0} contains {1}, which can make text display differently from what is recorded: remove it.", FieldName(refusal.Field, L), character.ToString()],
            FundErrors.NotFound => L["What this refers to does not exist."],
            FundErrors.Forbidden => L["Your role does not allow this action."],
            FundErrors.InvalidAmount => L["The amount is not valid: it must be greater than zero, within the limit, and have no more decimals than the currency allows."],
            FundErrors.InvalidCurrency => L["The currency is not supported."],
            FundErrors.InvalidArgument => L["A required field is missing or a value is not valid."],
            FundErrors.InvalidState => L["The request is not in a state that allows this."],
            FundErrors.OverBudget => L["This would exceed the fund's remaining budget."],
            FundErrors.OverApproved => L["This payment would exceed the approved amount."],
            FundErrors.OverDisbursed => L["The reported usage exceeds what was paid and not yet used or returned."],
            FundErrors.OverReturnable => L["No more can be returned than was paid and not used."],
            FundErrors.SelfApproval => L["Nobody can decide on their own request."],
            FundErrors.AlreadyDecided => L["This request has already been decided, or you have already approved it."],
            FundErrors.PolicyViolation => L["The fund's approval policy does not allow this approval."],
            FundErrors.DuplicateReference => L["This bank reference has already been used."],
            _ => refusal.Message,
        };
    }

    // The fields as the rules name them ("The purpose contains …"), worded for the sentence above.
    private static string FieldName(string? field, IStringLocalizer<Text> L) => field switch
    {
        TextFields.FundName => L["The fund name"],
        TextFields.RegionCode => L["The region code"],
        TextFields.RegionLevel => L["The region level"],
        TextFields.RegionName => L["The region name"],
        TextFields.RegionNameEn => L["The region's English name"],
        TextFields.ProgramCode => L["The program code"],
        TextFields.ProgramName => L["The program name"],
        TextFields.ProgramNameEn => L["The program's English name"],
        TextFields.DepartmentCode => L["The department code"],
        TextFields.DepartmentName => L["The department name"],
        TextFields.Purpose => L["The purpose"],
        TextFields.Comment => L["The comment"],
        TextFields.RejectionReason => L["The reason for rejecting"],
        TextFields.CancellationReason => L["The reason for withdrawing or cancelling"],
        TextFields.BankReference => L["The bank reference"],
        TextFields.Payee => L["The payee"],
        TextFields.UsageCategory => L["The usage category"],
        TextFields.ReturnReason => L["The reason for returning funds"],
        _ => $"The {field}",
    };

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
