using Portal.Web.Components.Explorer;

namespace Portal.Tests.Web.Components;

/// <summary>The explorer's filter in its three forms: the shared URL, the open-data filter and the CSV link.</summary>
public sealed class ExplorerQueryTests
{
    [Fact]
    public void A_url_becomes_the_filter_with_whole_days_in_China()
    {
        var query = ExplorerQuery.FromUrl(1, "5201", "education", "5201-pao", "2018-01-01", "2018-03-31", 1_000m, 90_000.5m);
        var filter = query.ToFilter();

        Assert.Equal(1, filter.FundId);
        Assert.Equal("5201", filter.Region);
        Assert.Equal("education", filter.Program);
        Assert.Equal("5201-pao", filter.Department);
        // Days as the page shows them, in China Standard Time (UTC+8).
        Assert.Equal(new DateTimeOffset(2018, 1, 1, 0, 0, 0, TimeSpan.FromHours(8)), filter.From);
        // The last day is included: the filter runs to the start of the day after it.
        Assert.Equal(new DateTimeOffset(2018, 4, 1, 0, 0, 0, TimeSpan.FromHours(8)), filter.To);
        // The CSV link names the same instants: the API's plain dates would be UTC days.
        Assert.Equal("2018-01-01T00:00:00+08:00", query.ToApiParameters()["from"]);
        Assert.Equal("2018-04-01T00:00:00+08:00", query.ToApiParameters()["to"]);
        Assert.Equal("education", query.ToApiParameters()["program"]);
        Assert.Equal(1_000m, filter.MinAmount);
        Assert.Equal(90_000.5m, filter.MaxAmount);
        Assert.Null(query.Problem);
    }

    [Fact]
    public void The_url_parameters_round_trip_and_match_the_api_names()
    {
        var query = new ExplorerQuery(2, "520102", "medical", null, new DateOnly(2019, 2, 3), null, 0.5m, null);
        var parameters = query.ToUrlParameters();

        Assert.Equal("2", parameters["fund"]);
        Assert.Equal("520102", parameters["region"]);
        Assert.Equal("2019-02-03", parameters["from"]);
        Assert.Equal("0.5", parameters["minAmount"]);
        Assert.Null(parameters["department"]);
        Assert.Null(parameters["to"]);
        Assert.Equal(query, ExplorerQuery.FromUrl(2, "520102", "medical", null, "2019-02-03", null, 0.5m, null));
    }

    [Theory]
    [InlineData("2018-13-01")]
    [InlineData("01/02/2018")]
    [InlineData("yesterday")]
    [InlineData("")]
    public void A_malformed_date_in_a_url_is_no_filter_rather_than_an_error(string text)
    {
        var query = ExplorerQuery.FromUrl(null, " ", "", null, text, text, null, null);

        Assert.Equal(new ExplorerQuery(), query);
        Assert.Null(query.ToUrlParameters()["from"]);
        Assert.Null(query.ToFilter().From);
    }

    [Fact]
    public void Inverted_ranges_are_problems_the_page_reports()
    {
        Assert.Equal(ExplorerQueryProblem.MinimumAboveMaximum, new ExplorerQuery(MinAmount: 10m, MaxAmount: 5m).Problem);
        Assert.Equal(ExplorerQueryProblem.FromAfterTo, new ExplorerQuery(From: new DateOnly(2020, 1, 2), To: new DateOnly(2020, 1, 1)).Problem);
        Assert.Null(new ExplorerQuery(From: new DateOnly(2020, 1, 1), To: new DateOnly(2020, 1, 1)).Problem);
    }
}
