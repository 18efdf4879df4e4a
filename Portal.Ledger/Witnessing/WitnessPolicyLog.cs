using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Ledger.Chain;
using Portal.Ledger.Chain.Writing;
using Portal.Ledger.Storage;

namespace Portal.Ledger.Witnessing;

/// <summary>A witness policy the ledger records, by its entry's index and the SHA-256 of its text (null: no policy).</summary>
public sealed record RecordedPolicy(long Index, string? Sha256);

/// <summary>
/// The witness policies the ledger records. A browser pins the policy it first saw, as it pins the key, so a portal
/// cannot show one reader other witnesses (its own) than it shows the rest: it must record every change of policy in
/// the ledger everyone reads, in a <c>ledger.witness-policy-set</c> entry whose payload holds the whole new policy
/// (<c>{"policy": text}</c>, or null for none). The portal records the policy it serves when it starts.
/// </summary>
public sealed class WitnessPolicyLog(LedgerStore store, LedgerWriter writer)
{
    public const string Kind = "ledger.witness-policy-set";

    private volatile IReadOnlyList<RecordedPolicy>? _recorded;

    /// <summary>The lowercase hex SHA-256 of a policy's text, as served: what browsers pin.</summary>
    public static string Hash(string policyText) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(policyText)));

    public static string Payload(string? policyText) => JsonSerializer.Serialize(new { policy = policyText });

    /// <summary>Every recorded policy, oldest first. Finding them reads every entry's kind, once per process.</summary>
    public async Task<IReadOnlyList<RecordedPolicy>> ReadAsync(CancellationToken cancellationToken = default)
    {
        if (_recorded is { } recorded)
        {
            return recorded;
        }
        await using var db = store.CreateContext();
        var rows = await db.Entries.AsNoTracking().Where(e => e.Kind == Kind).OrderBy(e => e.Index)
            .Select(e => new { e.Index, e.Payload }).ToListAsync(cancellationToken);
        return _recorded = rows.ConvertAll(r => new RecordedPolicy(r.Index, PolicyOf(r.Payload) is { } text ? Hash(text) : null));
    }

    /// <summary>
    /// Records the policy this portal serves unless it is already the last one recorded (or there is none and none
    /// was ever recorded); returns the new record, or null when nothing changed. Two instances starting together
    /// may both record the same change: the second entry repeats the first and changes nothing for a reader.
    /// </summary>
    public async Task<RecordedPolicy?> EnsureRecordedAsync(string? policyText, string actor, CancellationToken cancellationToken = default)
    {
        var recorded = await ReadAsync(cancellationToken);
        var hash = policyText is null ? null : Hash(policyText);
        if (recorded.Count > 0 ? recorded[^1].Sha256 == hash : hash is null)
        {
            return null;
        }
        var receipt = await writer.AppendAsync(new EntryDraft(Kind, actor, Payload(policyText)), cancellationToken);
        var added = new RecordedPolicy(receipt.Index, hash);
        _recorded = [.. recorded, added];
        return added;
    }

    /// <summary>The policy text a recorded payload holds; null for none (or a payload that names none).</summary>
    public static string? PolicyOf(string payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("policy", out var policy) && policy.ValueKind == JsonValueKind.String
                ? policy.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
