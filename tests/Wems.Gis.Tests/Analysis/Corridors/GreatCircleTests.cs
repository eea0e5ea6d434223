using NetTopologySuite.Geometries;
using Wems.Gis.Analysis.Corridors;
using Wems.Gis.Cases;

namespace Wems.Gis.Tests.Analysis.Corridors;

// Reference formulas (spherical, R = 6,371,008.8 m): haversine distance, initial bearing and cross-track distance
// dxt = asin(sin δ13 · sin(θ13 − θ12)) · R as given by C. Veness, "Calculate distance, bearing and more between
// latitude/longitude points" (movable-type.co.uk), and the latitude of a great circle at a longitude from
// E. Williams, "Aviation Formulary". They are written out here independently of the vector maths under test.
public sealed class GreatCircleTests
{
    private static readonly GeoPoint Nairobi = new(36.8219, -1.2921);
    private static readonly GeoPoint Hanoi = new(105.8342, 21.0278);
    private static readonly GeoPoint Suva = new(178.4419, -18.1416);
    private static readonly GeoPoint Apia = new(-171.7513, -13.8333);

    [Fact]
    public void The_arc_Nairobi_to_Hanoi_runs_east_through_every_longitude_between_them()
    {
        var line = Assert.IsType<LineString>(GreatCircle.Arc(Nairobi, Hanoi));
        var xs = line.Coordinates.Select(c => c.X).ToArray();

        Assert.Equal((Nairobi.X, Nairobi.Y), (line.StartPoint.X, line.StartPoint.Y));
        Assert.Equal((Hanoi.X, Hanoi.Y), (line.EndPoint.X, line.EndPoint.Y));
        Assert.All(xs.Zip(xs.Skip(1)), p => Assert.True(p.Second > p.First));
    }

    [Theory]
    [InlineData(70, 11.924353867755068)] // Williams' formula for the Nairobi–Hanoi great circle
    [InlineData(90, 17.90068814577371)]
    public void The_arc_Nairobi_to_Hanoi_crosses_a_meridian_at_the_great_circles_latitude(double longitude, double expectedLatitude)
    {
        var c = GreatCircle.Arc(Nairobi, Hanoi).Coordinates;
        var i = Array.FindIndex(c, p => p.X >= longitude);
        var t = (longitude - c[i - 1].X) / (c[i].X - c[i - 1].X);

        // Linear interpolation inside a 50 km step strays from the circle by metres: well inside 0.001°.
        Assert.Equal(expectedLatitude, c[i - 1].Y + t * (c[i].Y - c[i - 1].Y), 3);
    }

    [Fact]
    public void Every_vertex_of_the_Nairobi_Hanoi_arc_lies_on_the_great_circle_within_a_metre()
    {
        var arc = GreatCircle.Arc(Nairobi, Hanoi);

        Assert.All(arc.Coordinates, c => Assert.InRange(CrossTrackMeters(Nairobi, Hanoi, new GeoPoint(c.X, c.Y)), -1, 1));
    }

    [Fact]
    public void Vertices_are_at_most_the_spacing_apart()
    {
        var c = GreatCircle.Arc(Nairobi, Hanoi, new GreatCircleOptions { SpacingKm = 100 }).Coordinates;

        // 7,891 km (haversine) in steps of at most 100 km: 79 equal steps of 99.9 km.
        Assert.Equal(80, c.Length);
        Assert.All(c.Zip(c.Skip(1)), p => Assert.InRange(Haversine(P(p.First), P(p.Second)), 99_800, 100_000));
    }

    [Fact]
    public void The_default_spacing_is_fifty_kilometres()
    {
        // 7,891 km / 50 km: 158 steps, 159 vertices.
        Assert.Equal(159, GreatCircle.Arc(Nairobi, Hanoi).NumPoints);
    }

    [Fact]
    public void An_arc_from_Fiji_to_Samoa_splits_at_the_antimeridian()
    {
        var multi = Assert.IsType<MultiLineString>(GreatCircle.Arc(Suva, Apia));
        var west = (LineString)multi.GetGeometryN(0);
        var east = (LineString)multi.GetGeometryN(1);

        Assert.Equal(2, multi.NumGeometries);
        Assert.Equal(180, west.EndPoint.X);
        Assert.Equal(-180, east.StartPoint.X);
        Assert.Equal(west.EndPoint.Y, east.StartPoint.Y);
        Assert.Equal(-17.500090520184607, west.EndPoint.Y, 9); // Williams' formula at 180°
        Assert.All(multi.Coordinates, c => Assert.InRange(c.X, -180, 180));
        Assert.All(multi.Coordinates, c => Assert.InRange(CrossTrackMeters(Suva, Apia, P(c)), -1, 1));
    }

    [Fact]
    public void An_arc_from_Samoa_to_Fiji_crosses_the_other_way()
    {
        var multi = Assert.IsType<MultiLineString>(GreatCircle.Arc(Apia, Suva));

        Assert.Equal(-180, ((LineString)multi.GetGeometryN(0)).EndPoint.X);
        Assert.Equal(180, ((LineString)multi.GetGeometryN(1)).StartPoint.X);
    }

    [Fact]
    public void An_arc_across_the_prime_meridian_is_not_split()
    {
        Assert.IsType<LineString>(GreatCircle.Arc(new GeoPoint(-0.1276, 51.5072), new GeoPoint(2.3522, 48.8566)));
    }

    [Fact]
    public void An_arc_that_starts_on_the_antimeridian_is_one_line()
    {
        var line = Assert.IsType<LineString>(GreatCircle.Arc(new GeoPoint(-180, -17), Suva));

        Assert.Equal(180, line.StartPoint.X);
    }

    [Fact]
    public void A_flow_arc_bulges_right_of_travel_by_the_bend_times_the_length()
    {
        var arc = GreatCircle.Arc(Nairobi, Hanoi, new GreatCircleOptions { Bend = 0.1 });
        var c = arc.Coordinates;

        // 158 steps: vertex 79 is mid-way, 0.1 × 7,891 km to the right (a positive Veness cross-track distance).
        Assert.Equal(0.1 * Haversine(Nairobi, Hanoi), CrossTrackMeters(Nairobi, Hanoi, P(c[79])), 0);
        Assert.Equal((Nairobi.X, Hanoi.X), (c[0].X, c[^1].X));
    }

    [Fact]
    public void Opposite_flow_arcs_bulge_to_opposite_sides()
    {
        var options = new GreatCircleOptions { Bend = 0.1 };
        var there = GreatCircle.Arc(Nairobi, Hanoi, options).Coordinates;
        var back = GreatCircle.Arc(Hanoi, Nairobi, options).Coordinates;

        Assert.True(CrossTrackMeters(Nairobi, Hanoi, P(there[79])) > 700_000);
        Assert.True(CrossTrackMeters(Nairobi, Hanoi, P(back[79])) < -700_000);
    }

    [Fact]
    public void Equal_points_give_a_two_vertex_line()
    {
        var line = Assert.IsType<LineString>(GreatCircle.Arc(Nairobi, Nairobi));

        Assert.Equal(2, line.NumPoints);
    }

    [Fact]
    public void Antipodal_points_are_refused()
    {
        Assert.Throws<ArgumentException>(() => GreatCircle.Arc(new GeoPoint(0, 0), new GeoPoint(180, 0)));
    }

    [Fact]
    public void Arcs_are_in_WGS84()
    {
        Assert.Equal(4326, GreatCircle.Arc(Nairobi, Hanoi).SRID);
    }

    [Fact]
    public void Distance_matches_the_haversine_formula()
    {
        Assert.Equal(Haversine(Nairobi, Hanoi), GreatCircle.DistanceMeters(Nairobi, Hanoi), 3);
    }

    private static GeoPoint P(Coordinate c) => new(c.X, c.Y);

    private static double Rad(double degrees) => degrees * Math.PI / 180;

    private static double Haversine(GeoPoint p, GeoPoint q)
    {
        var a = Math.Pow(Math.Sin(Rad(q.Y - p.Y) / 2), 2) + Math.Cos(Rad(p.Y)) * Math.Cos(Rad(q.Y)) * Math.Pow(Math.Sin(Rad(q.X - p.X) / 2), 2);
        return 2 * GreatCircle.EarthRadiusMeters * Math.Asin(Math.Sqrt(a));
    }

    private static double Bearing(GeoPoint p, GeoPoint q)
    {
        var y = Math.Sin(Rad(q.X - p.X)) * Math.Cos(Rad(q.Y));
        var x = Math.Cos(Rad(p.Y)) * Math.Sin(Rad(q.Y)) - Math.Sin(Rad(p.Y)) * Math.Cos(Rad(q.Y)) * Math.Cos(Rad(q.X - p.X));
        return Math.Atan2(y, x);
    }

    /// <summary>Veness' cross-track distance of <paramref name="point"/> from the great circle start→end; positive to the right.</summary>
    private static double CrossTrackMeters(GeoPoint start, GeoPoint end, GeoPoint point)
    {
        var delta13 = Haversine(start, point) / GreatCircle.EarthRadiusMeters;
        return Math.Asin(Math.Sin(delta13) * Math.Sin(Bearing(start, point) - Bearing(start, end))) * GreatCircle.EarthRadiusMeters;
    }
}
