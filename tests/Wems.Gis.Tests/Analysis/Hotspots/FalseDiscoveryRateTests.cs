using Wems.Gis.Analysis.Hotspots;

namespace Wems.Gis.Tests.Analysis.Hotspots;

public sealed class FalseDiscoveryRateTests
{
    [Fact]
    public void Benjamini_Hochberg_matches_R_p_adjust()
    {
        // Expected: R 4.2.2 p.adjust(p, "BH") on p-values with ties, NA, 0 and 1 (Fixtures/spdep/p_adjust.csv).
        var fixture = SpdepFixture.Load("p_adjust.csv");

        var adjusted = FalseDiscoveryRate.BenjaminiHochberg(fixture["p"]);

        for (var i = 0; i < adjusted.Length; i++)
        {
            var expected = fixture["p_bh"][i];
            Assert.True(double.IsNaN(expected) ? double.IsNaN(adjusted[i]) : Math.Abs(expected - adjusted[i]) <= 1e-15,
                $"p_bh[{i}]: R {expected:R}, WEMS {adjusted[i]:R}");
        }
    }

    [Theory]
    [InlineData("clusters_band.csv")]
    [InlineData("hexcells_band.csv")]
    public void Benjamini_Hochberg_matches_R_p_adjust_on_Gi_star_p_values(string fixtureName)
    {
        var fixture = SpdepFixture.Load(fixtureName);

        var adjusted = FalseDiscoveryRate.BenjaminiHochberg(fixture["p"]);

        Assert.All(adjusted.Zip(fixture["p_bh"]), pair => Assert.Equal(pair.Second, pair.First, 1e-12));
    }

    [Fact]
    public void Equal_p_values_are_adjusted_alike()
    {
        // p.adjust(c(0.01, 0.01, 0.04, 0.04), "BH") is 0.02 0.02 0.04 0.04.
        Assert.Equal([0.02, 0.02, 0.04, 0.04], FalseDiscoveryRate.BenjaminiHochberg([0.01, 0.01, 0.04, 0.04]));
    }

    [Theory]
    [InlineData(3.0, 0.0027, 3)]
    [InlineData(2.0, 0.0455, 2)]
    [InlineData(1.7, 0.0891, 1)]
    [InlineData(1.5, 0.1336, 0)]
    [InlineData(-2.7, 0.0069, -3)]
    [InlineData(-2.0, 0.05, -2)]
    [InlineData(-1.645, 0.10, -1)]
    [InlineData(0.0, 1.0, 0)]
    [InlineData(double.NaN, double.NaN, 0)]
    public void Bins_without_FDR_follow_the_p_thresholds(double z, double p, int bin)
    {
        Assert.Equal(bin, FalseDiscoveryRate.Bin(z, p));
    }

    [Fact]
    public void Bins_with_FDR_use_the_adjusted_p_values()
    {
        // BH over four tests: 0.004 -> 0.016, 0.02 -> 0.04, 0.06 -> 0.08, 0.5 -> 0.5.
        double[] z = [3.0, -2.3, 1.9, 0.7];
        double[] p = [0.004, 0.02, 0.06, 0.5];

        Assert.Equal([3, -2, 1, 0], FalseDiscoveryRate.Bins(z, p, correctForFdr: false));
        Assert.Equal([2, -2, 1, 0], FalseDiscoveryRate.Bins(z, p, correctForFdr: true));
    }

    [Fact]
    public void Bins_with_FDR_match_those_from_R_adjusted_p_values()
    {
        var fixture = SpdepFixture.Load("clusters_band.csv");
        var expected = fixture["z"].Zip(fixture["p_bh"], (z, q) => Math.Sign(z) * (q <= 0.01 ? 3 : q <= 0.05 ? 2 : q <= 0.10 ? 1 : 0));

        Assert.Equal(expected, FalseDiscoveryRate.Bins(fixture["z"], fixture["p"], correctForFdr: true));
    }

    [Fact]
    public void Missing_p_values_are_left_out_of_the_count_and_bin_as_zero()
    {
        var adjusted = FalseDiscoveryRate.BenjaminiHochberg([0.01, double.NaN, 0.04]);

        Assert.Equal(0.02, adjusted[0], 1e-15);
        Assert.True(double.IsNaN(adjusted[1]));
        Assert.Equal([2, 0, 2], FalseDiscoveryRate.Bins([2.5, double.NaN, 2.1], [0.01, double.NaN, 0.04], correctForFdr: true));
    }
}
