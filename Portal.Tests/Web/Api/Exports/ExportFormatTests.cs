using Portal.Ledger.Funds;
using Portal.Web.Api.Exports;

namespace Portal.Tests.Web.Api.Exports;

/// <summary>The small rules the exports rest on: region prefixes as ranges, and text XML can hold.</summary>
public sealed class ExportFormatTests
{
    [Theory]
    [InlineData("5201", "5202")]
    [InlineData("1309", "1310")]
    [InlineData("110109", "110110")]
    [InlineData("5299", "5300")]
    [InlineData("99", null)]
    public void A_region_prefix_is_the_range_up_to_the_next_number_of_its_length(string prefix, string? before)
    {
        Assert.Equal((prefix, before), RegionCodes.PrefixRange(prefix));
        // Every code under the prefix sorts inside the range, and the codes around it outside, in ordinal order.
        foreach (var inside in new[] { prefix, prefix + "01", prefix + "99", prefix + "999999" })
        {
            Assert.True(string.CompareOrdinal(inside, prefix) >= 0 && (before is null || string.CompareOrdinal(inside, before) < 0), inside);
        }
    }

    [Fact]
    public void Text_xml_cannot_hold_becomes_the_replacement_character_and_the_rest_is_kept()
    {
        Assert.Same("花溪区 😀 ok", ExportFormat.XmlText("花溪区 😀 ok"));
        Assert.Equal("a\uFFFDb\uFFFDc\uFFFDd", ExportFormat.XmlText("a\uFFFFb\uD800c\u0001d"));
    }

    [Fact]
    public void Only_characters_text_may_hold_pass_the_commands()
    {
        Assert.True(FundRules.IsText("修建温室大棚 😀"));
        Assert.False(FundRules.IsText("a\uFFFE"));
        Assert.False(FundRules.IsText("a\uDC00"));
        Assert.False(FundRules.IsText("a\uFDEF"));
    }
}
