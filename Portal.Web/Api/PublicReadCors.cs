namespace Portal.Web.Api;

/// <summary>
/// The read-only public API answers any site's GET: an independent verifier page (saved to disk, or hosted by an
/// auditor or a newspaper) reads the ledger and open data straight from the portal, with nothing in between. No
/// credentials travel with such requests, and nothing that writes or needs a sign-in is shared.
/// </summary>
public static class PublicReadCors
{
    public const string Policy = "public-read";

    public static IServiceCollection AddPublicReadCors(this IServiceCollection services) =>
        services.AddCors(o => o.AddPolicy(Policy, p => p.AllowAnyOrigin().WithMethods("GET", "HEAD").WithExposedHeaders(LedgerStateHeaders.TreeSize, LedgerStateHeaders.CheckpointHash, "ETag")));
}
