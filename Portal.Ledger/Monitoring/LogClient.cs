using System.Buffers.Binary;
using System.Globalization;
using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using Portal.Ledger.Chain.Tiles;
using Portal.Ledger.Funds;

namespace Portal.Ledger.Monitoring;

/// <summary>
/// What a monitor reads from a portal over HTTP: the checkpoint, tiles and entry bundles (C2SP tlog-tiles under
/// <c>/api/ledger/</c>), and the open-data answers it holds against them.
/// </summary>
public sealed class LogClient(HttpClient http)
{
    /// <summary>The response header naming the ledger size an open-data answer reflects.</summary>
    public const string TreeSizeHeader = "Ledger-Tree-Size";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>An HTTP client for a portal at <paramref name="portal"/>, which decompresses gzip-encoded bundles.</summary>
    public static HttpClient CreateHttpClient(Uri portal, int connections) =>
        new(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.GZip, MaxConnectionsPerServer = connections })
        {
            BaseAddress = portal.AbsoluteUri.EndsWith('/') ? portal : new Uri(portal.AbsoluteUri + "/"),
            Timeout = TimeSpan.FromSeconds(60),
        };

    public async Task<string> CheckpointAsync(CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync("api/ledger/checkpoint", cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new DiscrepancyException($"The portal does not serve its checkpoint: GET /api/ledger/checkpoint answered {(int)response.StatusCode}.");
        }
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    /// <summary>A hash tile's bytes, checked to be exactly its width of hashes.</summary>
    public async Task<byte[]> HashTileAsync(TilePath tile, CancellationToken cancellationToken)
    {
        var bytes = await GetTileAsync(tile, cancellationToken);
        if (bytes.Length != tile.Width * Chain.Merkle.MerkleHash.Size)
        {
            throw new DiscrepancyException($"Tile {tile} is {bytes.Length} bytes, not {tile.Width} hashes of 32 bytes.");
        }
        return bytes;
    }

    /// <summary>An entry bundle's leaf inputs, checked to be exactly its width of uint16-length-prefixed entries.</summary>
    public async Task<IReadOnlyList<byte[]>> BundleAsync(TilePath bundle, CancellationToken cancellationToken)
    {
        var bytes = await GetTileAsync(bundle, cancellationToken);
        var entries = new List<byte[]>(bundle.Width);
        var at = 0;
        while (at < bytes.Length)
        {
            if (bytes.Length - at < 2)
            {
                throw new DiscrepancyException($"Bundle {bundle} ends inside an entry's length.");
            }
            var length = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(at));
            if (bytes.Length - at - 2 < length)
            {
                throw new DiscrepancyException($"Bundle {bundle}: entry {entries.Count} runs past the end of the bundle.");
            }
            entries.Add(bytes.AsSpan(at + 2, length).ToArray());
            at += 2 + length;
        }
        if (entries.Count != bundle.Width)
        {
            throw new DiscrepancyException($"Bundle {bundle} holds {entries.Count} entries, not {bundle.Width}.");
        }
        return entries;
    }

    private async Task<byte[]> GetTileAsync(TilePath tile, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync("api/ledger/" + tile, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new DiscrepancyException($"The log does not serve {(tile.IsEntries ? "bundle" : "tile")} {tile} (HTTP {(int)response.StatusCode}), although its checkpoint holds it.");
        }
        try
        {
            return await response.Content.ReadAsByteArrayAsync(cancellationToken);
        }
        catch (InvalidDataException ex)
        {
            throw new DiscrepancyException($"Bundle {tile} is not valid gzip: {ex.Message}");
        }
    }

    /// <summary>Every fund's published totals and the ledger size they reflect.</summary>
    public async Task<(IReadOnlyList<FundSummary> Funds, long TreeSize)> FundsAsync(CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync("api/funds", cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new DiscrepancyException($"GET /api/funds answered {(int)response.StatusCode}.");
        }
        if (!response.Headers.TryGetValues(TreeSizeHeader, out var values)
            || !long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var size))
        {
            throw new DiscrepancyException($"GET /api/funds does not say which ledger size its totals reflect (no {TreeSizeHeader} header).");
        }
        var funds = await response.Content.ReadFromJsonAsync<List<FundSummary>>(Json, cancellationToken)
            ?? throw new DiscrepancyException("GET /api/funds answered null.");
        return (funds, size);
    }

    /// <summary>A published disbursement record; null when the portal answers 404.</summary>
    public async Task<DisbursementDetail?> DisbursementAsync(long id, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync($"api/disbursements/{id.ToString(CultureInfo.InvariantCulture)}", cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        if (!response.IsSuccessStatusCode)
        {
            throw new DiscrepancyException($"GET /api/disbursements/{id} answered {(int)response.StatusCode}.");
        }
        return await response.Content.ReadFromJsonAsync<DisbursementDetail>(Json, cancellationToken)
            ?? throw new DiscrepancyException($"GET /api/disbursements/{id} answered null.");
    }
}
