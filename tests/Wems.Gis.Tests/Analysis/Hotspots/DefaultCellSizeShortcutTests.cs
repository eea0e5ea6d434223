using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;
using Wems.Gis.Analysis.Hotspots;

namespace Wems.Gis.Tests.Analysis.Hotspots;

/// <summary>
/// The shortcuts of the default cell size (<see cref="HexAggregation.DefaultCellAreaKm2"/>) against the full
/// computation: the nearest-neighbour search skipped on an upper bound, and the convex hull computed from fewer
/// points. Both must give the same numbers to the bit, on scattered, clustered, gridded and collinear data.
/// </summary>
public sealed class DefaultCellSizeShortcutTests
{
    public static TheoryData<string> DataSets => ["uniform", "clusters", "grid", "line", "circle", "stacked"];

    [Theory]
    [MemberData(nameof(DataSets))]
    public void The_cell_size_is_the_same_with_and_without_the_nearest_neighbour_search(string name)
    {
        var (x, y) = Points(name);
        var locations = Locations.Of(x, y);

        var fast = HexAggregation.CellAreaKm2For(x.Length, locations, "x");
        var full = HexAggregation.CellAreaKm2For(x.Length, locations, "x", searchAlways: true);

        Assert.Equal(full, fast);
    }

    [Theory]
    [MemberData(nameof(DataSets))]
    public void The_curve_bound_is_never_below_the_mean_nearest_neighbour_distance(string name)
    {
        var (x, y) = Points(name);
        var locations = Locations.Of(x, y);

        Assert.True(HexAggregation.MeanNearestUpperBound(x.Length, locations) >= HexAggregation.MeanNearest(x.Length, locations));
    }

    [Fact]
    public void Scattered_points_skip_the_search_because_the_bound_is_below_one_point_per_cell()
    {
        // Uniform points: the mean nearest-neighbour distance is ~0.5/sqrt(density), whose hexagon is ~0.22 of the
        // one-point-per-cell hexagon; the bound must be close enough to show it, or the shortcut never helps.
        var (x, y) = Points("uniform");
        var locations = Locations.Of(x, y);
        var byArea = locations.Hull.Area / 1e6 / x.Length;

        Assert.True(HexGrid.AreaKm2FromHeight(HexAggregation.MeanNearestUpperBound(x.Length, locations)) < byArea);
    }

    [Theory]
    [MemberData(nameof(DataSets))]
    public void The_hull_is_the_same_as_NTS_computes_from_every_point(string name)
    {
        var (x, y) = Points(name);
        var coordinates = x.Select((xi, i) => new Coordinate(xi, y[i])).ToArray();

        var expected = new ConvexHull(coordinates, new GeometryFactory()).GetConvexHull();
        var actual = Locations.Of(x, y).Hull;

        Assert.True(expected.EqualsExact(actual), $"{actual} differs from {expected}");
        Assert.Equal(expected.Area, actual.Area);
    }

    private static (double[] X, double[] Y) Points(string name)
    {
        var random = new Random(11);
        var x = new List<double>();
        var y = new List<double>();
        switch (name)
        {
            case "uniform":
                for (var i = 0; i < 20_000; i++)
                {
                    x.Add(random.NextDouble() * 2e6 - 1e6);
                    y.Add(random.NextDouble() * 1.5e6 - 7e5);
                }

                break;
            case "clusters":
                // Ports and posts: tight clusters of cases, some at the same spot, and a few cases far apart.
                for (var c = 0; c < 40; c++)
                {
                    double cx = random.NextDouble() * 3e6, cy = random.NextDouble() * 3e6;
                    for (var i = 0; i < 500; i++)
                    {
                        x.Add(i % 5 == 0 ? cx : cx + random.NextDouble() * 2_000);
                        y.Add(i % 5 == 0 ? cy : cy + random.NextDouble() * 2_000);
                    }
                }

                for (var i = 0; i < 200; i++)
                {
                    x.Add(random.NextDouble() * 3e6);
                    y.Add(random.NextDouble() * 3e6);
                }

                break;
            case "grid":
                for (var i = 0; i < 10_000; i++)
                {
                    x.Add(i % 100 * 1000.0);
                    y.Add(i / 100 * 1000.0);
                }

                break;
            case "line":
                for (var i = 0; i < 5_000; i++)
                {
                    x.Add(i * 700.0);
                    y.Add(i * 300.0);
                }

                break;
            case "circle":
                // Every point on the hull, plus its centre many times.
                for (var i = 0; i < 3_000; i++)
                {
                    x.Add(i % 3 == 0 ? 0 : 5e5 * Math.Cos(i * 0.001));
                    y.Add(i % 3 == 0 ? 0 : 5e5 * Math.Sin(i * 0.001));
                }

                break;
            default:
                // Few distinct locations holding many points each.
                for (var i = 0; i < 5_000; i++)
                {
                    x.Add(i % 60 * 10_000.0);
                    y.Add(i % 7 * 25_000.0);
                }

                break;
        }

        return ([.. x], [.. y]);
    }
}
