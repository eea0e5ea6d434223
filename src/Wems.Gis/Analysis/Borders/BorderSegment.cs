using NetTopologySuite.Geometries;

namespace Wems.Gis.Analysis.Borders;

/// <summary>
/// A piece of an international land border, of about the segmentation length, located by chainage along one
/// part of the border (see <see cref="BorderSegmentation"/>).
/// </summary>
/// <param name="Id">Stable key <c>"{Iso2A}-{Iso2B}-{Part}-{Index}"</c>, for example <c>"KE-TZ-0-12"</c>; the same
/// border data and segment length always give the same ids.</param>
/// <param name="Iso2A">Alpha-2 code of the first country of the pair (ordinally less than <paramref name="Iso2B"/>
/// for borders read from <c>borders.geojson</c>).</param>
/// <param name="Iso2B">Alpha-2 code of the second country of the pair.</param>
/// <param name="Part">Zero-based index of the line in the border's MultiLineString that the segment belongs to.</param>
/// <param name="Index">Zero-based position of the segment along its part.</param>
/// <param name="ChainageStartKm">Geodesic distance along the part from the part's first vertex to the segment's
/// start, kilometres.</param>
/// <param name="ChainageEndKm">Geodesic distance along the part from the part's first vertex to the segment's end,
/// kilometres.</param>
/// <param name="Geometry">The segment as a LineString in WGS84 (SRID 4326, x = longitude, y = latitude), running
/// in the direction of increasing chainage.</param>
public sealed record BorderSegment(
    string Id,
    string Iso2A,
    string Iso2B,
    int Part,
    int Index,
    double ChainageStartKm,
    double ChainageEndKm,
    LineString Geometry)
{
    /// <summary>Geodesic length on the WGS84 ellipsoid, kilometres: <see cref="ChainageEndKm"/> − <see cref="ChainageStartKm"/>.</summary>
    public double LengthKm => ChainageEndKm - ChainageStartKm;

    /// <summary>The country pair as <c>"{Iso2A}-{Iso2B}"</c>, the id of the border in <c>borders.geojson</c>.</summary>
    public string PairId => $"{Iso2A}-{Iso2B}";
}

/// <summary>A stretch of one border part between two chainages.</summary>
/// <param name="FromKm">Chainage of the start along the part, kilometres.</param>
/// <param name="ToKm">Chainage of the end along the part, kilometres; not less than <paramref name="FromKm"/>.</param>
public sealed record ChainageRange(double FromKm, double ToKm)
{
    /// <summary>Length of the stretch, kilometres.</summary>
    public double LengthKm => ToKm - FromKm;
}
