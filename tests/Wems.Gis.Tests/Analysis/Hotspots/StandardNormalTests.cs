using Wems.Gis.Analysis;
using Wems.Gis.Analysis.Hotspots;

namespace Wems.Gis.Tests.Analysis.Hotspots;

public sealed class StandardNormalTests
{
    // Expected: R 4.2.2 pnorm(z), pnorm(z, lower.tail = FALSE) and 2 * pnorm(-abs(z)) (Fixtures/spdep/normal.csv).
    [Fact]
    public void The_normal_distribution_matches_R_pnorm_to_1e_15_relative()
    {
        var fixture = SpdepFixture.Load("normal.csv");

        for (var i = 0; i < fixture.Count; i++)
        {
            var z = fixture["z"][i];
            AssertRelative(fixture["cdf"][i], StandardNormal.Cdf(z), z);
            AssertRelative(fixture["upper"][i], StandardNormal.UpperTail(z), z);
            AssertRelative(fixture["two_sided"][i], StandardNormal.TwoSidedP(z), z);
        }
    }

    [Theory]
    [InlineData(1.959963984540054, 0.05)] // qnorm(0.975)
    [InlineData(2.5758293035489004, 0.01)] // qnorm(0.995)
    [InlineData(1.6448536269514722, 0.10)] // qnorm(0.95)
    public void The_familiar_critical_values_give_their_p_values(double z, double p)
    {
        Assert.Equal(p, StandardNormal.TwoSidedP(z), 1e-15);
        Assert.Equal(p, StandardNormal.TwoSidedP(-z), 1e-15);
    }

    [Fact]
    public void The_far_tail_underflows_to_zero_and_NaN_stays_NaN()
    {
        Assert.Equal(0, StandardNormal.UpperTail(45));
        Assert.Equal(1, StandardNormal.Cdf(double.PositiveInfinity));
        Assert.True(double.IsNaN(StandardNormal.TwoSidedP(double.NaN)));
    }

    private static void AssertRelative(double expected, double actual, double z) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-15 * Math.Abs(expected) || expected == actual,
            $"z = {z:R}: R {expected:R}, WEMS {actual:R}");
}
