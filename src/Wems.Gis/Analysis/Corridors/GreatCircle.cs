using NetTopologySuite.Geometries;
using Wems.Gis.Cases;

namespace Wems.Gis.Analysis.Corridors;

/// <summary>Options for <see cref="GreatCircle.Arc"/>.</summary>
public sealed record GreatCircleOptions
{
    /// <summary>Largest distance between consecutive vertices along the arc, kilometres (default 50).</summary>
    public double SpacingKm { get; init; } = 50;

    /// <summary>
    /// Sideways bulge of a flow arc as a fraction of the arc's length (default 0: the plain great circle). The
    /// arc bends to the right of the direction of travel, so a→b and b→a bulge to opposite sides and do not
    /// overlap; a negative value bends to the left. 0.1 to 0.2 reads well on a map.
    /// </summary>
    public double Bend { get; init; }

    /// <summary>Factory of the output geometries (default: floating precision, SRID 4326).</summary>
    public GeometryFactory Factory { get; init; } = DefaultFactory;

    private static readonly GeometryFactory DefaultFactory = new(new PrecisionModel(), 4326);
}

/// <summary>
/// Great-circle arcs between WGS84 points, as NTS geometries in EPSG:4326 (x = longitude, y = latitude,
/// degrees), split at the antimeridian, with an optional sideways bend for flow maps.
/// </summary>
/// <remarks>
/// <para>
/// Model: a sphere of the IUGG mean Earth radius (6,371,008.8 m). Vertices are spherical linear interpolations
/// (slerp) of the end points' unit vectors at equal steps of the central angle, at most
/// <see cref="GreatCircleOptions.SpacingKm"/> apart; each lies on the great circle up to rounding (nanometres).
/// The first and last vertices are the input points exactly. On the WGS84 ellipsoid the geodesic differs from
/// this sphere's great circle by up to ~0.5 %: fine for drawing, not for surveying.
/// </para>
/// <para>
/// Antimeridian: where the arc crosses ±180°, the crossing point is computed exactly (where the arc meets the
/// plane of the 180° meridian), the arc ends there at +180 (or −180) and a new part starts at −180 (or +180) at
/// the same latitude; the result is then a MultiLineString of the parts in travel order, else a LineString.
/// </para>
/// <para>
/// Flow arc (<see cref="GreatCircleOptions.Bend"/> = b &gt; 0): in a local frame whose x axis is the great
/// circle (x = fraction t of the way) and whose y axis is the cross-track angle, the arc is the quadratic Bézier
/// curve with end points on the great circle and control point at mid-way, 2·b·σ to the right (σ the central
/// angle); its cross-track offset 4·t·(1 − t)·b·σ peaks at b·σ mid-way. Each vertex is moved that angle along
/// the great circle's pole, so the offset is exact on the sphere.
/// </para>
/// <para>
/// Edge cases: equal points give a two-vertex line of that point; antipodal points (no unique great circle)
/// throw <see cref="ArgumentException"/>.
/// </para>
/// </remarks>
public static class GreatCircle
{
    /// <summary>The IUGG mean Earth radius, metres.</summary>
    public const double EarthRadiusMeters = 6_371_008.8;

    private static readonly GreatCircleOptions Defaults = new();

    /// <summary>The great-circle arc from <paramref name="from"/> to <paramref name="to"/> (WGS84, degrees).</summary>
    public static Geometry Arc(GeoPoint from, GeoPoint to, GreatCircleOptions? options = null)
    {
        options ??= Defaults;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.SpacingKm);
        var factory = options.Factory;
        var a = ToVector(from);
        var b = ToVector(to);
        var sigma = CentralAngle(a, b);
        if (sigma < 1e-15)
        {
            return factory.CreateLineString([new Coordinate(from.X, from.Y), new Coordinate(to.X, to.Y)]);
        }

        if (Math.PI - sigma < 1e-9)
        {
            throw new ArgumentException("The points are antipodal: the great circle between them is not unique.", nameof(to));
        }

        var steps = Math.Max(1, (int)Math.Ceiling(sigma * EarthRadiusMeters / (options.SpacingKm * 1000)));
        var pole = Normalize(Cross(a, b)); // the great circle's pole: left of travel from a to b
        var points = new GeoPoint[steps + 1];
        points[0] = from;
        points[steps] = to;
        var sinSigma = Math.Sin(sigma);
        for (var i = 1; i < steps; i++)
        {
            var t = (double)i / steps;
            var p = Add(Scale(a, Math.Sin((1 - t) * sigma) / sinSigma), Scale(b, Math.Sin(t * sigma) / sinSigma));
            if (options.Bend != 0)
            {
                var offset = 4 * t * (1 - t) * options.Bend * sigma;
                p = Add(Scale(p, Math.Cos(offset)), Scale(pole, -Math.Sin(offset)));
            }

            points[i] = ToGeoPoint(p);
        }

        return SplitAtAntimeridian(points, factory);
    }

    /// <summary>Great-circle distance between two WGS84 points on the mean-radius sphere, metres.</summary>
    public static double DistanceMeters(GeoPoint a, GeoPoint b) => CentralAngle(ToVector(a), ToVector(b)) * EarthRadiusMeters;

    private static Geometry SplitAtAntimeridian(GeoPoint[] points, GeometryFactory factory)
    {
        FixAntimeridianSigns(points);
        var parts = new List<LineString>();
        var current = new List<Coordinate> { new(points[0].X, points[0].Y) };
        for (var i = 1; i < points.Length; i++)
        {
            var (p, q) = (points[i - 1], points[i]);
            if ((p.X >= 0) != (q.X >= 0) && Crossing(p, q) is { } latitude)
            {
                var east = p.X >= 0;
                current.Add(new Coordinate(east ? 180 : -180, latitude));
                AddPart(parts, current, factory);
                current = [new Coordinate(east ? -180 : 180, latitude)];
            }

            current.Add(new Coordinate(q.X, q.Y));
        }

        AddPart(parts, current, factory);
        return parts.Count == 1 ? parts[0] : factory.CreateMultiLineString([.. parts]);
    }

    /// <summary>
    /// Gives a vertex on the antimeridian (±180) the sign of its neighbour, so it joins the part it touches
    /// rather than making a crossing of its own.
    /// </summary>
    private static void FixAntimeridianSigns(GeoPoint[] points)
    {
        for (var i = 0; i < points.Length; i++)
        {
            if (Math.Abs(points[i].X) != 180)
            {
                continue;
            }

            double? neighbour = i > 0 ? points[i - 1].X
                : points.Length > 1 && Math.Abs(points[1].X) != 180 ? points[1].X
                : null;
            if (neighbour is { } x)
            {
                points[i] = points[i] with { X = x >= 0 ? 180 : -180 };
            }
        }
    }

    /// <summary>
    /// Latitude where the short arc p→q meets the 180° meridian, or null when it crosses the 0° meridian instead.
    /// The chord point on the plane y = 0 projects onto the arc, so the crossing lies exactly on the great circle.
    /// </summary>
    private static double? Crossing(GeoPoint p, GeoPoint q)
    {
        var u = ToVector(p);
        var v = ToVector(q);
        var denominator = u.Y - v.Y;
        if (denominator == 0)
        {
            return null;
        }

        var s = u.Y / denominator;
        var c = Add(u, Scale(Add(v, Scale(u, -1)), s));
        if (c.X >= 0)
        {
            return null;
        }

        return Math.Atan2(c.Z, Math.Abs(c.X)) * 180 / Math.PI;
    }

    private static void AddPart(List<LineString> parts, List<Coordinate> coordinates, GeometryFactory factory)
    {
        // A vertex at the crossing itself would repeat: drop exact repeats, and parts that shrink to a point.
        var distinct = new List<Coordinate>(coordinates.Count);
        foreach (var c in coordinates)
        {
            if (distinct.Count == 0 || !distinct[^1].Equals2D(c))
            {
                distinct.Add(c);
            }
        }

        if (distinct.Count >= 2)
        {
            parts.Add(factory.CreateLineString([.. distinct]));
        }
    }

    private static double CentralAngle(Vector a, Vector b) => Math.Atan2(Length(Cross(a, b)), Dot(a, b));

    private static Vector ToVector(GeoPoint p)
    {
        var lambda = p.X * Math.PI / 180;
        var phi = p.Y * Math.PI / 180;
        return new Vector(Math.Cos(phi) * Math.Cos(lambda), Math.Cos(phi) * Math.Sin(lambda), Math.Sin(phi));
    }

    private static GeoPoint ToGeoPoint(Vector v) =>
        new(Math.Atan2(v.Y, v.X) * 180 / Math.PI, Math.Atan2(v.Z, Math.Sqrt(v.X * v.X + v.Y * v.Y)) * 180 / Math.PI);

    private static Vector Cross(Vector a, Vector b) => new(a.Y * b.Z - a.Z * b.Y, a.Z * b.X - a.X * b.Z, a.X * b.Y - a.Y * b.X);

    private static double Dot(Vector a, Vector b) => a.X * b.X + a.Y * b.Y + a.Z * b.Z;

    private static double Length(Vector a) => Math.Sqrt(Dot(a, a));

    private static Vector Normalize(Vector a) => Scale(a, 1 / Length(a));

    private static Vector Scale(Vector a, double k) => new(a.X * k, a.Y * k, a.Z * k);

    private static Vector Add(Vector a, Vector b) => new(a.X + b.X, a.Y + b.Y, a.Z + b.Z);

    private readonly record struct Vector(double X, double Y, double Z);
}
