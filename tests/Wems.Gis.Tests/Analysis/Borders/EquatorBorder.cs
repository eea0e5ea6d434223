using NetTopologySuite.Geometries;
using Wems.Gis.Analysis.Borders;
using Wems.Gis.Cases;
using Wems.Gis.Geography;

namespace Wems.Gis.Tests.Analysis.Borders;

/// <summary>
/// Hand-made borders along the equator, where geodesic lengths are known exactly: on the equator of the WGS84
/// ellipsoid the geodesic between two points is the equator itself, a · Δλ (a = 6 378 137 m).
/// </summary>
internal static class EquatorBorder
{
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    /// <summary>Degrees of longitude per kilometre along the equator: 1 / (a · π / 180).</summary>
    public const double DegreesPerKm = 1000 / (6_378_137 * Math.PI / 180);

    /// <summary>WGS84 metres per degree of latitude at the equator (meridian radius a (1 − e²)).</summary>
    public const double MetersPerDegreeLatitude = 110_574.27;

    /// <summary>The point <paramref name="km"/> east of (0, 0) on the equator, optionally moved north.</summary>
    public static GeoPoint At(double km, double northKm = 0) =>
        new(km * DegreesPerKm, northKm * 1000 / MetersPerDegreeLatitude);

    /// <summary>
    /// A border between "AA" and "BB" along the equator, one part per length given, part p starting at longitude
    /// 3p°; vertices at uneven spacing so that cuts fall inside edges.
    /// </summary>
    public static BorderLine Line(params double[] partLengthsKm)
    {
        var parts = partLengthsKm.Select((km, part) =>
        {
            double[] fractions = [0, 0.07, 0.33, 0.5, 0.81, 1];
            return Factory.CreateLineString([.. fractions.Select(f => new Coordinate(3.0 * part + f * km * DegreesPerKm, 0))]);
        });
        var geometry = Factory.CreateMultiLineString([.. parts]);
        return new BorderLine("AA", "BB", geometry, BorderDerivation.GeodesicLengthKm(geometry));
    }

    /// <summary>The ten 10 km segments of a 100 km equator border.</summary>
    public static IReadOnlyList<BorderSegment> HundredKmSegments() => BorderSegmentation.Split(Line(100));

    /// <summary>A post of "AA" at <paramref name="km"/> along the equator border, optionally north of it.</summary>
    public static EnforcementPost Post(string id, double km, double northKm = 0, string country = "AA") =>
        new(id, id, country, At(km, northKm));
}
