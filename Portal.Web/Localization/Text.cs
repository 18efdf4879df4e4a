namespace Portal.Web.Localization;

/// <summary>
/// The portal's own text. Keys are the English text itself (<c>L["Disbursements"]</c>), so English needs no resource
/// file and a missing translation still reads; Resources/Localization/Text.zh-CN.resx holds the Chinese.
/// </summary>
public sealed class Text;

/// <summary>MudBlazor's component text (pager, data grid, inputs), keyed by MudBlazor's resource names.</summary>
public sealed class MudBlazorText;
