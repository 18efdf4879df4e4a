namespace Portal.Web.Components.Layout;

/// <summary>
/// The visitor's own choice of theme, kept in a cookie that the page script sets (the toggle works on pages
/// without a circuit), so the server renders the chosen mode from the first byte. No cookie: the system decides.
/// </summary>
public static class ThemeChoice
{
    public const string Cookie = "portal-theme";

    /// <summary>"light" or "dark" when the visitor chose one, null to follow the system preference.</summary>
    public static string? Of(HttpContext? context) => context?.Request.Cookies[Cookie] switch
    {
        "light" => "light",
        "dark" => "dark",
        _ => null,
    };
}
