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
}
