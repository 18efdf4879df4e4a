using Portal.Tests.Infrastructure;

namespace Portal.Tests.Web.Components;

/// <summary>
/// The verifier's results are worded in the browser (verify-text.js), in the page's language, with their facts
/// formatted for it; an unknown code shows as itself rather than vanish.
/// </summary>
public sealed class VerifierWordingTests
{
    private const string Checks = """
        [
          { ok: true, title: 'ledger-key', detail: 'key-same', args: { name: 'test.portal.example/ledger', id: '0a1b2c3d', since: '2026-11-20' } },
          { ok: true, title: 'entry-included', detail: 'proof-leads-to-root', args: { index: 1234, count: 11 } },
          { ok: false, title: 'stopped', detail: 'wrong-hash-length', args: { what: 'proof-hash', position: 3, length: 31 } },
          { ok: true, title: 'history', detail: 'history-extends', args: { current: 3801692, since: '2026-11-20', seen: 12 } },
          { ok: false, title: 'shown', detail: 'shown-differs', args: { label: 'amount-paid', index: 41, shown: '6000', recorded: '5000' } },
          { ok: false, title: 'stopped', detail: 'some-future-code' },
        ]
        """;

    [Fact]
    public async Task Results_are_worded_in_the_page_language_with_their_facts_formatted()
    {
        var english = await WordAsync("en");
        Assert.Equal("Ledger key: Same key test.portal.example/ledger (ID 0a1b2c3d) this browser has trusted since Nov 20, 2026.", english[0]);
        Assert.Equal("Entry 1234: in the signed ledger: 11 proof hashes lead to the checkpoint's root.", english[1]);
        Assert.Equal("Verification stopped: Proof hash 3 has 31 bytes; SHA-256 hashes have 32.", english[2]);
        Assert.StartsWith("History this browser saw: Today's ledger (3,801,692 entries) extends", english[3], StringComparison.Ordinal);
        Assert.Equal("What this page shows: The amount paid is shown as \"6000\", but entry 41 records \"5000\".", english[4]);
        Assert.Equal("Verification stopped: some-future-code", english[5]);

        var chinese = await WordAsync("zh-CN");
        Assert.Equal("账本密钥：与本浏览器自 2026年11月20日 起信任的密钥 test.portal.example/ledger（ID 0a1b2c3d）一致。", chinese[0]);
        Assert.Equal("条目 1234 位于已签名账本中：11 个证明哈希可推导出检查点的根。", chinese[1]);
        Assert.Contains("第 3 个证明哈希长 31 字节；SHA-256 哈希应为 32 字节。", chinese[2], StringComparison.Ordinal);
        Assert.Contains("3,801,692", chinese[3], StringComparison.Ordinal);
        Assert.Contains("some-future-code", chinese[5], StringComparison.Ordinal);
    }

    private static async Task<string[]> WordAsync(string lang)
    {
        var worded = await BrowserModules.EvaluateAsync("verify-text.js",
            $"return {Checks}.map(c => {{ const {{ title, detail }} = m.describe(c, '{lang}'); return title + m.uiText('separator', '{lang}') + detail; }});");
        return [.. worded.EnumerateArray().Select(e => e.GetString()!)];
    }
}
