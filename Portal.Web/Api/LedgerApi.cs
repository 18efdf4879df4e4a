using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Ledger.Chain;
using Portal.Ledger.Chain.Checkpoints;
using Portal.Ledger.Chain.Merkle;

namespace Portal.Web.Api;

/// <summary>
/// The public verification API: anonymous, read-only, and cacheable wherever the answer can never change.
/// Arguments are parsed here rather than by model binding so that every bad value gets a problem details body.
/// </summary>
public static class LedgerApi
{
    public static IEndpointRouteBuilder MapLedgerApi(this IEndpointRouteBuilder routes)
    {
        var ledger = routes.MapGroup("/api/ledger").WithTags("Ledger verification").AllowAnonymous().RequireCors(PublicReadCors.Policy);

        ledger.MapGet("/checkpoint", GetCheckpoint)
            .WithSummary("The latest signed checkpoint (C2SP tlog-checkpoint signed note).")
            .Produces<string>(contentType: "text/plain");
        ledger.MapGet("/checkpoints/{treeSize}", GetCheckpointAt)
            .WithSummary("The signed checkpoint of a tree size some block ended at, exactly as stored: the note an export's Ledger-Checkpoint-Hash is the SHA-256 of.")
            .Produces<string>(contentType: "text/plain");
        ledger.MapGet("/witness-policy", GetWitnessPolicy)
            .WithSummary("The witness policy (C2SP tlog-policy): the witnesses each checkpoint is submitted to, their cosignature keys, and the quorum a checkpoint needs.")
            .Produces<string>(contentType: "text/plain");
        ledger.MapGet("/witness-policies", async (Portal.Ledger.Witnessing.WitnessPolicyLog policies, CancellationToken cancellationToken) =>
                TypedResults.Ok((await policies.ReadAsync(cancellationToken)).Select(p => new { index = p.Index, sha256 = p.Sha256 })))
            .WithSummary("Each witness policy the ledger records, oldest first: the index of its ledger.witness-policy-set entry (whose payload holds the whole policy, or null for none) and the SHA-256 of the policy text. The policy served must be the last; a browser that pinned an earlier one finds it here.");
        ledger.MapGet("/public-key", GetPublicKey)
            .WithSummary("The checkpoint verifier key: name+keyhash+base64(0x01 || Ed25519 public key).")
            .Produces<string>(contentType: "text/plain");
        ledger.MapGet("/public-keys", (Portal.Ledger.Chain.Checkpoints.PublishedKeys keys, HttpResponse response) =>
            {
                response.Headers.CacheControl = "public, max-age=300";
                return TypedResults.Text(string.Concat(keys.Read().Select(k => k + "\n")), "text/plain; charset=utf-8");
            })
            .WithSummary("Every key that has signed checkpoints, oldest first, one verifier key per line (rotations only add keys).")
            .Produces<string>(contentType: "text/plain");
        ledger.MapGet("/key-rotations", async (KeyRotationLog rotations, CancellationToken cancellationToken) =>
                TypedResults.Ok((await rotations.ReadAsync(cancellationToken)).Select(r => new { index = r.Index, treeSize = r.TreeSize, checkpoint = r.Checkpoint })))
            .WithSummary("Each signing-key rotation, oldest first: the index of its ledger.key-rotated entry (whose payload names the previous and the new key) and the checkpoint, signed by the previous key, of the tree that first holds it. A client that trusted the previous key checks the entry's inclusion under that checkpoint, then today's checkpoint's consistency with it.");
        ledger.MapGet("/entries/{index}", GetEntry).WithSummary("One ledger entry with its exact leaf input.");
        ledger.MapGet("/blocks/{height}", GetBlock).WithSummary("One block with its exact header bytes.");
        ledger.MapGet("/proofs/inclusion", GetInclusionProof).WithSummary("RFC 9162 inclusion proof of an entry in a tree size.");
        ledger.MapGet("/proofs/consistency", GetConsistencyProof).WithSummary("RFC 9162 consistency proof between two tree sizes.");
        return routes;
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetCheckpoint(LedgerReader reader, HttpResponse response, CancellationToken cancellationToken)
    {
        // Served exactly as stored: nothing is ever signed at request time.
        var note = await reader.GetLatestCheckpointAsync(cancellationToken);
        if (note is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "The ledger is empty", detail: "No block has been appended yet, so there is no checkpoint.");
        }
        // The newest checkpoint changes with every block: clients must revalidate. It goes out with every witness
        // cosignature collected for its tree (signature lines by other keys, which verifiers that do not know them ignore).
        response.Headers.CacheControl = "no-cache";
        var size = long.Parse(note.Split('\n')[1], CultureInfo.InvariantCulture);
        return TypedResults.Text(note + string.Concat(await reader.GetCosignaturesAsync(size, cancellationToken)), "text/plain; charset=utf-8");
    }

    private static Results<ContentHttpResult, ProblemHttpResult> GetWitnessPolicy(Witnessing.WitnessPolicySource source, HttpResponse response)
    {
        if (source.Policy is not { } policy)
        {
            return Problems.NotFound("This portal has no witness policy: its checkpoints are signed by its own key only.");
        }
        response.Headers.CacheControl = "public, max-age=300";
        return TypedResults.Text(policy.Text, "text/plain; charset=utf-8");
    }

    private static ContentHttpResult GetPublicKey(SigningKey key, HttpResponse response)
    {
        // The key the next block will be signed with: after a rotation, the new one, without a restart.
        var signer = key.Current;
        response.Headers.CacheControl = "public, max-age=300";
        return TypedResults.Text(signer.VerifierKey, "text/plain; charset=utf-8");
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetCheckpointAt(string treeSize, LedgerReader reader, HttpResponse response, CancellationToken cancellationToken)
    {
        if (!TryParse(treeSize, "treeSize", out var size, out var problem))
        {
            return problem;
        }
        if (await reader.GetCheckpointAsync(size, cancellationToken) is not { } note)
        {
            return Problems.NotFound($"No block ends at tree size {size}: only a block's tree has a checkpoint, and none is larger than the newest (GET /api/ledger/checkpoint).");
        }
        // Without cosignatures, which witnesses add later: these bytes never change, and exports name their hash.
        Immutable(response);
        return TypedResults.Text(note, "text/plain; charset=utf-8");
    }

    private static async Task<Results<Ok<EntryResponse>, ProblemHttpResult>> GetEntry(string index, LedgerReader reader, HttpResponse response, CancellationToken cancellationToken)
    {
        if (!TryParse(index, "index", out var value, out var problem))
        {
            return problem;
        }
        var entry = await reader.GetEntryAsync(value, cancellationToken);
        if (entry is null)
        {
            return Problems.NotFound($"No entry has index {value}.");
        }
        Immutable(response);
        return TypedResults.Ok(EntryResponse.From(entry));
    }

    private static async Task<Results<Ok<BlockResponse>, ProblemHttpResult>> GetBlock(string height, LedgerReader reader, HttpResponse response, CancellationToken cancellationToken)
    {
        if (!TryParse(height, "height", out var value, out var problem))
        {
            return problem;
        }
        var block = await reader.GetBlockAsync(value, cancellationToken);
        if (block is null)
        {
            return Problems.NotFound($"No block has height {value}.");
        }
        Immutable(response);
        return TypedResults.Ok(BlockResponse.From(block));
    }

    private static async Task<Results<Ok<InclusionProofResponse>, ProblemHttpResult>> GetInclusionProof(string? index, string? treeSize, LedgerReader reader, HttpResponse response, CancellationToken cancellationToken)
    {
        if (!TryParse(index, "index", out var i, out var problem) || !TryParse(treeSize, "treeSize", out var n, out problem))
        {
            return problem;
        }
        try
        {
            var proof = await reader.GetInclusionProofAsync(i, n, cancellationToken);
            Immutable(response);
            return TypedResults.Ok(new InclusionProofResponse(proof.Index, proof.TreeSize, Hex(proof.LeafHash), Hex(proof.RootHash), proof.Path.Select(Hex).ToList()));
        }
        catch (LedgerArgumentException ex)
        {
            return Problems.BadRequest(ex.Message);
        }
    }

    private static async Task<Results<Ok<ConsistencyProofResponse>, ProblemHttpResult>> GetConsistencyProof(string? from, string? to, LedgerReader reader, HttpResponse response, CancellationToken cancellationToken)
    {
        if (!TryParse(from, "from", out var m, out var problem) || !TryParse(to, "to", out var n, out problem))
        {
            return problem;
        }
        try
        {
            var proof = await reader.GetConsistencyProofAsync(m, n, cancellationToken);
            Immutable(response);
            return TypedResults.Ok(new ConsistencyProofResponse(proof.From, proof.To, Hex(proof.FromRoot), Hex(proof.ToRoot), proof.Path.Select(Hex).ToList()));
        }
        catch (LedgerArgumentException ex)
        {
            return Problems.BadRequest(ex.Message);
        }
    }

    private static bool TryParse(string? raw, string name, out long value, out ProblemHttpResult problem)
    {
        problem = null!;
        if (string.IsNullOrEmpty(raw))
        {
            problem = Problems.BadRequest($"'{name}' is required: a whole number from 0.");
            value = 0;
            return false;
        }
        if (!long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out value))
        {
            problem = Problems.BadRequest($"'{name}' must be a whole number from 0 to {long.MaxValue}; got '{Truncate(raw)}'.");
            return false;
        }
        return true;
    }

    private static string Truncate(string raw) => raw.Length <= 40 ? raw : raw[..40] + "…";

    // Entries, blocks and proofs at a fixed tree size never change once written.
    private static void Immutable(HttpResponse response) => response.Headers.CacheControl = "public, max-age=31536000, immutable";


    internal static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    internal static string Hex(Hash hash) => hash.ToHex();
}

public sealed record EntryResponse(long Index, long BlockHeight, string LeafHash, string LeafData, string Kind, string Actor, DateTimeOffset Timestamp, JsonElement Payload)
{
    public static EntryResponse From(LedgerEntry e)
    {
        using var payload = JsonDocument.Parse(e.Payload);
        return new EntryResponse(e.Index, e.BlockHeight, LedgerApi.Hex(e.LeafHash), Convert.ToBase64String(e.LeafData()), e.Kind, e.Actor, e.Timestamp, payload.RootElement.Clone());
    }
}

public sealed record BlockResponse(long Height, string Hash, string PreviousHash, long FirstIndex, int EntryCount, long TreeSize, string TreeRoot, DateTimeOffset Timestamp, string HeaderData)
{
    public static BlockResponse From(LedgerBlock b) => new(
        b.Height, LedgerApi.Hex(b.Hash), LedgerApi.Hex(b.PreviousHash), b.FirstIndex, b.EntryCount, b.TreeSize, LedgerApi.Hex(b.TreeRoot), b.Timestamp,
        Convert.ToBase64String(b.Header.Encode()));
}

public sealed record InclusionProofResponse(long Index, long TreeSize, string LeafHash, string RootHash, IReadOnlyList<string> Path);

public sealed record ConsistencyProofResponse(long From, long To, string FromRoot, string ToRoot, IReadOnlyList<string> Path);
