using Wems.Gis.Analysis.Trends;

namespace Wems.Gis.Tests.Analysis.Trends;

/// <summary>
/// <see cref="TrendAnalysis"/> on five facts whose every expected number below was worked out by hand from the
/// table in <see cref="Facts"/>.
/// </summary>
public sealed class TrendAnalysisTests
{
    private static readonly Guid C1 = Guid.Parse("00000000-0000-0000-0000-000000000001");
    private static readonly Guid C2 = Guid.Parse("00000000-0000-0000-0000-000000000002");
    private static readonly Guid C3 = Guid.Parse("00000000-0000-0000-0000-000000000003");
    private static readonly Guid C4 = Guid.Parse("00000000-0000-0000-0000-000000000004");

    // Case 1 has two lines (ivory 10 kg / 1000 USD, pangolin 5 kg); case 4 has no line at all.
    private static readonly TrendFact[] Facts =
    [
        new(C1, new DateOnly(2024, 1, 10), "KE", "Loxodonta africana", "ivory", "TZ>KE>VN", 10, 1000),
        new(C1, new DateOnly(2024, 1, 10), "KE", "Smutsia temminckii", "pangolin", "TZ>KE>VN", 5, 0),
        new(C2, new DateOnly(2024, 1, 20), "KE", "Loxodonta africana", "ivory", null, 2, 300),
        new(C3, new DateOnly(2024, 3, 5), "TZ", "Smutsia temminckii", "pangolin", "TZ>KE>VN", 1, 50),
        new(C4, new DateOnly(2023, 3, 15), "UG", null, null, null, 0, 0),
    ];

    private static (string, double)[] Pairs(IEnumerable<TrendPoint> points) => points.Select(p => (p.Key, p.Value)).ToArray();

    [Fact]
    public void A_monthly_count_counts_each_case_once_and_lists_empty_months_of_the_range()
    {
        var series = TrendAnalysis.Series(Facts, TrendDimension.Month, TrendMeasure.Count, new DateOnly(2024, 1, 1), new DateOnly(2024, 3, 31));

        Assert.Equal([("2024-01", 2.0), ("2024-02", 0.0), ("2024-03", 1.0)], Pairs(series));
    }

    [Fact]
    public void A_monthly_weight_sums_every_line()
    {
        var series = TrendAnalysis.Series(Facts, TrendDimension.Month, TrendMeasure.Weight, new DateOnly(2024, 1, 1), new DateOnly(2024, 3, 31));

        Assert.Equal([("2024-01", 17.0), ("2024-02", 0.0), ("2024-03", 1.0)], Pairs(series));
    }

    [Fact]
    public void Without_a_range_a_yearly_series_runs_from_the_first_to_the_last_fact()
    {
        var series = TrendAnalysis.Series(Facts, TrendDimension.Year, TrendMeasure.Count);

        Assert.Equal([("2023", 1.0), ("2024", 3.0)], Pairs(series));
    }

    [Fact]
    public void A_case_with_two_commodities_counts_under_each_and_ties_are_ordered_by_key()
    {
        var series = TrendAnalysis.Series(Facts, TrendDimension.Commodity, TrendMeasure.Count);

        Assert.Equal([("ivory", 2.0), ("pangolin", 2.0)], Pairs(series));
    }

    [Fact]
    public void Commodity_weights_are_largest_first()
    {
        var series = TrendAnalysis.Series(Facts, TrendDimension.Commodity, TrendMeasure.Weight);

        Assert.Equal([("ivory", 12.0), ("pangolin", 6.0)], Pairs(series));
    }

    [Fact]
    public void Routes_leave_out_cases_without_a_trade_chain()
    {
        var series = TrendAnalysis.Series(Facts, TrendDimension.Route, TrendMeasure.Count);

        Assert.Equal([("TZ>KE>VN", 2.0)], Pairs(series));
        Assert.Equal(2, series[0].Cases);
    }

    [Fact]
    public void Country_values_include_countries_with_no_value()
    {
        var series = TrendAnalysis.Series(Facts, TrendDimension.Country, TrendMeasure.Value);

        Assert.Equal([("KE", 1300.0), ("TZ", 50.0), ("UG", 0.0)], Pairs(series));
    }

    [Fact]
    public void Species_series_skip_cases_without_lines()
    {
        var series = TrendAnalysis.Series(Facts, TrendDimension.Species, TrendMeasure.Count);

        // Case 1 counts under both of its species; case 4, without lines, under none.
        Assert.Equal([("Loxodonta africana", 2.0), ("Smutsia temminckii", 2.0)], Pairs(series));
    }

    [Fact]
    public void The_data_clock_has_a_row_per_year_and_twelve_months()
    {
        var clock = TrendAnalysis.DataClock(Facts, TrendMeasure.Count);

        Assert.Equal([2023, 2024], clock.Select(r => r.Year));
        Assert.Equal([0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0], clock[0].Months);
        Assert.Equal([2, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0], clock[1].Months);
    }

    [Fact]
    public void The_data_clock_of_nothing_is_empty()
    {
        Assert.Empty(TrendAnalysis.DataClock([], TrendMeasure.Weight));
    }

    [Fact]
    public void A_change_from_nothing_has_an_absolute_change_and_no_percent()
    {
        var change = TrendAnalysis.Change(Facts, TrendMeasure.Count, TrendPeriod.Month, new DateOnly(2024, 3, 20));

        Assert.Equal((new DateOnly(2024, 3, 1), new DateOnly(2024, 3, 31)), (change.CurrentFrom, change.CurrentTo));
        Assert.Equal((new DateOnly(2024, 2, 1), new DateOnly(2024, 2, 29)), (change.PreviousFrom, change.PreviousTo));
        Assert.Equal(1, change.Total.Current);
        Assert.Equal(0, change.Total.Previous);
        Assert.Equal(1, change.Total.Absolute);
        Assert.Null(change.Total.Percent);
    }

    [Fact]
    public void A_yearly_change_by_country_compares_each_group()
    {
        var change = TrendAnalysis.Change(Facts, TrendMeasure.Count, TrendPeriod.Year, new DateOnly(2024, 6, 1), TrendDimension.Country);

        Assert.Equal(3, change.Total.Current);
        Assert.Equal(1, change.Total.Previous);
        Assert.Equal(200, change.Total.Percent!.Value, 9);
        Assert.Equal(["KE", "TZ", "UG"], change.Groups.Select(g => g.Key));
        Assert.Equal(-100, change.Groups[2].Percent!.Value, 9);
    }

    [Fact]
    public void A_quarter_change_sums_the_quarter_against_the_previous_one()
    {
        var change = TrendAnalysis.Change(Facts, TrendMeasure.Weight, TrendPeriod.Quarter, new DateOnly(2024, 3, 20));

        Assert.Equal(new DateOnly(2023, 10, 1), change.PreviousFrom);
        Assert.Equal(18, change.Total.Current, 9);
        Assert.Equal(0, change.Total.Previous);
    }

    [Theory]
    [InlineData("2024-08-15", TrendPeriod.Quarter, "2024-07-01", "2024-09-30")]
    [InlineData("2024-02-10", TrendPeriod.Month, "2024-02-01", "2024-02-29")]
    [InlineData("2023-12-31", TrendPeriod.Year, "2023-01-01", "2023-12-31")]
    public void A_period_runs_from_its_first_to_its_last_day(string date, TrendPeriod period, string from, string to)
    {
        Assert.Equal((DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture)),
            TrendAnalysis.PeriodOf(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), period));
    }
}
