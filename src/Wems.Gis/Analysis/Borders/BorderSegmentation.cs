using NetTopologySuite.Geometries;
using Wems.Gis.Geography;

namespace Wems.Gis.Analysis.Borders;

/// <summary>Options of <see cref="BorderSegmentation"/>.</summary>
public sealed record BorderSegmentationOptions
{
    /// <summary>The defaults: 10 km segments.</summary>
    public static BorderSegmentationOptions Default { get; } = new();

    /// <summary>Geodesic length of every segment but the last of each part, kilometres; positive. Default 10.</summary>
    public double SegmentLengthKm { get; init; } = 10;
}

/// <summary>
/// Splits international land borders into segments of a fixed geodesic length, with chainage, so that seizures
/// and enforcement coverage can be counted per stretch of border.
/// </summary>
/// <remarks>
/// <para>Algorithm: each line (part) of a border's MultiLineString is measured separately. Chainage starts at 0 at
/// the part's first vertex and grows by the geodesic length of each edge on the WGS84 ellipsoid (Vincenty, the
/// same measure as <see cref="BorderDerivation.GeodesicLengthKm"/>, so the segments of a border add up to its
/// <see cref="BorderLine.LengthKm"/>). The part is cut at chainage L, 2L, 3L, … (L =
/// <see cref="BorderSegmentationOptions.SegmentLengthKm"/>); a cut inside an edge is placed at the same fraction of
/// the edge in longitude and latitude, which for Natural Earth 10m edges (a few km) is well under a metre from the
/// geodesic. The last segment of a part holds the remainder and is shorter, unless the remainder is under 1 mm, in
/// which case it is added to the previous segment rather than made into a segment of its own.</para>
/// <para>Edge cases: a part of zero length (a single or repeated vertex) gives no segment but keeps its part
/// index, so ids stay stable; a part shorter than L gives one segment; longitudes are interpolated across the
/// antimeridian. Input and output are WGS84 (x = longitude, y = latitude); segment geometries use the border's
/// geometry factory (SRID 4326 for borders read by <see cref="CountryFiles.ReadBorders"/>).</para>
/// </remarks>
public static class BorderSegmentation
{
    // A remainder shorter than this (1 mm) is rounding, not a segment.
    private const double NegligibleKm = 1e-6;

    /// <summary>Segments of every border, border by border in input order, then by part and chainage.</summary>
    /// <param name="borders">Borders as read by <see cref="CountryFiles.ReadBorders"/> or derived by
    /// <see cref="BorderDerivation.Derive"/>.</param>
    /// <param name="options">Segment length; <see cref="BorderSegmentationOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">The segment length is not a positive finite number.</exception>
    public static IReadOnlyList<BorderSegment> Split(IEnumerable<BorderLine> borders, BorderSegmentationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(borders);
        var lengthKm = ValidLength(options);
        return [.. borders.SelectMany(border => SplitBorder(border, lengthKm))];
    }

    /// <summary>Segments of one border, by part and chainage.</summary>
    /// <param name="border">The border to split.</param>
    /// <param name="options">Segment length; <see cref="BorderSegmentationOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">The segment length is not a positive finite number.</exception>
    public static IReadOnlyList<BorderSegment> Split(BorderLine border, BorderSegmentationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(border);
        return [.. SplitBorder(border, ValidLength(options))];
    }

    private static double ValidLength(BorderSegmentationOptions? options)
    {
        var lengthKm = (options ?? BorderSegmentationOptions.Default).SegmentLengthKm;
        if (!double.IsFinite(lengthKm) || lengthKm <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), lengthKm, "The segment length must be a positive number of kilometres.");
        }

        return lengthKm;
    }

    private static IEnumerable<BorderSegment> SplitBorder(BorderLine border, double segmentKm)
    {
        var factory = border.Geometry.Factory;
        for (var part = 0; part < border.Geometry.NumGeometries; part++)
        {
            if (border.Geometry.GetGeometryN(part) is not LineString { NumPoints: > 1 } line)
            {
                continue;
            }

            var measured = MeasuredLine.Measure(line.Coordinates, 0);
            var totalKm = measured.EndKm;
            if (totalKm <= 0)
            {
                continue;
            }

            var full = (int)Math.Floor(totalKm / segmentKm);
            var count = totalKm - full * segmentKm < NegligibleKm ? Math.Max(full, 1) : full + 1;
            for (var index = 0; index < count; index++)
            {
                var startKm = index * segmentKm;
                var endKm = index == count - 1 ? totalKm : (index + 1) * segmentKm;
                yield return new BorderSegment(
                    $"{border.Iso2A}-{border.Iso2B}-{part}-{index}",
                    border.Iso2A,
                    border.Iso2B,
                    part,
                    index,
                    startKm,
                    endKm,
                    factory.CreateLineString(measured.Slice(startKm, endKm)));
            }
        }
    }
}
