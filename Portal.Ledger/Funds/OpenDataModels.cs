using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Portal.Ledger.Funds;

/// <summary>Filters of the open-data disbursement queries. Region codes match their whole subtree (5201 = all of Guiyang).</summary>
public sealed record DisbursementFilter(
    long? FundId = null,
    string? Region = null,
    string? Program = null,
    string? Department = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    decimal? MinAmount = null,
    decimal? MaxAmount = null);

/// <summary>
/// Keyset position in the newest-first order (paid time, then id), opaque to clients. It carries the tree size the
/// first page was read at, so every later page is read at the same ledger state and a listing never shifts under a
/// client that pages while the ledger grows (null in cursors made before it did).
/// </summary>
public sealed record DisbursementCursor(long PaidAtMs, long Id, long? TreeSize = null)
{
    public string Encode() => Base64Url.EncodeToString(Encoding.ASCII.GetBytes(TreeSize is { } size
        ? string.Create(CultureInfo.InvariantCulture, $"{PaidAtMs}:{Id}:{size}")
        : string.Create(CultureInfo.InvariantCulture, $"{PaidAtMs}:{Id}")));

    public static bool TryDecode(string text, out DisbursementCursor cursor)
    {
        cursor = null!;
        if (text.Length is 0 or > 96 || !Base64Url.IsValid(text))
        {
            return false;
        }
        var parts = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(text)).Split(':');
        if (parts.Length is 2 or 3
            && long.TryParse(parts[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var paidAt)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            long? size = null;
            if (parts.Length == 3)
            {
                if (!long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var pinned) || pinned < 1)
                {
                    return false;
                }
                size = pinned;
            }
            cursor = new DisbursementCursor(paidAt, id, size);
            return true;
        }
        return false;
    }
}

public sealed record FundSummary(long Id, string Name, string Currency, decimal Budget, decimal Requested, decimal Approved, decimal Paid, decimal Used)
{
    /// <summary>A fund's totals rounded to its currency's precision, as the open-data answers give them.</summary>
    public static FundSummary Rounded(long id, string name, string currency, decimal budget, decimal requested, decimal approved, decimal paid, decimal used)
    {
        var digits = Money.PrecisionOf(currency);
        return new FundSummary(id, name, currency, Money.Normalize(budget, digits), Money.Normalize(requested, digits),
            Money.Normalize(approved, digits), Money.Normalize(paid, digits), Money.Normalize(used, digits));
    }
}

public sealed record DisbursementItem(
    long Id, long FundId, string Region, string Program, string Department, decimal Amount, string Currency,
    DateTimeOffset PaidAt, IReadOnlyList<long> LedgerIndexes);

public sealed record DisbursementPage(IReadOnlyList<DisbursementItem> Items, string? NextCursor);

/// <summary>One step of a record's history, read from the ledger entry that recorded it.</summary>
public sealed record TimelineStep(string Kind, DateTimeOffset Time, string ActorRole, decimal? Amount, long LedgerIndex, long BlockHeight);

/// <param name="RegionName">The region's Chinese name; <paramref name="RegionNameEn"/> its English one (likewise for programs).</param>
public sealed record DisbursementDetail(
    long Id, long FundId, string FundName, long RequestId, string Region, string RegionName, string RegionNameEn, string Program, string ProgramName,
    string ProgramNameEn, string Department, string DepartmentName, string Purpose, int Beneficiaries, decimal Amount, string Currency, DateTimeOffset PaidAt,
    string RequestState, decimal RequestedAmount, decimal RequestDisbursed, decimal RequestUsed, decimal RequestReturned,
    IReadOnlyList<long> LedgerIndexes, IReadOnlyList<TimelineStep> Timeline, long LedgerIndex, DefinitionIndexes Definitions,
    PayeeView? Payee = null);

/// <summary>
/// Who was paid, as the public may see it: an organisation by name; an individual never (<see cref="Name"/> is
/// null, and <see cref="Commitment"/> is what the entry holds instead), with the erasure of the name once erased.
/// </summary>
public sealed record PayeeView(string Type, string? Name, string? Commitment, PayeeErasure? Erased);

public sealed record PayeeErasure(DateTimeOffset At, string Reason, long LedgerIndex);

/// <summary>
/// The ledger entries that define the names a record shows: the fund's creation and the region's, program's and
/// department's definitions (null for a definition projected before its index was kept).
/// </summary>
public sealed record DefinitionIndexes(long Fund, long? Region, long? Program, long? Department);

/// <param name="Parent">For regions, the parent region's code; for departments, their region.</param>
public sealed record Choice(string Code, string Name, string NameEn, string? Parent);

public sealed record FilterChoices(IReadOnlyList<Choice> Funds, IReadOnlyList<Choice> Programs, IReadOnlyList<Choice> Departments, IReadOnlyList<Choice> Regions);
