namespace Portal.Web.Live;

/// <summary>
/// The hub's groups: an audience (the public, or signed-in supervisors who get the richer entries) and a scope
/// (every block, the blocks touching a fund, or those touching a region or any region within it).
/// </summary>
public static class FeedGroups
{
    public const string Public = "public";
    public const string Supervisors = "supervisors";

    public static string All(string audience) => $"{audience}:all";

    public static string Fund(string audience, long fundId) => $"{audience}:fund:{fundId}";

    public static string Region(string audience, string region) => $"{audience}:region:{region}";

    /// <summary>A region code and the codes of the regions containing it (GB/T 2260 codes nest by prefix).</summary>
    public static IEnumerable<string> RegionAndParents(string code)
    {
        foreach (var length in new[] { 2, 4, 6, 9, 12 })
        {
            if (code.Length > length)
            {
                yield return code[..length];
            }
        }
        yield return code;
    }
}
