using NetTopologySuite.Geometries;
using Wems.Gis.Analysis.Hotspots;

namespace Wems.Gis.Tests.Analysis.Hotspots;

public sealed class HexGridTests
{
    private static readonly GeometryFactory Plane = new();
    private static readonly HexGrid Grid = new(cellAreaKm2: 100);

    [Fact]
    public void A_cell_has_the_requested_area_and_regular_hexagon_proportions()
    {
        var hexagon = Hexagon(new HexCell(3, -7));

        Assert.Equal(100, hexagon.Area / 1e6, 1e-9);
        Assert.Equal(6 * Grid.EdgeLengthMeters, hexagon.Length, 1e-6);
        // 3√3/2 · s² = 100 km² gives s = 6,204.03 m.
        Assert.Equal(6_204.032, Grid.EdgeLengthMeters, 1e-3);
    }

    [Fact]
    public void Neighbouring_centres_are_one_height_apart()
    {
        var (x0, y0) = Grid.CenterOf(new HexCell(2, 5));

        foreach (var (dq, dr) in new[] { (1, 0), (1, -1), (0, -1), (-1, 0), (-1, 1), (0, 1) })
        {
            var (x, y) = Grid.CenterOf(new HexCell(2 + dq, 5 + dr));
            Assert.Equal(Grid.HeightMeters, Math.Sqrt((x - x0) * (x - x0) + (y - y0) * (y - y0)), 1e-6);
        }
    }

    [Fact]
    public void Points_are_assigned_to_the_hexagon_that_contains_them()
    {
        var random = new Random(1);
        for (var k = 0; k < 5_000; k++)
        {
            double x = (random.NextDouble() - 0.5) * 400_000, y = (random.NextDouble() - 0.5) * 400_000;

            var cell = Grid.CellAt(x, y);

            Assert.True(Hexagon(cell).Covers(Plane.CreatePoint(new Coordinate(x, y))), $"({x}, {y}) is not in {cell}");
        }
    }

    [Fact]
    public void Points_near_a_corner_go_to_the_nearest_centre()
    {
        var corners = Grid.CornersOf(new HexCell(0, 0));
        foreach (var (cx, cy) in corners)
        {
            foreach (var (dx, dy) in new[] { (1.0, 0.0), (-1.0, 0.0), (0.0, 1.0), (0.0, -1.0), (0.7, 0.7), (-0.7, -0.7) })
            {
                double x = cx + dx, y = cy + dy;

                var cell = Grid.CellAt(x, y);

                var (hx, hy) = Grid.CenterOf(cell);
                var nearest = Enumerable.Range(-2, 5).SelectMany(q => Enumerable.Range(-2, 5).Select(r => Grid.CenterOf(new HexCell(q, r))))
                    .Min(c => Math.Sqrt((c.XMeters - x) * (c.XMeters - x) + (c.YMeters - y) * (c.YMeters - y)));
                Assert.Equal(nearest, Math.Sqrt((hx - x) * (hx - x) + (hy - y) * (hy - y)), 1e-9);
            }
        }
    }

    [Fact]
    public void The_cells_covering_a_rectangle_are_exactly_those_that_intersect_it()
    {
        var rectangle = Plane.ToGeometry(new Envelope(-31_000, 47_000, 12_000, 60_500));

        var covering = Grid.CellsCovering(-31_000, 12_000, 47_000, 60_500).ToHashSet();

        var candidates = Enumerable.Range(-10, 21).SelectMany(q => Enumerable.Range(-15, 31).Select(r => new HexCell(q, r)));
        Assert.All(candidates, cell => Assert.Equal(Hexagon(cell).Intersects(rectangle), covering.Contains(cell)));
    }

    [Fact]
    public void A_cell_area_that_is_not_positive_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new HexGrid(0));
    }

    private static Polygon Hexagon(HexCell cell)
    {
        var corners = Grid.CornersOf(cell).Select(c => new Coordinate(c.XMeters, c.YMeters)).ToList();
        corners.Add(corners[0]);
        return Plane.CreatePolygon([.. corners]);
    }
}
