using Microsoft.Extensions.Localization;
using MudBlazor;

namespace Portal.Web.Localization;

/// <summary>MudBlazor's texts from Resources/Localization/MudBlazorText.*.resx; a key it lacks falls back to MudBlazor's English.</summary>
internal sealed class PortalMudLocalizer(IStringLocalizer<MudBlazorText> text) : MudLocalizer
{
    public override LocalizedString this[string key] => text[key];

    public override LocalizedString this[string key, params object[] arguments] => text[key, arguments];
}
