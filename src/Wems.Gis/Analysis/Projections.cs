using ProjNet.CoordinateSystems;
using ProjNet.CoordinateSystems.Transformations;

namespace Wems.Gis.Analysis;

/// <summary>
/// A Lambert Azimuthal Equal Area projection of the WGS84 ellipsoid (ProjNet's <c>lambert_azimuthal_equal_area</c>,
/// the same formulas as PROJ's <c>+proj=laea</c>, Snyder 1987 §24) centred on a given longitude and latitude,
/// with metres as the projected unit and no false easting or northing: the centre maps to (0, 0).
/// </summary>
/// <remarks>
/// <para>
/// Areas are exact everywhere (the projection is equal-area), which is what hexagon aggregation needs. Distances
/// are true along lines through the centre to within 0.01% up to ~150 km from it; away from the centre the scale
/// along and across the radius drifts in opposite directions (about 1% at 1,800 km, 4% at 3,600 km), so keep
/// the centre inside the data, as <see cref="ForExtent"/> does, and treat distances over continental extents as
/// approximate.
/// </para>
/// <para>
/// Coordinates in are WGS84 degrees, x = longitude, y = latitude. <see cref="Inverse"/> uses ProjNet's series for
/// the authalic latitude and round-trips to about 1e-8° (~1 mm). ProjNet does not document its transforms as
/// thread-safe, so an instance should not be shared between threads; analyses make their own.
/// </para>
/// </remarks>
public sealed class EqualAreaProjection
{
    private readonly MathTransform forward;
    private readonly MathTransform inverse;

    /// <summary>Creates the projection centred on (<paramref name="centerX"/>, <paramref name="centerY"/>).</summary>
    /// <param name="centerX">Longitude of the centre, degrees; wrapped into [-180, 180].</param>
    /// <param name="centerY">Latitude of the centre, degrees, in [-90, 90].</param>
    /// <exception cref="ArgumentOutOfRangeException">The centre is not finite or the latitude is outside [-90, 90].</exception>
    public EqualAreaProjection(double centerX, double centerY)
    {
        if (!double.IsFinite(centerX))
        {
            throw new ArgumentOutOfRangeException(nameof(centerX), centerX, "The centre longitude must be finite.");
        }

        if (!double.IsFinite(centerY) || centerY is < -90 or > 90)
        {
            throw new ArgumentOutOfRangeException(nameof(centerY), centerY, "The centre latitude must be within [-90, 90].");
        }

        CenterX = WrapLongitude(centerX);
        CenterY = centerY;
        var factory = new CoordinateSystemFactory();
        var projection = factory.CreateProjection("Lambert Azimuthal Equal Area", "lambert_azimuthal_equal_area",
        [
            new ProjectionParameter("latitude_of_center", CenterY),
            new ProjectionParameter("longitude_of_center", CenterX),
            new ProjectionParameter("false_easting", 0),
            new ProjectionParameter("false_northing", 0),
        ]);
        var projected = factory.CreateProjectedCoordinateSystem("WEMS equal-area", GeographicCoordinateSystem.WGS84,
            projection, LinearUnit.Metre, new AxisInfo("East", AxisOrientationEnum.East), new AxisInfo("North", AxisOrientationEnum.North));
        forward = new CoordinateTransformationFactory()
            .CreateFromCoordinateSystems(GeographicCoordinateSystem.WGS84, projected).MathTransform;
        inverse = forward.Inverse();
    }

    /// <summary>Longitude of the centre, degrees in [-180, 180].</summary>
    public double CenterX { get; }

    /// <summary>Latitude of the centre, degrees.</summary>
    public double CenterY { get; }

    /// <summary>
    /// The projection centred on the middle of a WGS84 extent: the mean of the latitude bounds, and the mean of
    /// the longitude bounds taken eastwards from <paramref name="minX"/>, so an extent that crosses the
    /// antimeridian (<paramref name="minX"/> &gt; <paramref name="maxX"/>, e.g. 170 to -170) is centred on 180.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A bound is not finite, or the latitudes are outside [-90, 90] or reversed.</exception>
    public static EqualAreaProjection ForExtent(double minX, double minY, double maxX, double maxY)
    {
        if (!double.IsFinite(minX) || !double.IsFinite(maxX))
        {
            throw new ArgumentOutOfRangeException(nameof(minX), "Longitude bounds must be finite.");
        }

        if (!double.IsFinite(minY) || !double.IsFinite(maxY) || minY < -90 || maxY > 90 || minY > maxY)
        {
            throw new ArgumentOutOfRangeException(nameof(minY), "Latitude bounds must be within [-90, 90] with minY <= maxY.");
        }

        var width = maxX >= minX ? maxX - minX : maxX - minX + 360;
        return new EqualAreaProjection(minX + width / 2, (minY + maxY) / 2);
    }

    /// <summary>Projects a WGS84 point (degrees, x = longitude, y = latitude) to metres east and north of the centre.</summary>
    /// <remarks>The antipode of the centre has no image; points within 90° of the centre are the intended use.</remarks>
    public (double XMeters, double YMeters) Forward(double x, double y)
    {
        var (xMeters, yMeters) = forward.Transform(x, y);
        return (xMeters, yMeters);
    }

    /// <summary>
    /// Projects many WGS84 points in place (x = longitude, y = latitude in; metres east and north out), in one
    /// batched ProjNet call: the same numbers as <see cref="Forward"/>, without a call per point.
    /// </summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public void ForwardInPlace(Span<double> x, Span<double> y)
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException($"There are {x.Length} x and {y.Length} y values.", nameof(y));
        }

        if (!x.IsEmpty)
        {
            forward.Transform(x, y, 1, 1);
        }
    }

    /// <summary>Unprojects many points in place (metres in; WGS84 degrees out), as <see cref="Inverse"/> point by point.</summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public void InverseInPlace(Span<double> x, Span<double> y)
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException($"There are {x.Length} x and {y.Length} y values.", nameof(y));
        }

        Span<bool> atCenter = x.Length <= 256 ? stackalloc bool[x.Length] : new bool[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            atCenter[i] = Math.Sqrt(x[i] * x[i] + y[i] * y[i]) < 1e-3;
        }

        if (!x.IsEmpty)
        {
            inverse.Transform(x, y, 1, 1);
        }

        for (var i = 0; i < x.Length; i++)
        {
            (x[i], y[i]) = atCenter[i] ? (CenterX, CenterY) : (WrapLongitude(x[i]), y[i]);
        }
    }

    /// <summary>A new instance of the same projection, for another thread (ProjNet transforms are not shared between threads).</summary>
    public EqualAreaProjection Clone() => new(CenterX, CenterY);

    /// <summary>Unprojects metres east and north of the centre to WGS84 degrees (x = longitude in [-180, 180], y = latitude).</summary>
    /// <remarks>Points within 1 mm of the centre give the centre: ProjNet 2.0 returns longitude 0 for them.</remarks>
    public (double X, double Y) Inverse(double xMeters, double yMeters)
    {
        if (Math.Sqrt(xMeters * xMeters + yMeters * yMeters) < 1e-3)
        {
            return (CenterX, CenterY);
        }

        var (x, y) = inverse.Transform(xMeters, yMeters);
        return (WrapLongitude(x), y);
    }

    private static double WrapLongitude(double x)
    {
        var wrapped = ((x + 180) % 360 + 360) % 360 - 180;
        return wrapped == -180 && x > 0 ? 180 : wrapped;
    }
}
