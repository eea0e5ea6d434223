using NetTopologySuite.Geometries;

namespace Wems.Tiles;

/// <summary>
/// An axis-aligned rectangle given as (minX, minY, maxX, maxY): west, south, east, north. In WGS84 (EPSG:4326 /
/// CRS84) x is longitude and y is latitude in degrees; in Web Mercator (EPSG:3857) x is easting and y is northing in
/// metres. The method or property that returns or takes a <see cref="Bounds"/> names its CRS (e.g. <c>bbox4326</c>).
/// </summary>
/// <remarks>
/// No ordering is enforced: a WGS84 box that crosses the antimeridian has <see cref="MinX"/> &gt; <see cref="MaxX"/>
/// (west edge east of the east edge), as in OGC API – Features and GeoJSON.
/// </remarks>
/// <param name="MinX">West edge: longitude in degrees or easting in metres.</param>
/// <param name="MinY">South edge: latitude in degrees or northing in metres.</param>
/// <param name="MaxX">East edge: longitude in degrees or easting in metres.</param>
/// <param name="MaxY">North edge: latitude in degrees or northing in metres.</param>
public readonly record struct Bounds(double MinX, double MinY, double MaxX, double MaxY)
{
    /// <summary>True when x runs the wrong way round, i.e. a WGS84 box crossing the antimeridian.</summary>
    public bool CrossesAntimeridian => MinX > MaxX;

    /// <summary>
    /// The same rectangle as a NetTopologySuite <see cref="Envelope"/> (for a box that does not cross the
    /// antimeridian; an NTS envelope normalises the corners, so a crossing box would become its complement).
    /// </summary>
    /// <exception cref="InvalidOperationException">The box crosses the antimeridian.</exception>
    public Envelope ToEnvelope() => CrossesAntimeridian
        ? throw new InvalidOperationException("A box that crosses the antimeridian has no single envelope.")
        : new Envelope(MinX, MaxX, MinY, MaxY);
}
