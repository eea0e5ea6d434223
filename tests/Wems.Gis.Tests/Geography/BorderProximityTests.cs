using Wems.Gis.Cases;
using Wems.Gis.Geography;
using Wems.Gis.Reference;

namespace Wems.Gis.Tests.Geography;

public sealed class BorderProximityTests
{
    private static readonly BorderProximity Borders = new(CountryFiles.ReadBorders(
        Path.Combine(ReferenceDataFiles.FindDataDirectory(), CountryFiles.BordersFileName)));

    // Expected distances: PostGIS 3.3 ST_Distance(border.geom::geography, point::geography), minimum over the
    // committed data/borders.geojson loaded into the border table (spheroid distance, metres).
    [Theory]
    [InlineData(36.7905, -2.5460, 2239.7, "KE", "TZ")] // Namanga
    [InlineData(34.0900, 0.4650, 1575.2, "KE", "UG")] // Busia
    [InlineData(34.2820, 0.6400, 3547.7, "KE", "UG")] // Malaba
    [InlineData(33.3000, -1.0000, 272.1, null, null)] // Lake Victoria, near the KE/TZ/UG tripoint
    public void Distances_match_PostGIS_geography_within_half_a_percent(double x, double y, double expected, string? a, string? b)
    {
        var nearest = Borders.Nearest(new GeoPoint(x, y), 50_000);

        Assert.NotNull(nearest);
        Assert.InRange(nearest.Value.DistanceMeters, expected * 0.995, expected * 1.005);
        if (a is not null)
        {
            Assert.Equal((a, b), (nearest.Value.Iso2A, nearest.Value.Iso2B));
        }
    }

    [Fact]
    public void Nairobi_National_Park_has_no_border_within_100_km()
    {
        // PostGIS: 118,255 m to the nearest border.
        Assert.Null(Borders.Nearest(new GeoPoint(36.8402, -1.3731), 100_000));
        Assert.InRange(Borders.Nearest(new GeoPoint(36.8402, -1.3731), 150_000)!.Value.DistanceMeters, 118_255 * 0.995, 118_255 * 1.005);
    }

    [Fact]
    public void Metres_per_degree_at_the_equator_match_WGS84()
    {
        // WGS84: 111,319.49 m per degree of longitude and 110,574.27 m per degree of latitude at the equator.
        var (kx, ky) = BorderProximity.MetersPerDegree(0);
        Assert.Equal(111_319.49, kx, 0);
        Assert.Equal(110_574.27, ky, 0);
    }

    [Fact]
    public void A_case_near_the_border_is_transboundary_by_rule_and_one_inland_is_not()
    {
        var inland = new SeizureCase
        {
            AgencyCode = "KWS", Reference = "R", Date = new DateOnly(2020, 1, 1), Country = "KE",
            Location = new GeoPoint(36.8402, -1.3731), LocationType = "protected-area",
        };

        Assert.False(TransboundaryRule.Applies(inland, Borders, new SharingRule()));
        Assert.True(TransboundaryRule.Applies(inland with { Location = new GeoPoint(36.7905, -2.5460) }, Borders, new SharingRule()));
        Assert.True(TransboundaryRule.Applies(inland with { LocationType = "airport" }, Borders, new SharingRule()));
        Assert.True(TransboundaryRule.Applies(inland with { TradeChain = [new TradeChainEntry("TZ", TradeRole.Origin, true, false)] },
            Borders, new SharingRule()));
    }
}
