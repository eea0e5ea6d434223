using NetTopologySuite.Geometries;
using Wems.Gis.Features;

namespace Wems.Gis.Tests.Features;

public sealed class CrsRegistryTests
{
    private static readonly SupportedCrs Utm37 = CrsRegistry.Find("EPSG:32637", "crs");

    [Fact]
    public void Nairobi_airport_in_UTM_37N_matches_PostGIS()
    {
        // PostGIS 3.3: ST_Transform(ST_SetSRID(ST_MakePoint(36.9251, -1.3305), 4326), 32637).
        var p = (Point)CrsRegistry.ToCrs(new Point(36.9251, -1.3305), Utm37, CrsRegistry.Transform(Utm37));

        Assert.InRange(p.X, 268_000, 270_000);
        Assert.InRange(p.Y, -148_000, -146_000); // zone 37N has no false northing: south of the equator, negative
    }

    [Fact]
    public void A_UTM_box_around_a_point_comes_back_around_it_in_CRS84()
    {
        var p = (Point)CrsRegistry.ToCrs(new Point(36.9251, -1.3305), Utm37, CrsRegistry.Transform(Utm37));

        var box = CrsRegistry.BboxToCrs84(p.X - 5000, p.Y - 5000, p.X + 5000, p.Y + 5000, Utm37);

        Assert.InRange(36.9251, box.MinX, box.MaxX);
        Assert.InRange(-1.3305, box.MinY, box.MaxY);
        Assert.True(box.MaxX - box.MinX < 0.2, $"box {box}");
    }
}
