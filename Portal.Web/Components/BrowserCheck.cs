namespace Portal.Web.Components;

/// <summary>What the browser-side verifier (wwwroot/js/verify.js) reports.</summary>
public static class BrowserCheck
{
    public const string ModulePath = "./js/verify.js";

    public sealed record Result(bool Ok, IReadOnlyList<Check> Checks)
    {
        public static Result Failed(string title, string detail) => new(false, [new Check(false, title, detail)]);
    }

    public sealed record Check(bool Ok, string Title, string Detail);
}
