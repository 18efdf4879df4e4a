using Microsoft.Extensions.Localization;
using Portal.Ledger.Funds;
using Portal.Web.Localization;

namespace Portal.Web.Components.Forms;

/// <summary>
/// The form-side check of free text, with the same rule the ledger applies (<see cref="HiddenCharacters"/>): the
/// person sees under the field which character to remove before anything is sent.
/// </summary>
public static class TextRules
{
    public static string? Visible(string? text, IStringLocalizer<Text> L) =>
        HiddenCharacters.First(text) is { } character
            ? L["This text contains {0}, which can make it display differently from what is recorded: remove it.", character.ToString()].Value
            : null;
}
