using MudBlazor;

namespace Portal.Web.Components.Layout;

/// <summary>The portal's palette: a sober civic blue, with system fonts (no font is fetched from elsewhere).</summary>
public static class PortalTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1f4e79",
            Secondary = "#b8860b",
            AppbarBackground = "#1f4e79",
            AppbarText = "#ffffff",
            Background = "#f5f7fa",
            // A deeper red than the default, so white text on a failed check's filled alert is readable (5.6:1).
            Error = "#c62828",
            // MudBlazor's bright green is 2:1 as text on the page; this one is 4.8:1, and 5.2:1 under white text.
            Success = "#1e7d3c",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#7fb3e6",
            // Dark text on the light primary: white on #7fb3e6 is only 2.2:1, this is above 8:1.
            PrimaryContrastText = "#0d1b2a",
            Secondary = "#e0b548",
            SecondaryContrastText = "#1b1300",
            Error = "#f28b82",
            ErrorContrastText = "#1b0000",
            AppbarBackground = "#14304d",
            AppbarText = "#ffffff",
            Background = "#121821",
            Surface = "#1b2430",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography
            {
                FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Noto Sans", "Noto Sans CJK SC", "sans-serif"],
            },
        },
    };
}
