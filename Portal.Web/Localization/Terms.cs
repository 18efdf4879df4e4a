using Microsoft.Extensions.Localization;
using Portal.Ledger.Funds;

namespace Portal.Web.Localization;

/// <summary>
/// The ledger's fixed vocabulary, request states and roles, which it records as English identifiers: each page shows
/// them in the visitor's language, the same words everywhere.
/// </summary>
public static class Terms
{
    public static string State(RequestState state, IStringLocalizer<Text> L) => State(state.ToString(), L);

    /// <summary>A state as a record carries it (its enum name); an unknown one is shown as recorded.</summary>
    public static string State(string state, IStringLocalizer<Text> L) => state switch
    {
        nameof(RequestState.Pending) => L["Pending"],
        nameof(RequestState.Approved) => L["Approved"],
        nameof(RequestState.Rejected) => L["Rejected"],
        nameof(RequestState.Cancelled) => L["Cancelled"],
        _ => state,
    };

    public static string Role(string role, IStringLocalizer<Text> L) => role switch
    {
        Roles.Official => L["Official"],
        Roles.Approver => L["Approver"],
        Roles.Supervisor => L["Supervisor"],
        Roles.Administrator => L["Administrator"],
        Roles.Bank => L["Bank"],
        _ => role,
    };

    public static string FeedbackKind(string kind, IStringLocalizer<Text> L) => kind switch
    {
        FeedbackKinds.Question => L["Question"],
        FeedbackKinds.Complaint => L["Complaint"],
        FeedbackKinds.Confirmation => L["Confirmation"],
        _ => kind,
    };

    public static string FeedbackCategory(string category, IStringLocalizer<Text> L) => category switch
    {
        FeedbackCategories.MoneyNotReceived => L["Money not received"],
        FeedbackCategories.WorkNotDone => L["Work not done"],
        FeedbackCategories.AmountWrong => L["Amount wrong"],
        FeedbackCategories.Other => L["Other"],
        _ => category,
    };

    public static string FeedbackStatus(string status, IStringLocalizer<Text> L) => status switch
    {
        "open" => L["Open"],
        "answered" => L["Answered"],
        "escalated" => L["Escalated"],
        "closed" => L["Closed"],
        _ => status,
    };

    public static string FeedbackOutcome(string outcome, IStringLocalizer<Text> L) => outcome switch
    {
        FeedbackOutcomes.Resolved => L["Resolved"],
        FeedbackOutcomes.Unfounded => L["Unfounded"],
        FeedbackOutcomes.Referred => L["Referred"],
        FeedbackOutcomes.Answered => L["Answered"],
        _ => outcome,
    };
}
