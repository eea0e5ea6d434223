using Wems.Gis.Analysis.Hotspots;

namespace Wems.Gis.Tests.Analysis.Hotspots;

// Expected z, p and BH-adjusted p come from R 4.2.2 with spdep 1.2-7: localG(x, nb2listw(include.self(nb), style = "B"))
// and 2 * pnorm(-abs(z)); see Fixtures/spdep/make_fixtures.R, whose versions are in each fixture's first line.
public sealed class GetisOrdTests
{
    [Theory]
    [InlineData("clusters_band.csv")]
    [InlineData("ties_band.csv")]
    [InlineData("hexcells_band.csv")]
    public void Gi_star_matches_spdep_localG_with_a_fixed_distance_band(string fixtureName)
    {
        var fixture = SpdepFixture.Load(fixtureName);

        var result = GetisOrd.LocalGStar(fixture["x"], fixture["y"], fixture["value"]);

        AssertMatches(fixture, result);
    }

    [Fact]
    public void Gi_star_matches_spdep_localG_with_k_nearest_neighbours()
    {
        var fixture = SpdepFixture.Load("clusters_knn6.csv");
        var options = new GetisOrdOptions { Neighbourhood = Neighbourhood.KNearestNeighbours, NeighbourCount = 6 };

        AssertMatches(fixture, GetisOrd.LocalGStar(fixture["x"], fixture["y"], fixture["value"], options));
    }

    [Fact]
    public void Gi_star_matches_spdep_localG_with_inverse_distance_weights_in_the_default_band()
    {
        var fixture = SpdepFixture.Load("clusters_idw1.csv");
        var options = new GetisOrdOptions { Neighbourhood = Neighbourhood.InverseDistance };

        AssertMatches(fixture, GetisOrd.LocalGStar(fixture["x"], fixture["y"], fixture["value"], options));
    }

    [Fact]
    public void Gi_star_matches_spdep_localG_with_inverse_distance_squared_weights_within_30_km()
    {
        var fixture = SpdepFixture.Load("clusters_idw2_30km.csv");
        var options = new GetisOrdOptions { Neighbourhood = Neighbourhood.InverseDistanceSquared, DistanceBandMeters = 30_000 };

        AssertMatches(fixture, GetisOrd.LocalGStar(fixture["x"], fixture["y"], fixture["value"], options));
    }

    [Fact]
    public void A_single_feature_gives_no_z_score()
    {
        var result = GetisOrd.LocalGStar([0.0], [0.0], [5.0]);

        Assert.True(double.IsNaN(result[0].Z));
        Assert.True(double.IsNaN(result[0].P));
    }

    [Fact]
    public void Two_features_give_no_z_score()
    {
        var result = GetisOrd.LocalGStar([0.0, 1000], [0.0, 0], [1.0, 9]);

        Assert.All(result, g => Assert.True(double.IsNaN(g.Z)));
    }

    [Fact]
    public void Equal_values_give_no_z_score()
    {
        var result = GetisOrd.LocalGStar([0.0, 1000, 2000, 3000], [0.0, 0, 0, 0], [0.1, 0.1, 0.1, 0.1]);

        Assert.All(result, g => Assert.True(double.IsNaN(g.Z)));
    }

    [Fact]
    public void A_feature_whose_neighbourhood_is_everyone_gives_no_z_score()
    {
        // With the default band of 1,000 m the middle feature neighbours all three; the ends do not.
        var result = GetisOrd.LocalGStar([0.0, 1000, 2000], [0.0, 0, 0], [1.0, 2, 6]);

        Assert.True(double.IsNaN(result[1].Z));
        Assert.False(double.IsNaN(result[0].Z));
        Assert.Equal(2, result[1].NeighbourCount);
    }

    [Fact]
    public void Gi_star_does_not_change_when_values_are_scaled_and_shifted()
    {
        var fixture = SpdepFixture.Load("clusters_band.csv");
        var shifted = fixture["value"].Select(v => 1000 * v - 3).ToArray();

        var a = GetisOrd.LocalGStar(fixture["x"], fixture["y"], fixture["value"]);
        var b = GetisOrd.LocalGStar(fixture["x"], fixture["y"], shifted);

        Assert.All(a.Zip(b), pair => Assert.Equal(pair.First.Z, pair.Second.Z, 1e-9));
    }

    [Fact]
    public void The_neighbour_count_leaves_out_the_feature_itself()
    {
        var fixture = SpdepFixture.Load("hexcells_band.csv");

        var result = GetisOrd.LocalGStar(fixture["x"], fixture["y"], fixture["value"]);

        // An interior hexagon has six neighbours one spacing away.
        Assert.Equal(6, result.Max(g => g.NeighbourCount));
        Assert.Equal(2, result.Min(g => g.NeighbourCount));
    }

    [Fact]
    public void Values_that_are_not_finite_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => GetisOrd.LocalGStar([0.0, 1, 2], [0.0, 0, 0], [1.0, double.NaN, 2]));
    }

    private static void AssertMatches(SpdepFixture fixture, GiStar[] result)
    {
        Assert.Equal(fixture.Count, result.Length);
        for (var i = 0; i < result.Length; i++)
        {
            Assert.True(Math.Abs(fixture["z"][i] - result[i].Z) <= 1e-9, $"z[{i}]: R {fixture["z"][i]:R}, WEMS {result[i].Z:R}");
            Assert.True(Math.Abs(fixture["p"][i] - result[i].P) <= 1e-12, $"p[{i}]: R {fixture["p"][i]:R}, WEMS {result[i].P:R}");
        }
    }
}
