using System.Globalization;

namespace Portal.Ledger.Witnessing;

/// <summary>
/// A C2SP tlog-policy witness policy: the witnesses (<c>witness &lt;name&gt; &lt;vkey&gt; &lt;url&gt;</c>), groups of them
/// (<c>group &lt;name&gt; all|any|&lt;k&gt; &lt;members&gt;...</c>, members being witnesses or earlier groups) and the quorum
/// a checkpoint needs (<c>quorum &lt;name&gt;|none</c>). <c>log</c> lines and <c>#</c> comments are ignored.
/// </summary>
public sealed class WitnessPolicy
{
    private readonly Dictionary<string, (int Threshold, List<string> Members)> _groups = new(StringComparer.Ordinal);

    private WitnessPolicy(string text) => Text = text;

    /// <summary>The policy file's text, as published.</summary>
    public string Text { get; }

    public IReadOnlyList<PolicyWitness> Witnesses => _witnesses;

    private readonly List<PolicyWitness> _witnesses = [];

    /// <summary>The witness or group whose threshold is the quorum; null for <c>quorum none</c>.</summary>
    public string? Quorum { get; private set; }

    public sealed record PolicyWitness(string Name, CosignatureVerifier Key, Uri Url);

    /// <summary>Whether cosignatures by these witnesses (by policy name) meet the quorum.</summary>
    public bool IsMetBy(IReadOnlyCollection<string> cosigners) => Quorum is null || Holds(Quorum, cosigners);

    private bool Holds(string name, IReadOnlyCollection<string> cosigners) =>
        _groups.TryGetValue(name, out var group)
            ? group.Members.Count(m => Holds(m, cosigners)) >= group.Threshold
            : cosigners.Contains(name);

    /// <summary>
    /// The policy's witnesses whose cosignature on the checkpoint verifies, and those with a line under their name and
    /// key ID that does not (a forgery, or a cosignature of another checkpoint).
    /// </summary>
    public WitnessCount Count(Chain.Checkpoints.SignedNote checkpoint)
    {
        var valid = new List<string>();
        var invalid = new List<string>();
        foreach (var witness in _witnesses)
        {
            var lines = checkpoint.Signatures.Where(s => s.Name == witness.Key.Name && s.KeyId == witness.Key.KeyId).ToList();
            if (lines.Any(s => witness.Key.Verify(checkpoint.Text, s, out _)))
            {
                valid.Add(witness.Name);
            }
            else if (lines.Count > 0)
            {
                invalid.Add(witness.Name);
            }
        }
        return new WitnessCount(valid, invalid, IsMetBy(valid));
    }

    public static WitnessPolicy Parse(string text)
    {
        var policy = new WitnessPolicy(text);
        var names = new HashSet<string>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            string Fail(string reason) => throw new FormatException($"Witness policy line {lineNumber} (\"{line}\"): {reason}");
            switch (fields[0])
            {
                case "log":
                    break;
                case "witness":
                    if (fields.Length != 4)
                    {
                        Fail("a witness is 'witness <name> <vkey> <url>'.");
                    }
                    if (!names.Add(fields[1]))
                    {
                        Fail($"'{fields[1]}' is named twice.");
                    }
                    if (!Uri.TryCreate(fields[3], UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
                    {
                        Fail($"'{fields[3]}' is not an http(s) URL.");
                    }
                    policy._witnesses.Add(new PolicyWitness(fields[1], CosignatureVerifier.Parse(fields[2]), url!));
                    break;
                case "group":
                    if (fields.Length < 4)
                    {
                        Fail("a group is 'group <name> all|any|<k> <members>...'.");
                    }
                    var members = fields[3..].ToList();
                    var unknown = members.FirstOrDefault(m => !names.Contains(m));
                    if (unknown is not null)
                    {
                        Fail($"'{unknown}' is not a witness or group defined above.");
                    }
                    var threshold = fields[2] switch
                    {
                        "all" => members.Count,
                        "any" => 1,
                        var k when int.TryParse(k, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= members.Count => n,
                        _ => -1,
                    };
                    if (threshold < 0)
                    {
                        Fail($"'{fields[2]}' is not all, any or a number from 1 to {members.Count}.");
                    }
                    if (!names.Add(fields[1]))
                    {
                        Fail($"'{fields[1]}' is named twice.");
                    }
                    policy._groups[fields[1]] = (threshold, members);
                    break;
                case "quorum":
                    if (fields.Length != 2 || (fields[1] != "none" && !names.Contains(fields[1])))
                    {
                        Fail("the quorum is 'quorum <witness or group>' or 'quorum none'.");
                    }
                    policy.Quorum = fields[1] == "none" ? null : fields[1];
                    break;
                default:
                    Fail($"'{fields[0]}' is not log, witness, group or quorum.");
                    break;
            }
        }
        return policy;
    }
}

/// <summary>Who cosigned a checkpoint, by the policy's names, and whether that meets its quorum.</summary>
public sealed record WitnessCount(IReadOnlyList<string> Valid, IReadOnlyList<string> Invalid, bool QuorumMet);
