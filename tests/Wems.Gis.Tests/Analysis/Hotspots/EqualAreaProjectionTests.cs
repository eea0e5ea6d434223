using NetTopologySuite.Geometries;
using Wems.Gis.Analysis;

namespace Wems.Gis.Tests.Analysis.Hotspots;

public sealed class EqualAreaProjectionTests
{
    private static readonly GeometryFactory Plane = new();

    [Fact]
    public void The_centre_projects_to_the_origin_and_back()
    {
        var projection = new EqualAreaProjection(36.8, -1.3);

        var (x, y) = projection.Forward(36.8, -1.3);
        var (lon, lat) = projection.Inverse(0, 0);

        Assert.Equal(0, x, 1e-6);
        Assert.Equal(0, y, 1e-6);
        Assert.Equal(36.8, lon, 1e-12);
        Assert.Equal(-1.3, lat, 1e-12);
    }

    // Expected: PROJ 9.1.0 via R sf::sf_project("EPSG:4326", "+proj=laea +lat_0=.. +lon_0=.. +datum=WGS84", ...).
    [Theory]
    [InlineData(0, 0, 0, 1, 0, 110_572.985133132926)]
    [InlineData(0, 0, 1, 0, 111_318.077887984458, 0)]
    [InlineData(0, 0, 0.5, 0.5, 55_657.993428587739, 55_287.502862412031)]
    [InlineData(30, 10, 31, 11, 109_290.92081063641, 110_778.03273575814)]
    [InlineData(30, 10, 30, 11, 0, 110_609.41515655229)]
    public void Points_match_PROJ_laea_to_a_millimetre(double centerX, double centerY, double x, double y, double expectedX, double expectedY)
    {
        var (xMeters, yMeters) = new EqualAreaProjection(centerX, centerY).Forward(x, y);

        Assert.Equal(expectedX, xMeters, 1e-3);
        Assert.Equal(expectedY, yMeters, 1e-3);
    }

    [Fact]
    public void A_point_one_degree_north_of_an_equatorial_centre_is_110_6_km_away()
    {
        // WGS84 meridian arc from 0° to 1°: 110,574.4 m; LAEA shortens it by the radial scale cos(c/2), ~4e-5 here.
        var (x, y) = new EqualAreaProjection(20, 0).Forward(20, 1);

        Assert.Equal(110_573, Math.Sqrt(x * x + y * y), 1.0);
    }

    [Theory]
    [InlineData(0, 0, 0, 0, 12_308.463893975244)]
    [InlineData(10, 50, 0, 60, 6_123.140878746116)]
    public void A_one_degree_cell_keeps_its_ellipsoidal_area(double centerX, double centerY, double west, double south, double expectedKm2)
    {
        // Expected: area of the WGS84 quadrangle, a²/2 · Δλ · (q(φ2) − q(φ1)) with q the authalic function of
        // Snyder, "Map Projections: A Working Manual" (1987), eq. 3-12, evaluated in R.
        var projection = new EqualAreaProjection(centerX, centerY);
        var ring = new List<Coordinate>();
        const int steps = 400;
        for (var k = 0; k < 4 * steps; k++)
        {
            var t = (double)(k % steps) / steps;
            var (lon, lat) = (k / steps) switch
            {
                0 => (west + t, south),
                1 => (west + 1, south + t),
                2 => (west + 1 - t, south + 1),
                _ => (west, south + 1 - t),
            };
            var (x, y) = projection.Forward(lon, lat);
            ring.Add(new Coordinate(x, y));
        }

        ring.Add(ring[0]);
        var areaKm2 = Plane.CreatePolygon([.. ring]).Area / 1e6;

        Assert.Equal(expectedKm2, areaKm2, expectedKm2 * 1e-6);
    }

    [Fact]
    public void Inverse_undoes_forward_to_a_millimetre()
    {
        var projection = new EqualAreaProjection(35, 0);

        foreach (var (lon, lat) in new[] { (29.5, -11.0), (41.9, 4.6), (35.0, 0.0), (33.1, -4.4) })
        {
            var (x, y) = projection.Forward(lon, lat);
            var (backLon, backLat) = projection.Inverse(x, y);
            Assert.Equal(lon, backLon, 1e-7);
            Assert.Equal(lat, backLat, 1e-7);
        }
    }

    [Fact]
    public void An_extent_is_centred_on_its_middle()
    {
        var projection = EqualAreaProjection.ForExtent(29.0, -12.0, 42.0, 5.0);

        Assert.Equal(35.5, projection.CenterX);
        Assert.Equal(-3.5, projection.CenterY);
    }

    [Fact]
    public void An_extent_across_the_antimeridian_is_centred_on_it()
    {
        var projection = EqualAreaProjection.ForExtent(170, -20, -170, 0);

        Assert.Equal(180, Math.Abs(projection.CenterX));
        var (x, _) = projection.Forward(-179, -10);
        Assert.InRange(x, 100_000, 120_000);
    }

    [Fact]
    public void A_latitude_beyond_the_pole_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new EqualAreaProjection(0, 91));
    }

    [Fact]
    public void Projecting_in_batches_gives_the_same_numbers_as_point_by_point()
    {
        var projection = new EqualAreaProjection(37.5, -1.5);
        double[] lon = [36.8, 39.67, 29.4, 42.1, 37.5];
        double[] lat = [-1.3, -4.05, 0.3, 4.9, -1.5];
        double[] x = [.. lon], y = [.. lat];

        projection.ForwardInPlace(x, y);

        for (var i = 0; i < lon.Length; i++)
        {
            var (ex, ey) = projection.Forward(lon[i], lat[i]);
            Assert.Equal(ex, x[i], 1e-9);
            Assert.Equal(ey, y[i], 1e-9);
        }

        projection.InverseInPlace(x, y);

        for (var i = 0; i < lon.Length; i++)
        {
            Assert.Equal(lon[i], x[i], 1e-7);
            Assert.Equal(lat[i], y[i], 1e-7);
        }
    }
}
