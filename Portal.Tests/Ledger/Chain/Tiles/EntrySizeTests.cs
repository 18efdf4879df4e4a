using Portal.Ledger.Chain;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Ledger.Chain.Tiles;

/// <summary>
/// An entry bundle length-prefixes each entry with 16 bits: an entry whose leaf input would be longer is refused at
/// append, with the reason, and nothing is appended.
/// </summary>
public sealed class EntrySizeTests
{
    [Fact]
    public async Task An_entry_over_65535_bytes_as_recorded_is_refused_and_nothing_is_appended()
    {
        await using var ledger = await LedgerHarness.CreateAsync();
        await ledger.Writer.AppendAsync(LedgerHarness.Draft(1));
        var before = await ledger.Reader.GetTreeSizeAsync();

        // 25 bytes of framing, the kind and the actor, and a payload that brings the whole to one byte too many.
        var kind = "test.entry";
        var actor = "tester";
        var payload = "\"" + new string('a', EntryEncoding.MaxLeafInputBytes + 1 - 25 - kind.Length - actor.Length - 2) + "\"";
        Assert.Equal(EntryEncoding.MaxLeafInputBytes + 1, EntryEncoding.EncodedLength(kind, actor, payload));
        var refused = await Assert.ThrowsAsync<LedgerArgumentException>(() => ledger.Writer.AppendAsync(new EntryDraft(kind, actor, payload)));
        Assert.Contains("at most 65,535 bytes", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, await ledger.Reader.GetTreeSizeAsync());

        // One byte less fits.
        await ledger.Writer.AppendAsync(new EntryDraft(kind, actor, payload[..^2] + "\""));
        Assert.Equal(before + 1, await ledger.Reader.GetTreeSizeAsync());
    }
}
