using Wems.Gis.Analysis.Trends;

namespace Wems.Gis.Tests.Analysis.Trends;

public sealed class MannKendallTests
{
    private const double Tolerance = 1e-12;

    public static TheoryData<string> Series() => [.. TrendFixtures.Read("mann_kendall.csv").Select(row => row["name"])];

    // Expected values: Fixtures/trends/mann_kendall.csv, computed by hand in R 4.2.2 from the definitions and
    // cross-checked there against cor.test(1:n, x, method = "kendall", exact = FALSE, continuity = TRUE).
    [Theory]
    [MemberData(nameof(Series))]
    public void S_and_its_tie_corrected_variance_match_R(string name)
    {
        var row = Row(name);

        var result = MannKendall.Test(row.Numbers("values"));

        Assert.Equal((long)row.Number("S"), result.S);
        Assert.Equal(row.Number("var_s"), result.VarianceS, row.Number("var_s") * Tolerance);
    }

    [Theory]
    [MemberData(nameof(Series))]
    public void The_continuity_corrected_z_and_two_sided_p_match_R(string name)
    {
        var row = Row(name);

        var result = MannKendall.Test(row.Numbers("values"));

        Assert.Equal(row.Number("z"), result.Z, Tolerance);
        Assert.Equal(row.Number("p"), result.PValue, Tolerance);
        Assert.True(Math.Abs(row.Number("p") - result.PValue) <= 1e-12 * row.Number("p"), "p differs in relative terms");
    }

    [Theory]
    [MemberData(nameof(Series))]
    public void Kendalls_tau_b_and_Sens_slope_match_R(string name)
    {
        var row = Row(name);

        var result = MannKendall.Test(row.Numbers("values"));

        Assert.Equal(row.Number("tau"), result.Tau, Tolerance);
        Assert.Equal(row.Number("sen_slope"), result.SenSlope, Tolerance);
    }

    [Fact]
    public void Five_increasing_values_give_S_10_and_the_untied_variance()
    {
        var result = MannKendall.Test([1, 2, 3, 4, 5]);

        // By hand: every one of the 10 pairs increases; Var(S) = 5·4·15/18 = 50/3; Z = (10 − 1)/√(50/3).
        Assert.Equal(10, result.S);
        Assert.Equal(50.0 / 3, result.VarianceS, 1e-12);
        Assert.Equal(9 / Math.Sqrt(50.0 / 3), result.Z, 1e-12);
        Assert.Equal(1, result.Tau, 1e-12);
    }

    [Fact]
    public void A_tie_group_lowers_the_variance_by_its_own_term()
    {
        var result = MannKendall.Test([1, 2, 2, 3]);

        // By hand: n = 4, one tie of t = 2: [4·3·13 − 2·1·9]/18 = (156 − 18)/18 = 23/3; S = 5 (the tied pair counts 0).
        Assert.Equal(5, result.S);
        Assert.Equal(23.0 / 3, result.VarianceS, 1e-12);
    }

    [Fact]
    public void A_constant_series_has_no_trend()
    {
        var result = MannKendall.Test([2.5, 2.5, 2.5, 2.5]);

        Assert.Equal(0, result.S);
        Assert.Equal(0, result.VarianceS);
        Assert.Equal(0, result.Z);
        Assert.Equal(1, result.PValue);
        Assert.Equal(0, result.Tau);
        Assert.Equal(TrendDirection.None, result.Direction());
    }

    [Fact]
    public void A_single_value_has_no_trend()
    {
        var result = MannKendall.Test([7.0]);

        Assert.Equal((1, 0L, 1.0, 0.0), (result.Count, result.S, result.PValue, result.SenSlope));
    }

    [Fact]
    public void Sens_slope_of_a_noisy_line_is_its_slope_per_step()
    {
        // Every pairwise slope of 3 + 2i is 2; one outlier moves few of them.
        var result = MannKendall.Test([3, 5, 7, 9, 50, 13, 15, 17, 19]);

        Assert.Equal(2, result.SenSlope, 1e-12);
    }

    [Fact]
    public void The_direction_is_none_when_p_is_above_alpha()
    {
        var result = MannKendall.Test([1.2, 2.5, 2.1, 3.8, 4.0, 5.5, 5.1, 6.7, 7.0, 8.2]);

        // p = 3.466e-4 (R, the fixture's increasing_no_ties).
        Assert.Equal(TrendDirection.Increasing, result.Direction(0.05));
        Assert.Equal(TrendDirection.None, result.Direction(1e-4));
        Assert.Equal(TrendDirection.Decreasing, MannKendall.Test([5.0, 4, 3, 2, 1, 0]).Direction(0.05));
    }

    [Fact]
    public void NaN_or_an_empty_series_is_refused()
    {
        Assert.Throws<ArgumentException>(() => MannKendall.Test([1, double.NaN, 3]));
        Assert.Throws<ArgumentException>(() => MannKendall.Test([]));
    }

    private static Dictionary<string, string> Row(string name) =>
        TrendFixtures.Read("mann_kendall.csv").Single(row => row["name"] == name);
}
