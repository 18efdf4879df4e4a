using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Portal.Ledger.Chain.Merkle;
using Portal.Ledger.Privacy;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Web.Feedback;

/// <summary>
/// Citizens' feedback through the real host: anyone may send it and gets a receipt that proves the entry and the
/// text; bad input is refused with problem details and appends nothing; the department concerned answers and
/// supervisors escalate, close and hide, each an entry; the contact never reaches a public answer.
/// </summary>
public sealed class FeedbackApiTests(SeededPortal portal) : IClassFixture<SeededPortal>
{
    private PortalServer Server => portal.Server;

    [Fact]
    public async Task An_anonymous_complaint_gets_a_receipt_that_proves_its_entry_and_its_text()
    {
        var (disbursementId, _) = await OwnPaymentAsync();
        const string text = "The stipend never arrived. <script>alert('x')</script> & more";
        using var anonymous = PortalClient.Anonymous(Server);
        using var sent = await anonymous.PostAsync($"/api/disbursements/{disbursementId}/feedback",
            new { kind = "complaint", category = "money-not-received", text, contact = "Tel 139-0000-4417" }, withAntiforgery: false);
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        Assert.Equal("no-store", sent.Headers.CacheControl?.ToString());
        var receipt = await sent.Content.ReadFromJsonAsync<JsonElement>();

        // The leaf is the entry the receipt carries; the proof leads from it to the root the checkpoint signs.
        var leafData = Convert.FromBase64String(receipt.GetProperty("leafData").GetString()!);
        var proof = receipt.GetProperty("inclusionProof");
        var leafHash = SHA256.HashData([0, .. leafData]);
        Assert.Equal(Convert.ToHexStringLower(leafHash), proof.GetProperty("leafHash").GetString());
        var index = receipt.GetProperty("ledgerIndex").GetInt64();
        var treeSize = receipt.GetProperty("treeSize").GetInt64();
        Assert.Equal(index, proof.GetProperty("index").GetInt64());
        Assert.Equal(treeSize, proof.GetProperty("treeSize").GetInt64());
        var path = proof.GetProperty("path").EnumerateArray().Select(p => Convert.FromHexString(p.GetString()!)).ToList();
        var root = ProofVerifier.RootFromInclusionProof(index, treeSize, leafHash, path).ToHex();
        Assert.Equal(proof.GetProperty("rootHash").GetString(), root);
        var checkpoint = receipt.GetProperty("checkpoint").GetString()!.Split('\n');
        Assert.Equal(treeSize.ToString(System.Globalization.CultureInfo.InvariantCulture), checkpoint[1]);
        Assert.Equal(Convert.ToBase64String(Convert.FromHexString(root)), checkpoint[2]);

        // The entry holds the commitment the text and salt recompute, and neither the text nor the contact.
        var entryText = Encoding.UTF8.GetString(leafData);
        Assert.Contains("feedback.submitted", entryText, StringComparison.Ordinal);
        Assert.DoesNotContain("139-0000-4417", entryText, StringComparison.Ordinal);
        Assert.DoesNotContain("never arrived", entryText, StringComparison.Ordinal);
        Assert.Equal(text, receipt.GetProperty("text").GetString());
        var commitment = PersonalCommitment.Of(text, Convert.FromHexString(receipt.GetProperty("textSalt").GetString()!));
        Assert.Equal(commitment, receipt.GetProperty("textCommitment").GetString());
        Assert.Contains(commitment, entryText, StringComparison.Ordinal);

        // Public: the text as sent, markup and all, never the contact.
        using var listed = await anonymous.Http.GetAsync($"/api/feedback?disbursement={disbursementId}");
        var list = await listed.Content.ReadAsStringAsync();
        Assert.DoesNotContain("139-0000-4417", list, StringComparison.Ordinal);
        var item = JsonDocument.Parse(list).RootElement.GetProperty("items").EnumerateArray().Single();
        Assert.Equal(receipt.GetProperty("feedbackId").GetInt64(), item.GetProperty("feedbackId").GetInt64());
        Assert.Equal("complaint", item.GetProperty("kind").GetString());
        Assert.Equal("money-not-received", item.GetProperty("category").GetString());
        Assert.Equal(text, item.GetProperty("text").GetString());
        Assert.Equal("open", item.GetProperty("status").GetString());
        Assert.Equal(index, item.GetProperty("ledgerIndex").GetInt64());
        Assert.Empty(item.GetProperty("answers").EnumerateArray());

        // The explorer counts it beside the record.
        var explorer = await anonymous.Http.GetStringAsync("/disbursements?region=520102");
        var row = explorer[..explorer.IndexOf($"/disbursements/{disbursementId}\"", StringComparison.Ordinal)];
        Assert.Contains("Complaints: 1", row[row.LastIndexOf("feedback-counts", StringComparison.Ordinal)..], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"kind":"praise","text":"Thanks"}""", "invalid-argument", "'question', 'complaint' or 'confirmation'")]
    [InlineData("""{"kind":"complaint","text":"Nothing came"}""", "invalid-argument", "category")]
    [InlineData("""{"kind":"complaint","category":"late","text":"Nothing came"}""", "invalid-argument", "category")]
    [InlineData("""{"kind":"question","category":"other","text":"When?"}""", "invalid-argument", "Only a complaint has a category")]
    [InlineData("""{"kind":"question","text":"   "}""", "invalid-argument", "The text is required")]
    [InlineData("""{"kind":"question","text":"a\u202Eb"}""", "text-has-hidden-characters", "U+202E")]
    [InlineData("""{"kind":"question","text":"When?","photoSha256":["xyz"]}""", "invalid-argument", "SHA-256")]
    public async Task Bad_feedback_is_refused_with_problem_details_and_appends_nothing(string body, string code, string says)
    {
        var (disbursementId, _) = await FirstDisbursementAsync();
        var before = await Server.TreeSizeAsync();
        using var anonymous = PortalClient.Anonymous(Server);
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var refused = await anonymous.Http.PostAsync($"/api/disbursements/{disbursementId}/feedback", content);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Contains(says, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await Server.TreeSizeAsync());
    }

    [Fact]
    public async Task Malformed_oversized_unknown_and_unproven_input_is_refused_and_appends_nothing()
    {
        var (disbursementId, requestId) = await FirstDisbursementAsync();
        var before = await Server.TreeSizeAsync();
        using var anonymous = PortalClient.Anonymous(Server);
        var url = $"/api/disbursements/{disbursementId}/feedback";

        Assert.Equal(HttpStatusCode.BadRequest, await PostRawAsync(anonymous, url, """{"kind":"question","text":"When?","""));
        Assert.Equal(HttpStatusCode.BadRequest, await PostRawAsync(anonymous, url, """{"kind":"question","text":"When?","name":"extra"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, await PostRawAsync(anonymous, url, JsonSerializer.Serialize(new { kind = "question", text = new string('a', 2_001) })));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, await PostRawAsync(anonymous, url, JsonSerializer.Serialize(new { kind = "question", text = new string('a', 70_000) })));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await anonymous.Http.PostAsync(url, new StringContent("kind=question", Encoding.UTF8, "application/x-www-form-urlencoded"))).StatusCode);
        var notUploaded = new string('a', 64);
        using var unproven = await anonymous.PostAsync(url, new { kind = "question", text = "See photo", photoSha256 = new[] { notUploaded } }, withAntiforgery: false);
        Assert.Equal(HttpStatusCode.BadRequest, unproven.StatusCode);
        Assert.Contains(notUploaded, await unproven.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var unknownPayment = await anonymous.PostAsync("/api/disbursements/999999999/feedback", new { kind = "question", text = "Which?" }, withAntiforgery: false);
        Assert.Equal(HttpStatusCode.NotFound, unknownPayment.StatusCode);
        using var unknownRequest = await anonymous.PostAsync("/api/requests/999999999/feedback", new { kind = "question", text = "Which?" }, withAntiforgery: false);
        Assert.Equal(HttpStatusCode.NotFound, unknownRequest.StatusCode);
        Assert.Equal(before, await Server.TreeSizeAsync());

        // A signed-in browser's cookie must come with the antiforgery token; anonymous callers need none.
        using var official = await PortalClient.SignInAsync(Server, "official");
        using var forged = await official.PostAsync($"/api/requests/{requestId}/feedback", new { kind = "question", text = "Forged?" }, withAntiforgery: false);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(before, await Server.TreeSizeAsync());
    }

    [Fact]
    public async Task The_department_answers_supervisors_escalate_and_close_and_each_step_is_an_entry()
    {
        var (disbursementId, requestId) = await OwnPaymentAsync();
        using var anonymous = PortalClient.Anonymous(Server);
        var id = await SubmitAsync(anonymous, $"/api/requests/{requestId}/feedback", new { kind = "question", text = "How many pupils does this cover?" });
        var url = $"/api/feedback/{id}";

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync($"{url}/answer", new { text = "Me" }, withAntiforgery: false)).StatusCode);
        var other = await OtherDepartmentsDisbursementAsync();
        var notOurs = await SubmitAsync(anonymous, $"/api/disbursements/{other}/feedback", new { kind = "confirmation", text = "Received, thank you." });
        using var official = await PortalClient.SignInAsync(Server, "official");
        using var wrongDepartment = await official.PostAsync($"/api/feedback/{notOurs}/answer", new { text = "Not ours to answer" });
        Assert.Equal(HttpStatusCode.Forbidden, wrongDepartment.StatusCode);
        Assert.Contains("department", (await wrongDepartment.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var supervisor = await PortalClient.SignInAsync(Server, "supervisor");
        Assert.Equal(HttpStatusCode.Forbidden, (await official.PostAsync($"{url}/close", new { outcome = "resolved" })).StatusCode);

        using var answered = await official.PostAsync($"{url}/answer", new { text = "It covers 38 boarding pupils." });
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        var answerIndex = (await answered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ledgerIndex").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await supervisor.PostAsync($"{url}/escalate", new { reason = "Ask for the enrolment list" })).StatusCode);
        using var badOutcome = await supervisor.PostAsync($"{url}/close", new { outcome = "done" });
        Assert.Equal(HttpStatusCode.BadRequest, badOutcome.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await supervisor.PostAsync($"{url}/close", new { outcome = "answered", note = "List checked" })).StatusCode);
        var before = await Server.TreeSizeAsync();
        using var late = await official.PostAsync($"{url}/answer", new { text = "Another answer" });
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal(before, await Server.TreeSizeAsync());

        var item = (await anonymous.Http.GetFromJsonAsync<JsonElement>($"/api/feedback?request={requestId}"))
            .GetProperty("items").EnumerateArray().Single(i => i.GetProperty("feedbackId").GetInt64() == id);
        Assert.Equal("closed", item.GetProperty("status").GetString());
        var answer = item.GetProperty("answers").EnumerateArray().Single();
        Assert.Equal("It covers 38 boarding pupils.", answer.GetProperty("text").GetString());
        Assert.Equal(answerIndex, answer.GetProperty("ledgerIndex").GetInt64());
        Assert.Equal("answered", item.GetProperty("closed").GetProperty("outcome").GetString());
        Assert.Equal("Ask for the enrolment list", item.GetProperty("escalations").EnumerateArray().Single().GetProperty("reason").GetString());
        var closed = await anonymous.Http.GetFromJsonAsync<JsonElement>($"/api/feedback?status=closed&disbursement={disbursementId}");
        Assert.Empty(closed.GetProperty("items").EnumerateArray());
        Assert.Equal(HttpStatusCode.BadRequest, (await anonymous.Http.GetAsync("/api/feedback?status=lost")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await anonymous.Http.GetAsync("/api/feedback?region=5x")).StatusCode);
    }

    [Fact]
    public async Task A_hidden_text_is_gone_yet_its_entry_and_the_submitters_receipt_stay_valid()
    {
        var (disbursementId, _) = await FirstDisbursementAsync();
        using var anonymous = PortalClient.Anonymous(Server);
        const string abuse = "Abusive-Text-Marker-7731 about a named clerk";
        using var sent = await anonymous.PostAsync($"/api/disbursements/{disbursementId}/feedback",
            new { kind = "complaint", category = "other", text = abuse, contact = "contact-marker-5521@example.org" }, withAntiforgery: false);
        var receipt = await sent.Content.ReadFromJsonAsync<JsonElement>();
        var id = receipt.GetProperty("feedbackId").GetInt64();

        using var supervisor = await PortalClient.SignInAsync(Server, "supervisor");
        using var contact = await supervisor.Http.GetAsync($"/api/feedback/{id}/contact");
        Assert.Equal("no-store", contact.Headers.CacheControl?.ToString());
        Assert.Equal("contact-marker-5521@example.org", (await contact.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("contact").GetString());
        var reads = await supervisor.Http.GetStringAsync("/api/personal-data/reads");
        Assert.Contains("\"record\":\"feedback\"", reads, StringComparison.Ordinal);
        using var official = await PortalClient.SignInAsync(Server, "official");
        Assert.Equal(HttpStatusCode.Forbidden, (await official.Http.GetAsync($"/api/feedback/{id}/contact")).StatusCode);

        using var hidden = await supervisor.PostAsync($"/api/feedback/{id}/hide", new { reason = "Names and insults a clerk" });
        Assert.Equal(HttpStatusCode.OK, hidden.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await supervisor.PostAsync($"/api/feedback/{id}/hide", new { reason = "Again" })).StatusCode);

        var list = await anonymous.Http.GetStringAsync($"/api/feedback?disbursement={disbursementId}");
        Assert.DoesNotContain(abuse, list, StringComparison.Ordinal);
        var item = JsonDocument.Parse(list).RootElement.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("feedbackId").GetInt64() == id);
        Assert.Equal(JsonValueKind.Null, item.GetProperty("text").ValueKind);
        var hiding = item.GetProperty("hidden");
        Assert.Equal("Supervisor", hiding.GetProperty("role").GetString());
        Assert.Equal("Names and insults a clerk", hiding.GetProperty("reason").GetString());
        // The entry is unchanged and still proven; the receipt's text and salt still open its commitment.
        var entry = await anonymous.Http.GetFromJsonAsync<JsonElement>($"/api/ledger/entries/{receipt.GetProperty("ledgerIndex").GetInt64()}");
        Assert.Equal(receipt.GetProperty("leafData").GetString(), entry.GetProperty("leafData").GetString());
        Assert.Equal(receipt.GetProperty("textCommitment").GetString(), entry.GetProperty("payload").GetProperty("textCommitment").GetString());
        foreach (var command in new[] { new[] { "verify" }, ["rebuild-projections", "--check"] })
        {
            var run = await ChildProcess.RunAsync(SolutionPaths.WebDll, command, Server.Environment);
            Assert.True(run.ExitCode == 0, $"{string.Join(' ', command)}: {run.Output}{run.Error}");
        }

        // The submitter's receipt still proves what was sent, against the ledger, after the portal hid it.
        using var files = new TempDirectory();
        var kept = Path.Combine(files.Path, "receipt.json");
        await File.WriteAllTextAsync(kept, receipt.GetRawText());
        var proven = await ChildProcess.RunAsync(SolutionPaths.WebDll, ["verify", "--receipt", kept], Server.Environment);
        Assert.True(proven.ExitCode == 0, proven.Output + proven.Error);
        Assert.Contains($"feedback {id} (complaint on disbursement {disbursementId})", proven.Output, StringComparison.Ordinal);
        Assert.Contains(abuse, proven.Output, StringComparison.Ordinal);
        // A receipt whose text was changed does not open the commitment.
        var forged = Path.Combine(files.Path, "forged.json");
        await File.WriteAllTextAsync(forged, receipt.GetRawText().Replace("Abusive-Text-Marker-7731", "Polite-Text-Marker-7731", StringComparison.Ordinal));
        var refused = await ChildProcess.RunAsync(SolutionPaths.WebDll, ["verify", "--receipt", forged], Server.Environment);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("do not open the commitment", refused.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Photos_are_public_only_while_public_feedback_cites_them_and_evidence_cannot_be_cited()
    {
        var (disbursementId, _) = await FirstDisbursementAsync();
        using var anonymous = PortalClient.Anonymous(Server);
        // A phone's photo: its EXIF names where it was taken; what is stored, hashed and served does not.
        var clean = TestImages.Jpeg((ushort)Random.Shared.Next(2, ushort.MaxValue));
        var marker = $"GPS-{Guid.NewGuid():N}";
        byte[] phone = [.. clean[..20], .. TestImages.Segment(0xE1, [.. TestImages.Exif(orientation: 1), .. Encoding.ASCII.GetBytes(marker)]), .. clean[20..]];
        var photo = await UploadAsync(anonymous, phone, "image/jpeg");
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(clean)), photo);
        var uncited = await UploadAsync(anonymous, TestImages.Png((uint)Random.Shared.Next()), "image/png");
        Assert.Equal(HttpStatusCode.BadRequest, await UploadStatusAsync(anonymous, [0xFF, 0xD8, 0xFF, .. Encoding.ASCII.GetBytes("truncated")], "image/jpeg"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, await UploadStatusAsync(anonymous, Encoding.ASCII.GetBytes("%PDF-1.7"), "application/pdf"));
        Assert.Equal(HttpStatusCode.BadRequest, await UploadStatusAsync(anonymous, Encoding.ASCII.GetBytes("not a png"), "image/png"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, await UploadStatusAsync(anonymous, new byte[5 * 1024 * 1024 + 1], "image/png"));

        // An official's evidence document is not a citizen's photo: its public hash cannot be cited to publish it.
        using var official = await PortalClient.SignInAsync(Server, "official");
        using var evidenceBody = new ByteArrayContent([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. Encoding.ASCII.GetBytes($"evidence {Guid.NewGuid()}")]);
        evidenceBody.Headers.ContentType = new("image/png");
        using var stored = await official.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/evidence/") { Content = evidenceBody, Headers = { { "X-CSRF-TOKEN", official.AntiforgeryToken } } });
        var evidence = (await stored.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sha256").GetString()!;
        using var citingEvidence = await anonymous.PostAsync($"/api/disbursements/{disbursementId}/feedback", new { kind = "question", text = "See", photoSha256 = new[] { evidence } }, withAntiforgery: false);
        Assert.Equal(HttpStatusCode.BadRequest, citingEvidence.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.Http.GetAsync($"/api/feedback/photos/{evidence}")).StatusCode);

        using var sent = await anonymous.PostAsync($"/api/disbursements/{disbursementId}/feedback",
            new { kind = "confirmation", text = "The new roof, photographed today.", photoSha256 = new[] { photo.ToUpperInvariant() } }, withAntiforgery: false);
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        var id = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("feedbackId").GetInt64();
        using var shown = await anonymous.Http.GetAsync($"/api/feedback/photos/{photo}");
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        var served = await shown.Content.ReadAsByteArrayAsync();
        Assert.Equal(clean, served);
        Assert.DoesNotContain(marker, Encoding.Latin1.GetString(served), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.Http.GetAsync($"/api/feedback/photos/{uncited}")).StatusCode);
        var item = (await anonymous.Http.GetFromJsonAsync<JsonElement>($"/api/feedback?disbursement={disbursementId}"))
            .GetProperty("items").EnumerateArray().Single(i => i.GetProperty("feedbackId").GetInt64() == id);
        Assert.Equal(photo, item.GetProperty("photoSha256").EnumerateArray().Single().GetString());

        using var supervisor = await PortalClient.SignInAsync(Server, "supervisor");
        Assert.Equal(HttpStatusCode.OK, (await supervisor.PostAsync($"/api/feedback/{id}/hide", new { reason = "Shows a neighbour's face" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.Http.GetAsync($"/api/feedback/photos/{photo}")).StatusCode);
    }

    private static async Task<string> UploadAsync(PortalClient client, byte[] bytes, string type)
    {
        using var body = new ByteArrayContent(bytes);
        body.Headers.ContentType = new(type);
        using var uploaded = await client.Http.PostAsync("/api/feedback/photos", body);
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        return (await uploaded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sha256").GetString()!;
    }

    private static async Task<HttpStatusCode> UploadStatusAsync(PortalClient client, byte[] bytes, string type)
    {
        using var body = new ByteArrayContent(bytes);
        body.Headers.ContentType = new(type);
        using var uploaded = await client.Http.PostAsync("/api/feedback/photos", body);
        return uploaded.StatusCode;
    }

    private static async Task<HttpStatusCode> PostRawAsync(PortalClient client, string url, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await client.Http.PostAsync(url, content);
        return response.StatusCode;
    }

    private static async Task<long> SubmitAsync(PortalClient client, string url, object body)
    {
        using var sent = await client.PostAsync(url, body, withAntiforgery: false);
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        return (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("feedbackId").GetInt64();
    }

    private async Task<(long DisbursementId, long RequestId)> FirstDisbursementAsync()
    {
        var page = await Server.Client.GetFromJsonAsync<JsonElement>("/api/disbursements?limit=1");
        var id = page.GetProperty("items")[0].GetProperty("id").GetInt64();
        var detail = await Server.Client.GetFromJsonAsync<JsonElement>($"/api/disbursements/{id}");
        return (id, detail.GetProperty("requestId").GetInt64());
    }

    private async Task<long> OtherDepartmentsDisbursementAsync()
    {
        var (ownPayment, _) = await OwnPaymentAsync();
        var own = (await Server.Client.GetFromJsonAsync<JsonElement>($"/api/disbursements/{ownPayment}")).GetProperty("department").GetString();
        var page = await Server.Client.GetFromJsonAsync<JsonElement>("/api/disbursements?limit=100");
        return page.GetProperty("items").EnumerateArray().First(i => i.GetProperty("department").GetString() != own).GetProperty("id").GetInt64();
    }

    /// <summary>A payment on a request the demo official filed, so that official's department is the one concerned.</summary>
    private async Task<(long DisbursementId, long RequestId)> OwnPaymentAsync()
    {
        using var official = await PortalClient.SignInAsync(Server, "official");
        using var approver = await PortalClient.SignInAsync(Server, "approver2");
        using var bank = PortalClient.Bank(Server);
        var filed = await official.PostAsync("/api/requests", new { fundId = 1, program = "education", region = "520102", amount = 2_400m, purpose = "Boarding meals", beneficiaries = 38 });
        var requestId = (await filed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await approver.PostAsync($"/api/requests/{requestId}/approve", new { comment = "Eligible" })).StatusCode);
        var paid = await bank.PostAsync("/api/disbursements/confirm", new { requestId, bankReference = $"FB-{requestId}", amount = 2_400m, payee = "Nanming No. 3 School" });
        Assert.Equal(HttpStatusCode.Created, paid.StatusCode);
        return ((await paid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("disbursementId").GetInt64(), requestId);
    }
}
