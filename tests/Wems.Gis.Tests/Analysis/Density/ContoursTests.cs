using NetTopologySuite.Geometries;
using Wems.Gis.Analysis.Density;

namespace Wems.Gis.Tests.Analysis.Density;

public sealed class ContoursTests
{
    private const double X0 = 500_000;
    private const double Y0 = 9_000_000;

    [Fact]
    public void The_contour_of_one_point_is_a_disc_of_the_radius_where_the_kernel_equals_the_level()
    {
        const double r = 1000;
        var grid = KernelDensity.Estimate([X0], [Y0], new KernelDensityOptions
        {
            SearchRadiusMeters = r, CellSizeMeters = 10, AreaUnit = DensityAreaUnit.SquareMeters,
        });
        var level = 0.25 * 3 / (Math.PI * r * r);

        var contour = Assert.Single(Contours.AtLevels(grid, [level]));

        // By hand: 3/(π r²)(1 − d²/r²)² = level  ⇔  d = r √(1 − √0.25) = 707.1 m; area π d² = 1.5708 km².
        var polygon = Assert.IsType<Polygon>(Assert.Single(contour.Geometry.Geometries));
        Assert.True(contour.Geometry.IsValid);
        Assert.Empty(polygon.Holes);
        Assert.Equal(Math.PI * r * r / 2, polygon.Area, Math.PI * r * r / 2 * 1e-3);
        Assert.Equal(X0, polygon.Centroid.X, 0.5);
        Assert.Equal(Y0, polygon.Centroid.Y, 0.5);
    }

    [Fact]
    public void A_ring_of_points_gives_a_polygon_with_a_hole()
    {
        var angles = Enumerable.Range(0, 72).Select(i => i * Math.PI / 36).ToArray();
        var grid = KernelDensity.Estimate(
            angles.Select(a => X0 + 5000 * Math.Cos(a)).ToArray(),
            angles.Select(a => Y0 + 5000 * Math.Sin(a)).ToArray(),
            new KernelDensityOptions { SearchRadiusMeters = 1500, CellSizeMeters = 50 });
        var level = grid.Values.Max() / 2;

        var geometry = Contours.AtLevels(grid, [level])[0].Geometry;

        var annulus = Assert.IsType<Polygon>(Assert.Single(geometry.Geometries));
        Assert.True(geometry.IsValid);
        Assert.Single(annulus.Holes);
        Assert.True(new Polygon(annulus.Holes[0]).Contains(new Point(X0, Y0)));
    }

    [Fact]
    public void An_island_inside_a_hole_is_a_separate_polygon()
    {
        // A 7 × 7 grid: a high square ring (rows/columns 1–5), low inside it, and a high centre cell.
        var grid = Grid(7, 7, (row, column) =>
            row == 3 && column == 3 ? 10
            : row is >= 1 and <= 5 && column is >= 1 and <= 5 && (row is 1 or 5 || column is 1 or 5) ? 10
            : 0);

        var geometry = Contours.AtLevels(grid, [5])[0].Geometry;

        Assert.True(geometry.IsValid);
        Assert.Equal(2, geometry.NumGeometries);
        var ring = geometry.Geometries.Cast<Polygon>().Single(p => p.Holes.Length == 1);
        var island = geometry.Geometries.Cast<Polygon>().Single(p => p.Holes.Length == 0);
        Assert.True(new Polygon(ring.Holes[0]).Contains(island));
        Assert.False(ring.Intersects(island));
    }

    [Fact]
    public void A_saddle_joins_when_the_mean_of_its_corners_reaches_the_level()
    {
        // [[10, 0], [0, 10]]: the centre of the square is 5.
        var grid = Grid(2, 2, (row, column) => row == column ? 10 : 0);

        Assert.Equal(1, Contours.AtLevels(grid, [5])[0].Geometry.NumGeometries);
        Assert.Equal(2, Contours.AtLevels(grid, [6])[0].Geometry.NumGeometries);
        Assert.True(Contours.AtLevels(grid, [5])[0].Geometry.IsValid);
        Assert.True(Contours.AtLevels(grid, [6])[0].Geometry.IsValid);
    }

    [Fact]
    public void A_level_reached_everywhere_covers_the_whole_grid()
    {
        var grid = Grid(4, 6, (row, column) => 1 + row + column);

        var geometry = Contours.AtLevels(grid, [1])[0].Geometry;

        // The boundary runs along the grid's outer edge: 6 × 4 cells of 100 m.
        Assert.Equal(6 * 4 * 100 * 100, geometry.Area, 1e-6);
        Assert.True(geometry.EqualsTopologically(new GeometryFactory().ToGeometry(grid.Extent)));
    }

    [Fact]
    public void A_level_above_the_maximum_gives_an_empty_geometry()
    {
        var grid = Grid(3, 3, (row, column) => row + column);

        Assert.True(Contours.AtLevels(grid, [100])[0].Geometry.IsEmpty);
    }

    [Fact]
    public void A_crossing_is_interpolated_linearly_between_cell_centres()
    {
        // One row: 0, 10, 0 (centres at x = 50, 150, 250 m). Level 2.5 crosses a quarter of the way from each 0
        // towards the 10: x = 75 and 225. Above and below, the 10 meets the outside at the grid's edge (y = ±50 m
        // from the row's centre), so the region is the diamond (75, 0), (150, 50), (225, 0), (150, −50).
        var grid = Grid(1, 3, (_, column) => column == 1 ? 10 : 0);

        var geometry = Contours.AtLevels(grid, [2.5])[0].Geometry;

        Assert.Equal(150 * 100 / 2, geometry.Area, 1e-6);
        Assert.Equal(X0 + 75, geometry.EnvelopeInternal.MinX, 1e-6);
        Assert.Equal(X0 + 225, geometry.EnvelopeInternal.MaxX, 1e-6);
        Assert.Equal(grid.Extent.MaxY, geometry.EnvelopeInternal.MaxY, 1e-6);
    }

    [Fact]
    public void Higher_levels_nest_inside_lower_levels()
    {
        double[] x = [X0, X0 + 700, X0 + 2500, X0 + 400, X0 + 90, X0 + 2600, X0 - 800];
        double[] y = [Y0, Y0 + 300, Y0 - 900, Y0 + 1800, Y0 + 40, Y0 - 700, Y0 + 200];
        var grid = KernelDensity.Estimate(x, y, new KernelDensityOptions { SearchRadiusMeters = 1200 });
        var levels = Contours.QuantileLevels(grid, [0.25, 0.5, 0.75, 0.95]);

        var contours = Contours.AtLevels(grid, levels);

        Assert.All(contours, c => Assert.True(c.Geometry.IsValid));
        for (var i = 1; i < contours.Count; i++)
        {
            Assert.True(contours[i - 1].Geometry.Covers(contours[i].Geometry), $"level {i}");
            Assert.True(contours[i].Geometry.Area < contours[i - 1].Geometry.Area);
        }
    }

    [Fact]
    public void Quantile_levels_follow_R_type_7_over_the_positive_cells()
    {
        var grid = Grid(1, 5, (_, column) => column);

        // Positive values 1, 2, 3, 4. R: quantile(1:4, c(0, 0.5, 0.9, 1)) = 1, 2.5, 3.7, 4.
        var levels = Contours.QuantileLevels(grid, [0, 0.5, 0.9, 1]);

        Assert.Equal([1, 2.5, 3.7, 4], levels.Select(v => Math.Round(v, 12)));
    }

    [Fact]
    public void The_factory_sets_the_SRID_of_the_polygons()
    {
        var grid = Grid(3, 3, (row, column) => row == 1 && column == 1 ? 1 : 0);

        var geometry = Contours.AtLevels(grid, [0.5], new GeometryFactory(new PrecisionModel(), 32737))[0].Geometry;

        Assert.Equal(32737, geometry.SRID);
        Assert.Equal(32737, geometry.GetGeometryN(0).SRID);
    }

    private static DensityGrid Grid(int rows, int columns, Func<int, int, double> value)
    {
        var values = new double[rows * columns];
        for (var row = 0; row < rows; row++)
        {
            for (var column = 0; column < columns; column++)
            {
                values[row * columns + column] = value(row, column);
            }
        }

        return new DensityGrid(X0, Y0 + rows * 100, 100, rows, columns, values, 1000, DensityAreaUnit.SquareKilometers);
    }
}
