using Wems.Gis.Analysis.Density;

namespace Wems.Gis.Tests.Analysis.Density;

// Reference: Fixtures/density, made by make_kde_fixture.R with R 4.2.2 and spatstat 3.0-3:
// density.ppp(kernel = "quartic", sigma = r / √8, at = "points", edge = FALSE) evaluated exactly at cell centres
// (checked there against a plain double loop over ArcGIS's formula), and ArcGIS's default radius and grid rules
// written out in base R. 250 points (three clusters and ten outliers) in a UTM-like frame, metres.
public sealed class KernelDensityReferenceTests
{
    private const double Relative = 1e-9;

    private static readonly double[][] Points = DensityFixtures.Columns("kde_points.csv", "x", "y", "population");

    [Theory]
    [InlineData("unweighted")]
    [InlineData("weighted")]
    public void The_default_search_radius_matches_the_ArcGIS_rule_computed_in_R(string name)
    {
        var expected = DensityFixtures.KeyValues($"kde_{name}_grid.csv");

        var estimate = KernelDensity.EstimateSearchRadius(Points[0], Points[1], Population(name));

        Assert.Equal(expected["standard_distance"], estimate.StandardDistanceMeters, expected["standard_distance"] * Relative);
        Assert.Equal(expected["median_distance"], estimate.MedianDistanceMeters, expected["median_distance"] * Relative);
        Assert.Equal(expected["n"], estimate.Count, 1e-9);
        Assert.Equal(expected["radius"], estimate.RadiusMeters, expected["radius"] * Relative);
    }

    [Theory]
    [InlineData("unweighted")]
    [InlineData("weighted")]
    public void The_default_grid_is_the_extent_plus_one_radius_in_cells_of_the_shorter_side_over_250(string name)
    {
        var expected = DensityFixtures.KeyValues($"kde_{name}_grid.csv");

        var grid = KernelDensity.Estimate(Points[0], Points[1], Population(name));

        Assert.Equal(expected["origin_x"], grid.OriginX, 1e-6);
        Assert.Equal(expected["origin_y"], grid.OriginY, 1e-6);
        Assert.Equal(expected["cell_size"], grid.CellSizeMeters, expected["cell_size"] * Relative);
        Assert.Equal((int)expected["rows"], grid.Rows);
        Assert.Equal((int)expected["columns"], grid.Columns);
    }

    [Theory]
    [InlineData("unweighted")]
    [InlineData("weighted")]
    public void Densities_per_square_kilometre_match_spatstat_quartic_at_every_checked_cell(string name)
    {
        var cells = DensityFixtures.Columns($"kde_{name}_cells.csv", "row", "column", "density_km2");
        var largest = cells[2].Max();

        var grid = KernelDensity.Estimate(Points[0], Points[1], Population(name));

        Assert.Equal(DensityAreaUnit.SquareKilometers, grid.AreaUnit);
        for (var i = 0; i < cells[0].Length; i++)
        {
            int row = (int)cells[0][i], column = (int)cells[1][i];
            var expected = cells[2][i];
            var actual = grid[row, column];
            // Relative, with a floor for the kernel's rim, where (1 − d²/r²)² cancels digits.
            Assert.True(Math.Abs(expected - actual) <= Relative * Math.Abs(expected) + 1e-12 * largest,
                $"cell ({row}, {column}): spatstat {expected:R}, ours {actual:R}");
        }
    }

    private static double[] Population(string name) => name == "weighted" ? Points[2] : [];
}
