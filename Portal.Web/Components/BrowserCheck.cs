namespace Portal.Web.Components;

/// <summary>
/// The browser-side verifier as the portal's pages call it: wwwroot/js/verify-view.js runs verify.js's checks and
/// writes their results into an element of the page itself, in the page's language (verify-text.js words them). The
/// server hands it what to check and the page's own summaries, and learns only whether the check passed.
/// </summary>
public static class BrowserCheck
{
    public const string ModulePath = "./js/verify-view.js";

    /// <summary>
    /// A page's summaries of a check: <paramref name="Success"/> when every check passed (<c>{0}</c> is how many
    /// there were), <paramref name="Failure"/> otherwise, both in <paramref name="Lang"/>, the page's language.
    /// </summary>
    public sealed record Texts(string Success, string Failure, string Lang)
    {
        public static Texts For(string success, string failure) =>
            new(success, failure, System.Globalization.CultureInfo.CurrentUICulture.Name);
    }
}
