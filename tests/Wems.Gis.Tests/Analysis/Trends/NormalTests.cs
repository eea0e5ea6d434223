using Wems.Gis.Analysis;
using Wems.Gis.Analysis.Trends;

namespace Wems.Gis.Tests.Analysis.Trends;

public sealed class NormalTests
{
    public static TheoryData<double> Points() => [.. TrendFixtures.Read("normal.csv").Select(row => row.Number("x"))];

    // Expected values: R 4.2.2 pnorm (Fixtures/trends/normal.csv, make_trend_fixtures.R), 17 significant digits.
    [Theory]
    [MemberData(nameof(Points))]
    public void The_lower_tail_matches_R_pnorm_to_the_last_digits(double x)
    {
        var expected = Row(x).Number("lower");

        AssertClose(expected, StandardNormal.Cdf(x));
    }

    [Theory]
    [MemberData(nameof(Points))]
    public void The_upper_tail_matches_R_pnorm_upper_to_the_last_digits(double x)
    {
        var expected = Row(x).Number("upper");

        AssertClose(expected, StandardNormal.UpperTail(x));
    }

    [Theory]
    [MemberData(nameof(Points))]
    public void The_two_sided_p_matches_twice_R_pnorm_of_minus_abs_z(double x)
    {
        var expected = Row(x).Number("two_sided");

        AssertClose(expected, StandardNormal.TwoSidedP(x));
    }

    [Fact]
    public void The_two_sided_p_of_1_96_is_five_percent()
    {
        // qnorm(0.975) = 1.959963984540054 (R); its two-sided p is 0.05 by definition.
        Assert.Equal(0.05, StandardNormal.TwoSidedP(1.959963984540054), 1e-15);
    }

    [Fact]
    public void Small_tail_probabilities_keep_their_relative_precision()
    {
        // R: pnorm(-30) = 4.9067139271481872e-198; 1 - pnorm(30) would be 0.
        Assert.Equal(4.9067139271481872e-198, StandardNormal.UpperTail(30), 4.9067139271481872e-198 * 1e-14);
    }

    [Fact]
    public void NaN_gives_NaN()
    {
        Assert.True(double.IsNaN(StandardNormal.Cdf(double.NaN)));
        Assert.True(double.IsNaN(StandardNormal.TwoSidedP(double.NaN)));
    }

    private static Dictionary<string, string> Row(double x) =>
        TrendFixtures.Read("normal.csv").Single(row => row.Number("x") == x);

    private static void AssertClose(double expected, double actual) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-14 * Math.Abs(expected) + 1e-300,
            $"expected {expected:R}, got {actual:R}");
}
