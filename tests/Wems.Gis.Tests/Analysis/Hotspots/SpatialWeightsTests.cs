using Wems.Gis.Analysis.Hotspots;

namespace Wems.Gis.Tests.Analysis.Hotspots;

public sealed class SpatialWeightsTests
{
    private static readonly (double[] X, double[] Y) Scattered = RandomPoints(400, seed: 3);

    [Fact]
    public void The_default_band_gives_every_feature_a_neighbour()
    {
        var band = SpatialWeights.DefaultDistanceBandMeters(Scattered.X, Scattered.Y);

        var weights = SpatialWeights.FixedDistanceBand(Scattered.X, Scattered.Y, band);
        var narrower = SpatialWeights.FixedDistanceBand(Scattered.X, Scattered.Y, band * 0.999);

        Assert.All(Enumerable.Range(0, weights.Count), i => Assert.True(weights.NeighboursOf(i).Length >= 2));
        Assert.Contains(Enumerable.Range(0, narrower.Count), i => narrower.NeighboursOf(i).Length == 1);
    }

    [Theory]
    [InlineData("clusters_band.csv")]
    [InlineData("ties_band.csv")]
    [InlineData("hexcells_band.csv")]
    public void The_default_band_is_the_one_spdep_finds(string fixtureName)
    {
        // Expected: max(unlist(nbdists(knn2nb(knearneigh(coords, 1)), coords))) in R spdep 1.2-7.
        var fixture = SpdepFixture.Load(fixtureName);

        var band = SpatialWeights.DefaultDistanceBandMeters(fixture["x"], fixture["y"]);

        Assert.Equal(fixture.DefaultBandMeters, band, fixture.DefaultBandMeters * 1e-12);
    }

    [Fact]
    public void Every_feature_is_its_own_first_neighbour_with_weight_one()
    {
        var schemes = new[]
        {
            SpatialWeights.FixedDistanceBand(Scattered.X, Scattered.Y),
            SpatialWeights.InverseDistance(Scattered.X, Scattered.Y, 2),
            SpatialWeights.KNearestNeighbours(Scattered.X, Scattered.Y, 5),
        };

        Assert.All(schemes, w => Assert.All(Enumerable.Range(0, w.Count), i =>
        {
            Assert.Equal(i, w.NeighboursOf(i)[0]);
            Assert.Equal(1, w.WeightsOf(i)[0]);
        }));
    }

    [Fact]
    public void Band_neighbours_are_exactly_those_within_the_band()
    {
        const double band = 6_000;

        var weights = SpatialWeights.FixedDistanceBand(Scattered.X, Scattered.Y, band);

        for (var i = 0; i < weights.Count; i++)
        {
            var expected = Enumerable.Range(0, weights.Count).Where(j => j != i && Distance(i, j) <= band).ToArray();
            Assert.Equal(expected, weights.NeighboursOf(i)[1..].ToArray());
        }
    }

    [Fact]
    public void K_nearest_neighbours_are_the_k_closest_features()
    {
        var weights = SpatialWeights.KNearestNeighbours(Scattered.X, Scattered.Y, 7);

        for (var i = 0; i < weights.Count; i++)
        {
            var expected = Enumerable.Range(0, weights.Count).Where(j => j != i)
                .OrderBy(j => Distance(i, j)).ThenBy(j => j).Take(7).Order().ToArray();
            Assert.Equal(expected, weights.NeighboursOf(i)[1..].ToArray());
        }
    }

    [Fact]
    public void K_nearest_neighbours_break_ties_by_index()
    {
        // Four features at the same distance from the centre one (index 0).
        double[] x = [0, 1000, 0, -1000, 0];
        double[] y = [0, 0, 1000, 0, -1000];

        var weights = SpatialWeights.KNearestNeighbours(x, y, 2);

        Assert.Equal([0, 1, 2], weights.NeighboursOf(0).ToArray());
    }

    [Fact]
    public void Inverse_distance_weights_fall_with_distance_and_are_clamped_at_one_unit()
    {
        double[] x = [0, 500, 2000, 4000];
        double[] y = [0, 0, 0, 0];

        var weights = SpatialWeights.InverseDistance(x, y, power: 2, bandMeters: 5000, unitMeters: 1000);

        Assert.Equal([0, 1, 2, 3], weights.NeighboursOf(0).ToArray());
        Assert.Equal([1, 1, 0.25, 0.0625], weights.WeightsOf(0).ToArray());
    }

    [Fact]
    public void An_infinite_band_makes_everyone_a_neighbour()
    {
        var weights = SpatialWeights.InverseDistance(Scattered.X.AsSpan(0, 50), Scattered.Y.AsSpan(0, 50), bandMeters: double.PositiveInfinity);

        Assert.All(Enumerable.Range(0, 50), i => Assert.Equal(50, weights.NeighboursOf(i).Length));
    }

    [Fact]
    public void Coordinates_that_are_not_finite_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => SpatialWeights.FixedDistanceBand([0.0, double.NaN], [0.0, 0.0]));
    }

    private static double Distance(int i, int j)
    {
        double dx = Scattered.X[i] - Scattered.X[j], dy = Scattered.Y[i] - Scattered.Y[j];
        return Math.Sqrt(dx * dx + dy * dy);
    }

    private static (double[] X, double[] Y) RandomPoints(int n, int seed)
    {
        var random = new Random(seed);
        var x = new double[n];
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            // Half spread over 100 km, half in a 10 km cluster, so the tree sees both dense and sparse parts.
            var spread = i % 2 == 0 ? 100_000 : 10_000;
            x[i] = random.NextDouble() * spread;
            y[i] = random.NextDouble() * spread;
        }

        return (x, y);
    }
}
