using System.Text.Json;

namespace Portal.Web.Components;

/// <summary>What the browser-side verifier (wwwroot/js/verify.js) reports.</summary>
public static class BrowserCheck
{
    public const string ModulePath = "./js/verify.js";

    public sealed record Result(bool Ok, IReadOnlyList<Check> Checks)
    {
        /// <summary>The verifier could not run at all (the module failed to load, the circuit broke).</summary>
        public static Result CouldNotRun(string message) =>
            new(false, [new Check(false, "could-not-run", "unexpected", new Dictionary<string, JsonElement> { ["message"] = JsonSerializer.SerializeToElement(message) })]);
    }

    /// <summary>One check: what was checked (<paramref name="Title"/>) and what was found (<paramref name="Detail"/>),
    /// both codes that <see cref="BrowserCheckText"/> writes out from <paramref name="Args"/>.</summary>
    public sealed record Check(bool Ok, string Title, string Detail, IReadOnlyDictionary<string, JsonElement>? Args = null);
}
