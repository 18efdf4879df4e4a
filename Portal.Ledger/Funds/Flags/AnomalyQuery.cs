using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Portal.Ledger.Funds;

/// <summary>Filters of the anomaly list. A region code matches its whole subtree; a flag about a whole fund matches no region or department.</summary>
public sealed record AnomalyFilter(
    string? Kind = null,
    long? FundId = null,
    string? Region = null,
    string? Department = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    bool? Reviewed = null)
{
    public long? FromMs => From?.ToUnixTimeMilliseconds();

    public long? ToMs => To?.ToUnixTimeMilliseconds();
}

/// <summary>
/// Keyset position in the newest-first order of the anomaly list (detected time, then source, then id), opaque to
/// clients. It carries the moment the first page was computed at, so the flags that come of time passing (usage
/// missing, funds idle) are computed as of the same moment on every later page and a listing never shifts.
/// </summary>
public sealed record AnomalyCursor(long DetectedAtMs, int Source, long Id, long AsOfMs)
{
    public string Encode() => Base64Url.EncodeToString(Encoding.ASCII.GetBytes(
        string.Create(CultureInfo.InvariantCulture, $"{DetectedAtMs}:{Source}:{Id}:{AsOfMs}")));

    public static bool TryDecode(string text, out AnomalyCursor cursor)
    {
        cursor = null!;
        if (text.Length is 0 or > 128 || !Base64Url.IsValid(text))
        {
            return false;
        }
        var parts = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(text)).Split(':');
        if (parts.Length == 4
            && long.TryParse(parts[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var detected)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var source) && source < AnomalySources.Count
            && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            && long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var asOf))
        {
            cursor = new AnomalyCursor(detected, source, id, asOf);
            return true;
        }
        return false;
    }

    /// <summary>Whether an item of <paramref name="source"/> detected at the same time as the cursor comes after it.</summary>
    public bool TiesAfter(int source) => source > Source;
}

/// <summary>Where flags come from, in the order the list breaks ties of detection time by.</summary>
public static class AnomalySources
{
    /// <summary>Raised by an entry as it was projected, and stored.</summary>
    public const int Stored = 0;
    public const int UsageMissing = 1;
    public const int FundsIdle = 2;
    public const int ComplaintUnanswered = 3;
    public const int ApprovalConcentration = 4;
    public const int PayeeConcentration = 5;
    public const int Count = 6;
}

/// <param name="NextCursor">Pass as <c>cursor</c> for the older flags; null on the last page.</param>
public sealed record AnomalySlice(IReadOnlyList<Anomaly> Items, string? NextCursor);

/// <summary>One flag as the API serves it; <paramref name="Id"/> names it in a review, and <paramref name="Review"/> is its latest.</summary>
public sealed record AnomalyItem(
    string Kind, long FundId, IReadOnlyList<long> RequestIds, IReadOnlyList<long> DisbursementIds, DateTimeOffset DetectedAt, string Detail,
    int? RuleVersion, IReadOnlyList<long> LedgerIndexes, int Score, string Id, AnomalyReview? Review)
{
    public static AnomalyItem From(Anomaly a) => new(
        a.Kind, a.FundId, a.RequestIds ?? [], a.DisbursementIds ?? [], a.DetectedAt, a.Detail, a.RuleVersion, a.LedgerIndexes ?? [], a.Score,
        FlagKey.Of(a).ToString(), a.Review);
}

/// <param name="NextCursor">Pass as <c>cursor</c> for the older flags; null on the last page.</param>
public sealed record AnomalyPage(IReadOnlyList<AnomalyItem> Items, string? NextCursor);
