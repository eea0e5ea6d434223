using NetTopologySuite.Geometries;
using Wems.Gis.Analysis;
using Wems.Gis.Analysis.Hotspots;
using Wems.Gis.Cases;

namespace Wems.Gis.Tests.Analysis.Hotspots;

public sealed class HexAggregationTests
{
    private static readonly GeometryFactory Plane = new();

    // Cases scattered over southern Kenya and northern Tanzania.
    private static readonly GeoPoint[] Cases = RandomCases(600, seed: 5);

    [Fact]
    public void Counts_and_weight_sums_add_up_to_the_input()
    {
        var weights = Cases.Select((_, i) => i % 7 + 0.5).ToArray();

        var result = HexAggregation.Aggregate(Cases, weights, new HexAggregationOptions { CellAreaKm2 = 2_000 });

        Assert.Equal(Cases.Length, result.Bins.Sum(b => b.Count));
        Assert.Equal(weights.Sum(), result.Bins.Sum(b => b.WeightSum), 1e-9);
        Assert.All(result.Bins, b => Assert.True(b.Count > 0));
    }

    [Fact]
    public void Without_weights_each_point_weighs_one()
    {
        var result = HexAggregation.Aggregate(Cases, options: new HexAggregationOptions { CellAreaKm2 = 2_000 });

        Assert.All(result.Bins, b => Assert.Equal(b.Count, b.WeightSum));
    }

    [Fact]
    public void Each_point_lies_in_the_WGS84_polygon_of_its_hexagon()
    {
        var result = HexAggregation.Aggregate(Cases, options: new HexAggregationOptions { CellAreaKm2 = 2_000 });

        foreach (var point in Cases)
        {
            var (x, y) = result.Projection.Forward(point.X, point.Y);
            var bin = result.Bins.Single(b => b.Cell == result.Grid.CellAt(x, y));
            Assert.True(bin.Polygon.Covers(bin.Polygon.Factory.CreatePoint(new Coordinate(point.X, point.Y))), $"{point} is outside {bin.Cell}");
        }
    }

    [Fact]
    public void Hex_cells_have_equal_area_in_km2_wherever_they_are()
    {
        // Measure every hexagon in a second equal-area projection centred ~1,000 km away: the same area near the
        // grid's centre and at its far edges, to the densification error.
        var result = HexAggregation.Aggregate(Cases, options: new HexAggregationOptions { CellAreaKm2 = 2_000, SegmentsPerEdge = 8 });
        var elsewhere = new EqualAreaProjection(45, 5);

        Assert.All(result.Bins, bin =>
        {
            var ring = bin.Polygon.ExteriorRing.Coordinates
                .Select(c => elsewhere.Forward(c.X, c.Y)).Select(p => new Coordinate(p.XMeters, p.YMeters)).ToArray();
            Assert.Equal(2_000, Plane.CreatePolygon(ring).Area / 1e6, 2_000 * 1e-5);
        });
    }

    [Fact]
    public void Polygons_are_closed_counter_clockwise_WGS84_rings()
    {
        var result = HexAggregation.Aggregate(Cases, options: new HexAggregationOptions { CellAreaKm2 = 2_000, SegmentsPerEdge = 3 });

        Assert.All(result.Bins, bin =>
        {
            Assert.Equal(4326, bin.Polygon.SRID);
            Assert.Equal(6 * 3 + 1, bin.Polygon.ExteriorRing.NumPoints);
            Assert.True(bin.Polygon.IsValid);
            Assert.True(NetTopologySuite.Algorithm.Orientation.IsCCW(bin.Polygon.ExteriorRing.CoordinateSequence));
        });
    }

    [Fact]
    public void Empty_cells_are_included_on_request_with_count_zero()
    {
        var occupied = HexAggregation.Aggregate(Cases, options: new HexAggregationOptions { CellAreaKm2 = 500 });
        var all = HexAggregation.Aggregate(Cases, options: new HexAggregationOptions { CellAreaKm2 = 500, IncludeEmptyCells = true });

        Assert.True(all.Bins.Count > occupied.Bins.Count);
        Assert.Equal(occupied.Bins.Select(b => b.Cell), all.Bins.Where(b => b.Count > 0).Select(b => b.Cell));
        Assert.Contains(all.Bins, b => b.Count == 0 && b.WeightSum == 0);
    }

    [Fact]
    public void The_default_cell_holds_one_point_per_cell_over_the_hull_or_is_as_high_as_the_spacing()
    {
        // 10 x 10 points 1 km apart: hull 9 km x 9 km = 81 km², so 81 · 1 / 100 = 0.81 km² per cell, smaller than
        // hexagons 1 km high (the mean nearest-neighbour distance): √3/2 · 1² = 0.866 km² decides.
        var x = Enumerable.Range(0, 100).Select(i => i % 10 * 1000.0).ToArray();
        var y = Enumerable.Range(0, 100).Select(i => i / 10 * 1000.0).ToArray();
        Assert.Equal(Math.Sqrt(3) / 2, HexAggregation.DefaultCellAreaKm2(x, y), 1e-9);

        // Two clusters of 50 points 1 m apart inside a 100 km x 100 km square whose corners are points too: the hull is
        // the square, 10,000 km², for 104 points: 10,000 / 104 = 96.15 km² per cell (the bounding-box rule with 30
        // points per cell gave 2,885 km²).
        var cx = Enumerable.Range(0, 100).Select(i => i < 50 ? 1000.0 + i : 50_000.0 + i).Concat([0.0, 100_000.0, 0.0, 100_000.0]).ToArray();
        var cy = Enumerable.Range(0, 100).Select(i => i < 50 ? 1000.0 : 50_000.0).Concat([0.0, 0.0, 100_000.0, 100_000.0]).ToArray();
        Assert.Equal(10_000.0 / 104, HexAggregation.DefaultCellAreaKm2(cx, cy), 1e-6);
    }

    [Fact]
    public void The_default_cell_for_points_on_a_line_is_as_high_as_their_spacing()
    {
        // Box area 0, so the mean nearest-neighbour distance (2 km) decides: √3/2 · 2² = 3.4641 km².
        var x = Enumerable.Range(0, 50).Select(i => i * 2000.0).ToArray();
        var y = new double[50];

        Assert.Equal(Math.Sqrt(3) / 2 * 4, HexAggregation.DefaultCellAreaKm2(x, y), 1e-9);
    }

    [Fact]
    public void A_single_point_needs_a_given_cell_size()
    {
        GeoPoint[] one = [new(36.8, -1.3)];

        Assert.Throws<ArgumentException>(() => HexAggregation.Aggregate(one));
        Assert.Single(HexAggregation.Aggregate(one, options: new HexAggregationOptions { CellAreaKm2 = 10 }).Bins);
    }

    [Fact]
    public void Weights_must_match_the_points()
    {
        Assert.Throws<ArgumentException>(() => HexAggregation.Aggregate(Cases, [1.0, 2.0]));
    }

    private static GeoPoint[] RandomCases(int n, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(_ => new GeoPoint(33 + random.NextDouble() * 8, -8 + random.NextDouble() * 8))];
    }
}
