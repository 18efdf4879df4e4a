using System.Net.Http.Json;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Portal.Ledger.Chain;
using Portal.Ledger.Chain.Checkpoints;
using Portal.Ledger.Chain.Merkle;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Web.Api;

/// <summary>
/// The public verification API as an outside auditor uses it: the real portal process over real HTTP, and only
/// what the API returns to check it with.
/// </summary>
public sealed class LedgerApiTests(SeededPortal portal) : IClassFixture<SeededPortal>
{
    private HttpClient Client => portal.Server.Client;

    [Theory]
    [InlineData("/api/ledger/checkpoint")]
    [InlineData("/api/ledger/public-keys")]
    [InlineData("/api/ledger/entries/0")]
    [InlineData("/api/ledger/entries/999999999")]
    [InlineData("/api/funds")]
    [InlineData("/api/disbursements?limit=1")]
    [InlineData("/api/disbursements.csv?limit=1")]
    public async Task The_read_only_public_api_answers_any_sites_get(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Origin", "https://auditor.example");
        using var response = await Client.SendAsync(request);
        Assert.Equal("*", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));

        using var preflight = new HttpRequestMessage(HttpMethod.Options, path);
        preflight.Headers.Add("Origin", "https://auditor.example");
        preflight.Headers.Add("Access-Control-Request-Method", "GET");
        using var allowed = await Client.SendAsync(preflight);
        Assert.True(allowed.IsSuccessStatusCode, $"{allowed.StatusCode}");
        Assert.Contains("GET", string.Join(",", allowed.Headers.GetValues("Access-Control-Allow-Methods")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "/api/anomalies")]
    [InlineData("POST", "/api/requests")]
    [InlineData("POST", "/api/disbursements/confirm")]
    [InlineData("GET", "/api/account/antiforgery")]
    public async Task Nothing_that_writes_or_needs_a_sign_in_is_shared_with_other_sites(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Add("Origin", "https://attacker.example");
        using var response = await Client.SendAsync(request);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));

        using var preflight = new HttpRequestMessage(HttpMethod.Options, path);
        preflight.Headers.Add("Origin", "https://attacker.example");
        preflight.Headers.Add("Access-Control-Request-Method", method);
        using var refused = await Client.SendAsync(preflight);
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Checkpoint_is_signed_by_the_published_key()
    {
        var note = await Client.GetStringAsync("/api/ledger/checkpoint");
        var key = Ed25519Note.ParseVerifierKey(await Client.GetStringAsync("/api/ledger/public-key"));
        var signed = SignedNote.Parse(note);
        Assert.True(signed.IsSignedBy(key));
        var checkpoint = Checkpoint.Parse(signed.Text);
        Assert.Equal("test.portal.example/ledger", checkpoint.Origin);
        Assert.True(checkpoint.TreeSize > 0);
    }

    [Fact]
    public async Task Every_entry_hashes_to_its_leaf_hash_and_is_included_in_the_checkpoint()
    {
        var checkpoint = Checkpoint.Parse(SignedNote.Parse(await Client.GetStringAsync("/api/ledger/checkpoint")).Text);
        foreach (var index in new long[] { 0, 1, 17, checkpoint.TreeSize / 2, checkpoint.TreeSize - 1 })
        {
            var entry = await Client.GetFromJsonAsync<JsonElement>($"/api/ledger/entries/{index}");
            var leafData = Convert.FromBase64String(entry.GetProperty("leafData").GetString()!);
            var leafHash = Convert.FromHexString(entry.GetProperty("leafHash").GetString()!);
            Assert.Equal(SHA256.HashData([0x00, .. leafData]), leafHash);
            Assert.Equal(index, entry.GetProperty("index").GetInt64());
            Assert.True(entry.TryGetProperty("blockHeight", out _));
            Assert.True(entry.TryGetProperty("kind", out _));
            Assert.True(entry.TryGetProperty("actor", out _));
            Assert.True(entry.TryGetProperty("timestamp", out _));
            Assert.True(entry.TryGetProperty("payload", out _));

            var proof = await Client.GetFromJsonAsync<JsonElement>($"/api/ledger/proofs/inclusion?index={index}&treeSize={checkpoint.TreeSize}");
            var path = proof.GetProperty("path").EnumerateArray().Select(h => Convert.FromHexString(h.GetString()!)).ToList();
            Assert.Equal(leafHash, Convert.FromHexString(proof.GetProperty("leafHash").GetString()!));
            Assert.Equal(checkpoint.RootHash, Convert.FromHexString(proof.GetProperty("rootHash").GetString()!));
            ProofVerifier.VerifyInclusion(index, checkpoint.TreeSize, leafHash, path, checkpoint.RootHash);
        }
    }

    [Fact]
    public async Task Consistency_proof_links_an_older_block_root_to_the_checkpoint()
    {
        var checkpoint = Checkpoint.Parse(SignedNote.Parse(await Client.GetStringAsync("/api/ledger/checkpoint")).Text);
        var block = await Client.GetFromJsonAsync<JsonElement>("/api/ledger/blocks/3");
        var from = block.GetProperty("treeSize").GetInt64();
        var proof = await Client.GetFromJsonAsync<JsonElement>($"/api/ledger/proofs/consistency?from={from}&to={checkpoint.TreeSize}");
        var fromRoot = Convert.FromHexString(proof.GetProperty("fromRoot").GetString()!);
        Assert.Equal(Convert.FromHexString(block.GetProperty("treeRoot").GetString()!), fromRoot);
        Assert.Equal(checkpoint.RootHash, Convert.FromHexString(proof.GetProperty("toRoot").GetString()!));
        var path = proof.GetProperty("path").EnumerateArray().Select(h => Convert.FromHexString(h.GetString()!)).ToList();
        ProofVerifier.VerifyConsistency(from, checkpoint.TreeSize, fromRoot, checkpoint.RootHash, path);
    }

    [Fact]
    public async Task Blocks_hash_their_header_bytes_and_link_to_their_predecessor()
    {
        var previous = new byte[32];
        for (var height = 0; height < 5; height++)
        {
            var block = await Client.GetFromJsonAsync<JsonElement>($"/api/ledger/blocks/{height}");
            var header = Convert.FromBase64String(block.GetProperty("headerData").GetString()!);
            Assert.Equal(Convert.FromHexString(block.GetProperty("hash").GetString()!), SHA256.HashData(header));
            Assert.Equal(previous, Convert.FromHexString(block.GetProperty("previousHash").GetString()!));
            Assert.Equal(previous, header[9..41]);
            Assert.Equal(Convert.FromHexString(block.GetProperty("treeRoot").GetString()!), header[61..93]);
            previous = SHA256.HashData(header);
        }
    }

    [Theory]
    [InlineData("/api/ledger/entries/abc")]
    [InlineData("/api/ledger/entries/-1")]
    [InlineData("/api/ledger/entries/99999999999999999999999")]
    [InlineData("/api/ledger/blocks/1.5")]
    [InlineData("/api/ledger/proofs/inclusion?index=5&treeSize=5")]
    [InlineData("/api/ledger/proofs/inclusion?index=0&treeSize=0")]
    [InlineData("/api/ledger/proofs/inclusion?index=0&treeSize=100000000")]
    [InlineData("/api/ledger/proofs/inclusion?index=x&treeSize=10")]
    [InlineData("/api/ledger/proofs/inclusion?treeSize=10")]
    [InlineData("/api/ledger/proofs/consistency?from=0&to=10")]
    [InlineData("/api/ledger/proofs/consistency?from=11&to=10")]
    [InlineData("/api/ledger/proofs/consistency?from=1&to=100000000")]
    [InlineData("/api/ledger/proofs/consistency?from=one&to=10")]
    [InlineData("/api/ledger/proofs/consistency")]
    public async Task Invalid_arguments_are_400_problem_details(string url)
    {
        var response = await Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
    }

    [Theory]
    [InlineData("/api/ledger/entries/100000000")]
    [InlineData("/api/ledger/blocks/100000000")]
    public async Task Unknown_index_or_height_is_404_problem_details(string url)
    {
        var response = await Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Immutable_answers_are_cacheable_and_the_checkpoint_is_not()
    {
        var entry = await Client.GetAsync("/api/ledger/entries/0");
        Assert.Contains("immutable", entry.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        var proof = await Client.GetAsync("/api/ledger/proofs/inclusion?index=0&treeSize=1");
        Assert.Contains("immutable", proof.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        var checkpoint = await Client.GetAsync("/api/ledger/checkpoint");
        Assert.True(checkpoint.Headers.CacheControl!.NoCache);
        Assert.Equal("text/plain", checkpoint.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task OpenApi_document_describes_the_ledger_api()
    {
        var document = await Client.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/ledger/proofs/inclusion", document, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApi_document_describes_every_command_with_its_body_and_answers()
    {
        using var document = JsonDocument.Parse(await Client.GetStringAsync("/openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths");
        foreach (var (path, name, body, answer) in new[]
        {
            ("/api/requests", "FileRequest", "FileRequestBody", "201"),
            ("/api/requests/{id}/approve", "ApproveRequest", "DecisionBody", "200"),
            ("/api/requests/{id}/usage", "ReportUsage", "UsageBody", "201"),
            ("/api/disbursements/confirm", "ConfirmDisbursement", "ConfirmBody", "201"),
        })
        {
            var post = paths.GetProperty(path).GetProperty("post");
            Assert.Equal(name, post.GetProperty("operationId").GetString());
            Assert.Contains(body, post.GetProperty("requestBody").GetRawText(), StringComparison.Ordinal);
            var responses = post.GetProperty("responses");
            Assert.True(responses.TryGetProperty(answer, out _), $"{path} does not describe its {answer} answer");
            Assert.True(responses.TryGetProperty("409", out _), $"{path} does not describe a refusal");
        }
    }
}
