using Wems.Gis.Analysis.Density;

namespace Wems.Gis.Tests.Analysis.Density;

// Expected values are worked by hand from ArcGIS's formula, density = (1/r²) Σ 3/π · popᵢ · (1 − (dᵢ/r)²)²
// ("How Kernel Density works"), at cell centres chosen to fall on round distances.
public sealed class KernelDensityTests
{
    private const double X0 = 500_000;
    private const double Y0 = 9_000_000;

    // r = 1050 m and 100 m cells: the origin is 1050 m west of and north of the points' box, so cell centres fall
    // on whole hundreds of metres from the westernmost x and the northernmost y.
    private static readonly KernelDensityOptions PerSquareMetre = new()
    {
        SearchRadiusMeters = 1050, CellSizeMeters = 100, AreaUnit = DensityAreaUnit.SquareMeters,
    };

    [Fact]
    public void A_single_point_has_density_3_over_pi_r_squared_at_itself()
    {
        var grid = KernelDensity.Estimate([X0], [Y0], PerSquareMetre);

        // Column/row 10 is centred on the point (−1050 + 10.5 · 100 = 0).
        Assert.Equal((21, 21), (grid.Rows, grid.Columns));
        Assert.Equal(3 / (Math.PI * 1050 * 1050), grid[10, 10], 1e-18);
    }

    [Fact]
    public void A_single_point_half_a_kilometre_away_weighs_the_quartic_of_the_distance()
    {
        var grid = KernelDensity.Estimate([X0], [Y0], PerSquareMetre);

        // 500 m east: 3/(π · 1050²) · (1 − (500/1050)²)² = 8.661e-7 · 0.59927... .
        var expected = 3 / (Math.PI * 1050 * 1050) * Math.Pow(1 - 500.0 * 500 / (1050.0 * 1050), 2);
        Assert.Equal(expected, grid[10, 15], 1e-18);
        Assert.Equal(expected, grid[15, 10], 1e-18);
    }

    [Fact]
    public void The_kernel_is_zero_at_and_beyond_the_search_radius_and_positive_within()
    {
        var grid = KernelDensity.Estimate([X0], [Y0], PerSquareMetre);

        for (var row = 0; row < grid.Rows; row++)
        {
            for (var column = 0; column < grid.Columns; column++)
            {
                var d = Math.Sqrt(Math.Pow(grid.CellCenterX(column) - X0, 2) + Math.Pow(grid.CellCenterY(row) - Y0, 2));
                Assert.True(d < 1050 ? grid[row, column] > 0 : grid[row, column] == 0, $"cell ({row}, {column}) at {d} m");
            }
        }
    }

    [Fact]
    public void Two_weighted_points_add_their_kernels()
    {
        // Population 2 at the origin, 1 at 600 m east; cell centres fall on 300 m (column 13) and 600 m (column 16).
        var grid = KernelDensity.Estimate([X0, X0 + 600], [Y0, Y0], [2, 1], PerSquareMetre);

        var k = 3 / (Math.PI * 1050 * 1050);
        double Quartic(double d) => Math.Pow(1 - d * d / (1050.0 * 1050), 2);
        Assert.Equal(k * 3 * Quartic(300), grid[10, 13], 1e-18);
        Assert.Equal(k * (2 * Quartic(600) + 1), grid[10, 16], 1e-18);
    }

    [Fact]
    public void Three_points_within_the_radius_all_count_at_the_first()
    {
        // (0, 0), (600, 0) and (0, 800): the northernmost y is 800, so row 18 is centred on y = 0.
        var grid = KernelDensity.Estimate([X0, X0 + 600, X0], [Y0, Y0, Y0 + 800], PerSquareMetre);

        var k = 3 / (Math.PI * 1050 * 1050);
        double Quartic(double d) => Math.Pow(1 - d * d / (1050.0 * 1050), 2);
        Assert.Equal(Y0, grid.CellCenterY(18), 1e-6);
        Assert.Equal(k * (1 + Quartic(600) + Quartic(800)), grid[18, 10], 1e-18);
    }

    [Fact]
    public void The_volume_under_the_surface_equals_the_population()
    {
        var fine = PerSquareMetre with { CellSizeMeters = 10 };

        var grid = KernelDensity.Estimate([X0, X0 + 3000], [Y0, Y0 + 500], [4, 1.5], fine);

        // Each kernel integrates to its population; the midpoint sum over 10 m cells is within 0.1 %.
        Assert.Equal(5.5, grid.Values.Sum() * 10 * 10, 5.5e-3);
    }

    [Fact]
    public void Square_kilometres_and_hectares_scale_the_per_square_metre_density()
    {
        var perM2 = KernelDensity.Estimate([X0], [Y0], PerSquareMetre)[10, 10];
        var perKm2 = KernelDensity.Estimate([X0], [Y0], PerSquareMetre with { AreaUnit = DensityAreaUnit.SquareKilometers })[10, 10];
        var perHa = KernelDensity.Estimate([X0], [Y0], PerSquareMetre with { AreaUnit = DensityAreaUnit.Hectares })[10, 10];

        Assert.Equal(perM2 * 1e6, perKm2, 1e-12);
        Assert.Equal(perM2 * 1e4, perHa, 1e-14);
    }

    [Fact]
    public void A_population_of_three_counts_as_three_points_in_one_place()
    {
        double[] x = [X0, X0 + 700, X0 + 2500, X0 + 400];
        double[] y = [Y0, Y0 + 300, Y0 - 900, Y0 + 1800];

        var weighted = KernelDensity.Estimate(x, y, [3, 1, 1, 1]);
        var copies = KernelDensity.Estimate([X0, X0, .. x], [Y0, Y0, .. y]);

        Assert.Equal(copies.SearchRadiusMeters, weighted.SearchRadiusMeters, 1e-9);
        Assert.Equal(copies.Values.Length, weighted.Values.Length);
        var tolerance = 1e-12 * copies.Values.Max();
        for (var i = 0; i < copies.Values.Length; i++)
        {
            Assert.Equal(copies.Values[i], weighted.Values[i], tolerance);
        }
    }

    [Fact]
    public void The_default_radius_uses_the_standard_distance_when_the_points_are_even()
    {
        // Mean centre (0, 0); distances 1000, 1000, 3000, 3000: Dm = 2000, SD = √(20e6/4) = 2236.07 m,
        // √(1/ln 2) · Dm = 2402.25 m, so r = 0.9 · SD · 4^−0.2 = 1525.14 m.
        var estimate = KernelDensity.EstimateSearchRadius(
            [X0 - 1000, X0 + 1000, X0, X0], [Y0, Y0, Y0 - 3000, Y0 + 3000], []);

        Assert.Equal(2000, estimate.MedianDistanceMeters, 1e-6);
        Assert.Equal(Math.Sqrt(5e6), estimate.StandardDistanceMeters, 1e-6);
        Assert.Equal(0.9 * Math.Sqrt(5e6) * Math.Pow(4, -0.2), estimate.RadiusMeters, 1e-6);
    }

    [Fact]
    public void Outliers_do_not_inflate_the_default_radius_because_the_median_term_wins()
    {
        // Four points 100 m from the centre and two 10 km away: Dm = 100, SD = √((4·1e4 + 2·1e8)/6) = 5774 m,
        // so r = 0.9 · √(1/ln 2) · 100 · 6^−0.2 = 75.64 m.
        var estimate = KernelDensity.EstimateSearchRadius(
            [X0 - 100, X0 + 100, X0, X0, X0 - 10_000, X0 + 10_000], [Y0, Y0, Y0 - 100, Y0 + 100, Y0, Y0], []);

        Assert.Equal(100, estimate.MedianDistanceMeters, 1e-6);
        Assert.Equal(0.9 * Math.Sqrt(1 / Math.Log(2)) * 100 * Math.Pow(6, -0.2), estimate.RadiusMeters, 1e-6);
    }

    [Fact]
    public void With_a_population_n_is_the_sum_of_the_population()
    {
        var estimate = KernelDensity.EstimateSearchRadius([X0, X0 + 100], [Y0, Y0], [2.5, 4]);

        Assert.Equal(6.5, estimate.Count);
    }

    [Fact]
    public void The_default_cell_is_the_shorter_side_of_the_output_extent_over_250()
    {
        // Points span 10 km × 4 km; with r = 1 km the extent is 12 km × 6 km, so cells of 24 m: 500 × 250.
        var grid = KernelDensity.Estimate(
            [X0, X0 + 10_000, X0, X0 + 10_000], [Y0, Y0, Y0 + 4000, Y0 + 4000], new KernelDensityOptions { SearchRadiusMeters = 1000 });

        Assert.Equal(24, grid.CellSizeMeters, 1e-9);
        Assert.Equal((250, 500), (grid.Rows, grid.Columns));
        Assert.Equal(X0 - 1000, grid.OriginX);
        Assert.Equal(Y0 + 5000, grid.OriginY);
    }

    [Fact]
    public void The_result_does_not_depend_on_the_order_of_the_points()
    {
        double[] x = [X0, X0 + 700, X0 + 2500, X0 + 400, X0 + 90];
        double[] y = [Y0, Y0 + 300, Y0 - 900, Y0 + 1800, Y0 + 40];

        var forward = KernelDensity.Estimate(x, y);
        var backward = KernelDensity.Estimate(x.Reverse().ToArray(), y.Reverse().ToArray());

        Assert.Equal(forward.Values.Length, backward.Values.Length);
        var tolerance = 1e-12 * forward.Values.Max();
        for (var i = 0; i < forward.Values.Length; i++)
        {
            Assert.Equal(forward.Values[i], backward.Values[i], tolerance);
        }
    }

    [Fact]
    public void Points_all_in_one_place_need_a_given_radius()
    {
        Assert.Throws<ArgumentException>(() => KernelDensity.Estimate([X0, X0], [Y0, Y0]));
        Assert.Equal(21, KernelDensity.Estimate([X0, X0], [Y0, Y0], PerSquareMetre).Rows);
    }

    [Fact]
    public void Bad_input_is_refused()
    {
        Assert.Throws<ArgumentException>(() => KernelDensity.Estimate([], []));
        Assert.Throws<ArgumentException>(() => KernelDensity.Estimate([X0, X0 + 1], [Y0]));
        Assert.Throws<ArgumentException>(() => KernelDensity.Estimate([X0, double.NaN], [Y0, Y0]));
        Assert.Throws<ArgumentException>(() => KernelDensity.Estimate([X0, X0 + 1], [Y0, Y0], [1, -1]));
        Assert.Throws<ArgumentException>(() => KernelDensity.Estimate([X0, X0 + 1], [Y0, Y0], [0, 0]));
        Assert.Throws<ArgumentException>(() => KernelDensity.Estimate([X0], [Y0], PerSquareMetre with { CellSizeMeters = 0.01 }));
    }
}
