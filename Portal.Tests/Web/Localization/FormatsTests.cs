using Portal.Tests.Infrastructure;
using Portal.Web.Localization;

namespace Portal.Tests.Web.Localization;

/// <summary>Amounts and dates as each culture writes them; CNY is ¥ at home and CN¥ in English, as Chart.js writes it.</summary>
public sealed class FormatsTests
{
    private static readonly DateTimeOffset Paid = new(2026, 11, 27, 13, 5, 9, TimeSpan.FromHours(8));

    [Theory]
    [InlineData("zh-CN", 1234.56, "¥1,234.56")]
    [InlineData("en", 1234.56, "CN¥1,234.56")]
    [InlineData("zh-CN", 0.5, "¥0.50")]
    [InlineData("en", -20, "-CN¥20.00")]
    public void Money_is_written_in_the_culture_with_the_currency_precision(string culture, decimal amount, string expected)
    {
        using var _ = CultureScope.Use(culture);
        Assert.Equal(expected, Formats.Money(amount, "CNY"));
    }

    [Theory]
    [InlineData("zh-CN", 3_000_000_000, "¥30.00亿")]
    [InlineData("zh-CN", 60_976_000, "¥6,097.6万")]
    [InlineData("zh-CN", 9_999, "¥9,999")]
    [InlineData("en", 3_000_000_000, "CN¥3.00 billion")]
    [InlineData("en", 60_976_000, "CN¥61.0 million")]
    [InlineData("en", 999_999, "CN¥999,999")]
    public void Headline_amounts_count_in_ten_thousands_in_Chinese_and_in_thousands_in_English(string culture, decimal amount, string expected)
    {
        using var _ = CultureScope.Use(culture);
        Assert.Equal(expected, Formats.MoneyShort(amount, "CNY"));
    }

    [Fact]
    public void Other_currencies_keep_their_own_precision_and_an_unambiguous_symbol()
    {
        using var _ = CultureScope.Use("zh-CN");
        Assert.Equal("JP¥1,235", Formats.Money(1234.56m, "JPY"));
        Assert.Equal("US$5.00", Formats.Money(5m, "USD"));
    }

    [Fact]
    public void Times_are_China_Standard_Time_and_say_so_with_the_UTC_instant_for_the_markup()
    {
        using (CultureScope.Use("zh-CN"))
        {
            Assert.Equal("2026/11/27", Formats.Date(Paid));
            Assert.Equal("北京时间 2026/11/27 13:05", Formats.DateTime(Paid));
            Assert.Equal("北京时间 2026/11/27 13:05:09", Formats.Timestamp(Paid));
        }
        using (CultureScope.Use("en"))
        {
            Assert.Equal("11/27/2026", Formats.Date(Paid));
            Assert.Equal("11/27/2026 1:05\u202fPM Beijing time", Formats.DateTime(Paid));
            // 20:00 UTC is already the next day in China.
            Assert.Equal("11/28/2026", Formats.Date(Paid.AddHours(15)));
        }
        Assert.Equal("2026-11-27T05:05:09.000Z", Formats.Iso(Paid));
        Assert.Equal("2026-11-27 05:05:09 UTC", Formats.Utc(Paid));
    }

    [Fact]
    public void Counts_and_percentages_follow_the_culture_and_a_percentage_of_nothing_is_a_dash()
    {
        using var _ = CultureScope.Use("zh-CN");
        Assert.Equal("1,234,567", Formats.Count(1_234_567));
        Assert.Equal("12.5%", Formats.Percent(1, 8));
        Assert.Equal("–", Formats.Percent(1, 0));
    }
}
