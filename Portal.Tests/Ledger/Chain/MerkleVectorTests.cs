using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using Portal.Ledger.Chain;
using Portal.Ledger.Chain.Merkle;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Ledger.Chain;

/// <summary>
/// transparency-dev/merkle's inclusion and consistency proof vectors (Vectors/merkle, Apache-2.0): each happy path and
/// its mutations, through the C# verifier and through the browser's verify.js in Node. Both must answer every vector as
/// upstream expects (or as a listed deliberate deviation says) and the same as each other, so that a change to either
/// verifier the other does not share fails here.
/// </summary>
public sealed class MerkleVectorTests
{
    private static readonly string VectorRoot =
        Path.Combine(AppContext.BaseDirectory, "Ledger", "Chain", "Vectors", "merkle", "testdata");

    // Relative to the solution root, where the Node runner is started.
    private const string NodeRunner = "Portal.Tests/Ledger/Chain/Vectors/run-verify-js.mjs";
    private const string BrowserVerifier = "Portal.Web/wwwroot/js/verify.js";

    /// <summary>
    /// Upstream vectors that upstream expects to verify and the portal rejects on purpose, by file, with the reason.
    /// They still run: their rows assert that both verifiers reject them, and the row's label shows the reason.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> DeliberateDeviations = new Dictionary<string, string>
    {
        ["consistency/additional/sizes-are-equal-one-and-proof-is-empty.json"] =
            "its two roots are the 12 bytes \"don't care 2\", not SHA-256 hashes; upstream only compares them as byte "
            + "strings, while both portal verifiers refuse any hash that is not 32 bytes, so that a truncated or "
            + "padded hash can never verify",
    };

    public static IEnumerable<TheoryDataRow<string>> InclusionVectors() => Rows("inclusion");

    public static IEnumerable<TheoryDataRow<string>> ConsistencyVectors() => Rows("consistency");

    [Theory]
    [MemberData(nameof(InclusionVectors))]
    public void Every_upstream_inclusion_vector_is_verified_or_rejected_by_the_CSharp_verifier_as_expected(string file) =>
        AssertCSharpAnswersAsExpected(file);

    [Theory]
    [MemberData(nameof(ConsistencyVectors))]
    public void Every_upstream_consistency_vector_is_verified_or_rejected_by_the_CSharp_verifier_as_expected(string file) =>
        AssertCSharpAnswersAsExpected(file);

    [Fact]
    public void The_copied_vectors_are_all_98_inclusion_and_all_98_consistency_vectors_of_upstream()
    {
        // Upstream's count at the copied commit (see Vectors/merkle/README.md): a vector lost on the way to the test
        // output (MSBuild treats some characters of these file names specially) would otherwise just be a missing row.
        Assert.Equal(98, Files("inclusion").Count);
        Assert.Equal(98, Files("consistency").Count);
    }

    [Fact]
    public void Every_deliberate_deviation_names_a_copied_vector_that_upstream_expects_to_verify()
    {
        // A deviation must not outlive its vector, nor cover one the portal agrees with upstream about.
        foreach (var file in DeliberateDeviations.Keys)
        {
            Assert.Contains(file, AllFiles());
            Assert.False(Vector.Load(file).WantErr, $"{file}: upstream already expects it rejected; it is no deviation.");
        }
    }

    [Fact]
    public async Task Every_upstream_vector_gets_the_same_answer_from_verify_js_in_Node_as_from_the_CSharp_verifier_and_as_expected()
    {
        var summary = await RunNodeAsync();
        var js = summary.RootElement.GetProperty("results").EnumerateArray().ToDictionary(
            r => r.GetProperty("file").GetString()!,
            r => new Outcome(r.GetProperty("got").GetString()!, r.TryGetProperty("detail", out var detail) ? detail.GetString() : null));
        // Every copied vector ran in Node, and nothing else did.
        Assert.Equal(AllFiles(), js.Keys.Order(StringComparer.Ordinal));

        var wrong = new List<string>();
        foreach (var file in AllFiles())
        {
            var vector = Vector.Load(file);
            var csharp = vector.RunCSharp();
            var browser = js[file];
            // 'crashed' is an exception other than a VerifyError: a bug in verify.js even when it happens to reject.
            if (browser.Got == "crashed" || browser.Accepted != vector.ExpectedAccepted || browser.Accepted != csharp.Accepted)
            {
                wrong.Add($"{file} ({vector.Description}): expected {vector.Expected}; verify.js {browser}; C# {csharp}");
            }
        }
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {js.Count} vectors answered differently:\n{string.Join('\n', wrong)}");
        // The browser verifier's own SHA-256 (sha256.js), against Node's on every input length up to 1,100 bytes.
        Assert.Equal(1101, summary.RootElement.GetProperty("sha256Lengths").GetInt32());
        Assert.Empty(summary.RootElement.GetProperty("sha256Mismatches").EnumerateArray());
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{js.Count} vectors, verify.js in Node {summary.RootElement.GetProperty("node").GetString()}: all as expected and as in C#.");
    }

    private static void AssertCSharpAnswersAsExpected(string file)
    {
        var vector = Vector.Load(file);
        var outcome = vector.RunCSharp();
        Assert.True(outcome.Accepted == vector.ExpectedAccepted,
            $"{file} ({vector.Description}): expected {vector.Expected}; the C# verifier {outcome}.");
    }

    private static async Task<JsonDocument> RunNodeAsync()
    {
        var info = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = SolutionPaths.Root,
        };
        info.ArgumentList.Add(NodeRunner);
        info.ArgumentList.Add(BrowserVerifier);
        // The copies beside the tests, the same files the C# rows read.
        info.ArgumentList.Add(VectorRoot);
        ChildProcess.Result run;
        try
        {
            run = await ChildProcess.RunAsync(info, TimeSpan.FromMinutes(2));
        }
        catch (Win32Exception e)
        {
            // Failing, never skipping: without Node nothing checks that the browser verifier still agrees with C#.
            throw new InvalidOperationException(
                $"Node.js ('node' on PATH) could not be started: {e.Message}. This test runs the browser verifier "
                + $"{BrowserVerifier} in Node 20 or later; install Node to run it.", e);
        }
        Assert.True(run.ExitCode == 0, $"{NodeRunner} exited with {run.ExitCode}:\n{run.Error}\n{run.Output}");
        return JsonDocument.Parse(run.Output);
    }

    private static IEnumerable<TheoryDataRow<string>> Rows(string kind) =>
        Files(kind).Select(file => new TheoryDataRow<string>(file)
        {
            // A label replaces the argument in the row's name, so it repeats the file.
            Label = DeliberateDeviations.TryGetValue(file, out var reason) ? $"{file}, a deliberate deviation: {reason}" : null,
        });

    private static List<string> AllFiles() => [.. Files("inclusion").Concat(Files("consistency")).Order(StringComparer.Ordinal)];

    // Paths relative to the testdata folder with '/', as upstream lays them out (e.g. "inclusion/1/happy-path.json").
    private static List<string> Files(string kind) =>
        [.. Directory.EnumerateFiles(Path.Combine(VectorRoot, kind), "*.json", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(VectorRoot, path).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)];

    /// <summary>verified, not-verified (a well-formed proof leading to another root) or refused (malformed), with the reason.</summary>
    private sealed record Outcome(string Got, string? Detail)
    {
        public bool Accepted => Got == "verified";

        public override string ToString() => Detail is null ? Got : $"{Got} ({Detail})";
    }

    private sealed record Vector(string File, string Description, bool WantErr, Action Verify)
    {
        public bool ExpectedAccepted => !WantErr && !DeliberateDeviations.ContainsKey(File);

        public string Expected =>
            DeliberateDeviations.ContainsKey(File) ? "rejected (a deliberate deviation: upstream expects verified)"
            : WantErr ? "rejected" : "verified";

        public Outcome RunCSharp()
        {
            try
            {
                Verify();
                return new Outcome("verified", null);
            }
            catch (RootMismatchException e)
            {
                return new Outcome("not-verified", e.Message);
            }
            catch (ProofException e)
            {
                // Only the verifier's own refusal counts as rejecting; any other exception is a bug and fails the test.
                return new Outcome("refused", e.Message);
            }
        }

        public static Vector Load(string file)
        {
            using var json = JsonDocument.Parse(System.IO.File.ReadAllBytes(Path.Combine(VectorRoot, file)));
            var v = json.RootElement;
            byte[] Hash(string name) => v.GetProperty(name).GetBytesFromBase64();
            // Upstream sizes are uint64. The one above long.MaxValue is "leafIdx sub @1" applied to index 0, i.e. 0 - 1
            // wrapped around; in the portal's signed sizes the same mutation is -1, the same 64 bits, passed as such.
            long Size(string name) => unchecked((long)v.GetProperty(name).GetUInt64());
            // Upstream writes an empty proof as null.
            byte[][] proof = v.GetProperty("proof").ValueKind == JsonValueKind.Null
                ? []
                : [.. v.GetProperty("proof").EnumerateArray().Select(h => h.GetBytesFromBase64())];
            var verify = file.StartsWith("inclusion/", StringComparison.Ordinal)
                ? Inclusion(Size("leafIdx"), Size("treeSize"), Hash("leafHash"), proof, Hash("root"))
                : Consistency(Size("size1"), Size("size2"), Hash("root1"), Hash("root2"), proof);
            return new Vector(file, v.GetProperty("desc").GetString()!, v.GetProperty("wantErr").GetBoolean(), verify);
        }

        private static Action Inclusion(long index, long treeSize, byte[] leafHash, byte[][] proof, byte[] root) =>
            () => ProofVerifier.VerifyInclusion(index, treeSize, leafHash, proof, root);

        private static Action Consistency(long size1, long size2, byte[] root1, byte[] root2, byte[][] proof) =>
            () => ProofVerifier.VerifyConsistency(size1, size2, root1, root2, proof);
    }
}
