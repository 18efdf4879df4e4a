using Portal.Ledger.Chain.Tiles;

namespace Portal.Web.Api;

/// <summary>
/// The ledger as C2SP tlog-tiles v0.1.0 under <c>/api/ledger/</c>: hash tiles and gzip-compressed entry bundles,
/// immutable once served, so any cache or CDN can serve them and an auditor can read the whole log at full speed
/// (tiles are not held to the per-caller API limit). The checkpoint is <c>/api/ledger/checkpoint</c>.
/// </summary>
public static class TileApi
{
    public const string Prefix = "/api/ledger/tile";

    public static IEndpointRouteBuilder MapTileApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(Prefix + "/{**path}", GetTileAsync)
            .AllowAnonymous().RequireCors(PublicReadCors.Policy).WithTags("Ledger verification")
            .WithSummary("A C2SP tlog-tiles hash tile (tile/<L>/<N>[.p/<W>]) or entry bundle (tile/entries/<N>[.p/<W>]): 32-byte hashes end to end, or uint16-length-prefixed leaf inputs, gzip-encoded.")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream");
        return routes;
    }

    private static async Task<IResult> GetTileAsync(string? path, TileReader tiles, HttpResponse response, CancellationToken cancellationToken)
    {
        if (TilePath.Parse(path ?? "", out var error) is not { } tile)
        {
            return Problems.BadRequest(error!);
        }
        var bytes = tile.IsEntries ? await tiles.ReadBundleAsync(tile, cancellationToken) : await tiles.ReadHashesAsync(tile, cancellationToken);
        if (bytes is null)
        {
            return Problems.NotFound($"The ledger does not hold {tile} yet: it needs {tile.TreeSizeNeeded:N0} entries.");
        }
        // A tile is served only once the tree holds all of it: its bytes never change.
        response.Headers.CacheControl = "public, max-age=31536000, immutable";
        if (tile.IsEntries)
        {
            // Compressed once, sent as is: C2SP allows gzip without negotiation, and every HTTP client takes it.
            response.Headers.ContentEncoding = "gzip";
        }
        return TypedResults.Bytes(bytes, "application/octet-stream");
    }
}
