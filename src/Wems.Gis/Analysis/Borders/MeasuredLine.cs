using NetTopologySuite.Geometries;
using Wems.Gis.Geography;

namespace Wems.Gis.Analysis.Borders;

/// <summary>
/// A WGS84 polyline (x = longitude, y = latitude) with a chainage in kilometres at every vertex: the linear
/// reference shared by segmentation, case assignment and coverage.
/// </summary>
/// <remarks>
/// Chainage grows along each edge in proportion to the edge's geodesic length (Vincenty, as
/// <see cref="BorderDerivation.GeodesicDistanceMeters"/>). A position at a chainage inside an edge lies on the
/// edge drawn linearly in longitude and latitude, at the geodesic distance from the edge's start that the chainage
/// asks for; for Natural Earth 10m edges (a few km) that line lies well under a metre from the geodesic.
/// Longitude differences are taken across the antimeridian.
/// </remarks>
internal sealed class MeasuredLine
{
    /// <summary>Two chainages closer than this (1 µm) are the same place.</summary>
    internal const double SameKm = 1e-9;

    private MeasuredLine(Coordinate[] coordinates, double[] chainageKm)
    {
        Coordinates = coordinates;
        ChainageKm = chainageKm;
    }

    public Coordinate[] Coordinates { get; }

    public double[] ChainageKm { get; }

    public double StartKm => ChainageKm[0];

    public double EndKm => ChainageKm[^1];

    /// <summary>Chainage from <paramref name="startKm"/>, growing by each edge's geodesic length.</summary>
    public static MeasuredLine Measure(Coordinate[] coordinates, double startKm)
    {
        var km = new double[coordinates.Length];
        km[0] = startKm;
        for (var i = 1; i < coordinates.Length; i++)
        {
            km[i] = km[i - 1] + BorderDerivation.GeodesicDistanceMeters(coordinates[i - 1], coordinates[i]) / 1000;
        }

        return new MeasuredLine(coordinates, km);
    }

    /// <summary>
    /// Chainage from <paramref name="startKm"/> to <paramref name="endKm"/>, spread over the edges in proportion to
    /// their geodesic lengths (evenly over the vertices when the line has no length).
    /// </summary>
    /// <remarks>Used on a segment, so that every chainage along it agrees with the segment's own start and end.</remarks>
    public static MeasuredLine Fit(Coordinate[] coordinates, double startKm, double endKm)
    {
        var measuredKm = Measure(coordinates, 0).ChainageKm;
        var total = measuredKm[^1];
        var km = new double[measuredKm.Length];
        for (var i = 0; i < km.Length; i++)
        {
            var fraction = total > 0 ? measuredKm[i] / total : (km.Length == 1 ? 0 : (double)i / (km.Length - 1));
            km[i] = startKm + fraction * (endKm - startKm);
        }

        km[^1] = endKm;
        return new MeasuredLine(coordinates, km);
    }

    public static MeasuredLine Fit(BorderSegment segment) =>
        Fit(segment.Geometry.Coordinates, segment.ChainageStartKm, segment.ChainageEndKm);

    /// <summary>
    /// The coordinates between two chainages (clamped to the line): the interpolated start, every vertex strictly
    /// inside, the interpolated end. Always at least two coordinates.
    /// </summary>
    public Coordinate[] Slice(double fromKm, double toKm)
    {
        fromKm = Math.Clamp(fromKm, StartKm, EndKm);
        toKm = Math.Clamp(toKm, fromKm, EndKm);
        var result = new List<Coordinate> { PointAt(fromKm) };
        for (var i = EdgeAt(fromKm) + 1; i < ChainageKm.Length && ChainageKm[i] < toKm - SameKm; i++)
        {
            if (ChainageKm[i] > fromKm + SameKm)
            {
                result.Add(Coordinates[i].Copy());
            }
        }

        result.Add(PointAt(toKm));
        return [.. result];
    }

    /// <summary>The position at <paramref name="km"/> (clamped to the line).</summary>
    public Coordinate PointAt(double km)
    {
        if (Coordinates.Length == 1)
        {
            return Coordinates[0].Copy();
        }

        var i = EdgeAt(km);
        var length = ChainageKm[i + 1] - ChainageKm[i];
        var fraction = length > 0 ? Math.Clamp((km - ChainageKm[i]) / length, 0, 1) : 0;
        return fraction is 0 or 1
            ? Interpolate(Coordinates[i], Coordinates[i + 1], fraction)
            : AtGeodesicFraction(Coordinates[i], Coordinates[i + 1], fraction);
    }

    /// <summary>
    /// The point of the edge a→b (linear in longitude and latitude) whose geodesic distance from a is
    /// <paramref name="fraction"/> of the geodesic length of the edge.
    /// </summary>
    /// <remarks>
    /// The metres per degree of longitude change with latitude along the edge, so the plain parameter t =
    /// fraction is off by up to a few 0.01 % of a long edge; three fixed-point steps t ← t · target / distance(t)
    /// bring it to well under a millimetre.
    /// </remarks>
    private static Coordinate AtGeodesicFraction(Coordinate a, Coordinate b, double fraction)
    {
        var target = fraction * BorderDerivation.GeodesicDistanceMeters(a, b);
        var t = fraction;
        var point = Interpolate(a, b, t);
        for (var step = 0; step < 3; step++)
        {
            var distance = BorderDerivation.GeodesicDistanceMeters(a, point);
            if (distance <= 0)
            {
                break;
            }

            t = Math.Clamp(t * target / distance, 0, 1);
            point = Interpolate(a, b, t);
        }

        return point;
    }

    /// <summary>Index of the edge (from vertex i to i + 1) that contains <paramref name="km"/>.</summary>
    private int EdgeAt(double km)
    {
        var index = Array.BinarySearch(ChainageKm, km);
        var vertex = index >= 0 ? index : ~index - 1;
        return Math.Clamp(vertex, 0, Math.Max(0, ChainageKm.Length - 2));
    }

    /// <summary>Linear interpolation in longitude and latitude, across the antimeridian where that is shorter.</summary>
    public static Coordinate Interpolate(Coordinate a, Coordinate b, double t)
    {
        var x = a.X + t * Wrap(b.X - a.X);
        return new Coordinate(Wrap(x), a.Y + t * (b.Y - a.Y));
    }

    /// <summary>A longitude or longitude difference brought into [−180, 180].</summary>
    public static double Wrap(double degrees) =>
        degrees > 180 ? degrees - 360 : degrees < -180 ? degrees + 360 : degrees;
}
