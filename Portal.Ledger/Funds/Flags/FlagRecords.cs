using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Ledger.Funds;

/// <summary>A version of the red-flag rules, as its <c>flag-rules.set</c> entry set it.</summary>
public sealed class FlagRulesRecord
{
    public int Version { get; set; }
    public required string RulesJson { get; set; }
    public long LedgerIndex { get; set; }
    public long SetAtMs { get; set; }
}

/// <summary>
/// The recent filings of one department for one region and program under one fund, at or below the fund's largest
/// approval threshold: what threshold-splitting adds up. Found by key, so filings earlier in the same block count.
/// The writer keeps the row tracked from block to block: the filings are parsed once when it is loaded, changed in
/// place as entries are projected, and written out once, when the block's rows are saved.
/// </summary>
public sealed class FilingWindowRecord
{
    private readonly TextList<WindowFiling> _filings = new(WindowFiling.Parse);

    /// <summary><c>fund/department/region/program</c>.</summary>
    public required string Key { get; set; }

    /// <summary>Each filing as <c>requestId:amount:filedAtMs:ledgerIndex</c>, separated by <c>;</c>, oldest first.</summary>
    public string Filings
    {
        get => _filings.Text;
        set => _filings.Text = value;
    }

    /// <summary>The filings, oldest first, to read and change in place; call <see cref="Changed"/> after a change.</summary>
    public List<WindowFiling> Window => _filings.Items;

    public void Changed() => _filings.Changed();

    public static string KeyOf(RequestRecord r) => $"{r.FundId}/{r.DepartmentCode}/{r.RegionCode}/{r.ProgramCode}";
}

public readonly record struct WindowFiling(long RequestId, decimal Amount, long FiledAtMs, long LedgerIndex)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{RequestId}:{Amount}:{FiledAtMs}:{LedgerIndex}");

    public static WindowFiling Parse(string text)
    {
        var parts = text.Split(':');
        return new WindowFiling(long.Parse(parts[0], CultureInfo.InvariantCulture), decimal.Parse(parts[1], CultureInfo.InvariantCulture),
            long.Parse(parts[2], CultureInfo.InvariantCulture), long.Parse(parts[3], CultureInfo.InvariantCulture));
    }
}

internal sealed class FlagRulesMapping : IEntityTypeConfiguration<FlagRulesRecord>
{
    public void Configure(EntityTypeBuilder<FlagRulesRecord> f)
    {
        f.ToTable("FlagRules");
        f.HasKey(x => x.Version);
        f.Property(x => x.Version).ValueGeneratedNever();
        f.Property(x => x.RulesJson).HasMaxLength(4000);
    }
}

internal sealed class FilingWindowMapping : IEntityTypeConfiguration<FilingWindowRecord>
{
    public void Configure(EntityTypeBuilder<FilingWindowRecord> w)
    {
        w.ToTable("FilingWindows");
        w.HasKey(x => x.Key);
        w.Property(x => x.Key).HasMaxLength(200);
        // Through the property: it writes out the filings changed in place since the row was loaded.
        w.Property(x => x.Filings).UsePropertyAccessMode(PropertyAccessMode.Property);
        w.Ignore(x => x.Window);
    }
}

/// <summary>
/// Requests of one fund, region and purpose that were cancelled or rejected recently: what cancel-and-refile
/// compares a new filing with. Kept like <see cref="FilingWindowRecord"/>, by key, parsed once per load.
/// </summary>
public sealed class WithdrawnRequestsRecord
{
    private readonly TextList<WithdrawnRequest> _requests = new(WithdrawnRequest.Parse);

    /// <summary><c>fund/region/</c> and the SHA-256 of the purpose as compared (trimmed, spaces collapsed, lower case).</summary>
    public required string Key { get; set; }

    /// <summary>Each as <c>requestId:amount:withdrawnAtMs:filedIndex:withdrawnIndex</c>, separated by <c>;</c>, oldest first.</summary>
    public string Requests
    {
        get => _requests.Text;
        set => _requests.Text = value;
    }

    public List<WithdrawnRequest> List => _requests.Items;

    public void Changed() => _requests.Changed();

    public static string KeyOf(RequestRecord r)
    {
        return $"{r.FundId}/{r.RegionCode}/{PurposeKey(r.Purpose)}";
    }

    /// <summary>A purpose as the rules compare it (trimmed, spaces collapsed, lower case), as a SHA-256 that fits a key.</summary>
    public static string PurposeKey(string purpose)
    {
        var compared = string.Join(' ', purpose.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(compared)));
    }
}

public readonly record struct WithdrawnRequest(long RequestId, decimal Amount, long WithdrawnAtMs, long FiledIndex, long WithdrawnIndex)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{RequestId}:{Amount}:{WithdrawnAtMs}:{FiledIndex}:{WithdrawnIndex}");

    public static WithdrawnRequest Parse(string text)
    {
        var p = text.Split(':');
        return new WithdrawnRequest(long.Parse(p[0], CultureInfo.InvariantCulture), decimal.Parse(p[1], CultureInfo.InvariantCulture),
            long.Parse(p[2], CultureInfo.InvariantCulture), long.Parse(p[3], CultureInfo.InvariantCulture), long.Parse(p[4], CultureInfo.InvariantCulture));
    }
}

internal sealed class WithdrawnRequestsMapping : IEntityTypeConfiguration<WithdrawnRequestsRecord>
{
    public void Configure(EntityTypeBuilder<WithdrawnRequestsRecord> w)
    {
        w.ToTable("WithdrawnRequests");
        w.HasKey(x => x.Key);
        w.Property(x => x.Key).HasMaxLength(100);
        w.Property(x => x.Requests).UsePropertyAccessMode(PropertyAccessMode.Property);
        w.Ignore(x => x.List);
    }
}

/// <summary>
/// A list a read-model row keeps as text (items separated by <c>;</c>): parsed once when the row is loaded, changed
/// in place while the writer keeps the row tracked, and written out when the row is saved (its property is mapped
/// with property access, so saving reads <see cref="Text"/>).
/// </summary>
internal sealed class TextList<T>(Func<string, T> parse)
    where T : struct
{
    private string _text = "";
    private List<T>? _items;
    private bool _changed;

    public string Text
    {
        get
        {
            if (_changed)
            {
                _text = string.Join(';', _items!.Select(i => i.ToString()));
                _changed = false;
            }
            return _text;
        }
        set
        {
            _text = value;
            _items = null;
            _changed = false;
        }
    }

    public List<T> Items => _items ??= _text.Length == 0 ? [] : [.. _text.Split(';').Select(parse)];

    public void Changed()
    {
        _ = Items;
        _changed = true;
    }
}
