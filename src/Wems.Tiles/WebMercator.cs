namespace Wems.Tiles;

/// <summary>
/// Spherical Web Mercator (EPSG:3857, "Pseudo-Mercator") and the XYZ tile grid on it: conversions between WGS84
/// longitude/latitude and metres, tile bounds, the tiles covering a point or a box, and the MVT tile coordinate
/// space.
/// </summary>
/// <remarks>
/// <para>Formulas (the standard "slippy map" ones, as in PostGIS <c>ST_TileEnvelope</c> and the OSM wiki):
/// x = R·λ, y = R·ln tan(π/4 + φ/2) with R = 6 378 137 m (the WGS84 semi-major axis used as a sphere radius);
/// the square world runs from −πR to +πR = ±20 037 508.342789244 m on both axes; tile (z, x, y) spans
/// 2πR / 2^z metres, with row 0 at the top.</para>
/// <para>Latitude is clamped to ±<see cref="MaxLatitude"/> (= atan(sinh π) ≈ 85.05112878°), where the square world
/// ends; the poles have no Mercator y. Longitudes must lie in [−180, 180] and latitudes in [−90, 90]; NaN and
/// infinities are rejected. Where a point is assigned to tiles, a position within 1e-9 of a tile of an edge counts as
/// on the edge (see <see cref="TileAt"/>). All methods are pure and thread-safe.</para>
/// </remarks>
public static class WebMercator
{
    /// <summary>Radius of the Web Mercator sphere in metres: the WGS84 semi-major axis.</summary>
    public const double EarthRadiusMeters = 6378137.0;

    /// <summary>Half the width of the world in metres, πR = 20 037 508.342789244 m: the world is ±this on both axes.</summary>
    public const double OriginShiftMeters = Math.PI * EarthRadiusMeters;

    /// <summary>
    /// Latitude of the top and bottom edges of the square Web Mercator world in degrees, atan(sinh π) =
    /// 85.0511287798066°. Latitudes beyond it are clamped.
    /// </summary>
    public const double MaxLatitude = 85.0511287798066;

    /// <summary>Nominal width and height of a tile in screen pixels (256), the OGC WebMercatorQuad tile size.</summary>
    public const int TileSizePixels = 256;

    /// <summary>Default MVT tile extent: the integer coordinate space of one tile is 0 to 4096 on each axis.</summary>
    public const int MvtExtent = 4096;

    /// <summary>
    /// Default MVT buffer in tile coordinate units (64 of 4096, 1/64 of a tile): geometry this far beyond the tile edge
    /// is kept in the tile so that symbols and strokes crossing the edge are drawn whole.
    /// </summary>
    public const int MvtBuffer = 64;

    /// <summary>Number of tiles along each axis at zoom <paramref name="z"/>: 2^z.</summary>
    /// <param name="z">Zoom, 0 to <see cref="TileCoord.MaxZoom"/>.</param>
    public static int MatrixSize(int z)
    {
        CheckZoom(z);
        return 1 << z;
    }

    /// <summary>Converts WGS84 longitude/latitude in degrees to EPSG:3857 metres.</summary>
    /// <param name="longitude">Longitude in degrees, −180 to 180.</param>
    /// <param name="latitude">Latitude in degrees, −90 to 90; clamped to ±<see cref="MaxLatitude"/>.</param>
    /// <returns>(x easting, y northing) in metres, each within ±<see cref="OriginShiftMeters"/>.</returns>
    public static (double X, double Y) ToMeters(double longitude, double latitude)
    {
        CheckLonLat(longitude, latitude);
        var phi = DegreesToRadians(Math.Clamp(latitude, -MaxLatitude, MaxLatitude));
        var y = EarthRadiusMeters * Math.Log(Math.Tan((Math.PI / 4) + (phi / 2)));
        return (EarthRadiusMeters * DegreesToRadians(longitude),
            Math.Clamp(y, -OriginShiftMeters, OriginShiftMeters));
    }

    /// <summary>Converts EPSG:3857 metres to WGS84 longitude/latitude in degrees (inverse of <see cref="ToMeters"/>).</summary>
    /// <param name="x">Easting in metres; beyond ±<see cref="OriginShiftMeters"/> gives longitudes beyond ±180°.</param>
    /// <param name="y">Northing in metres; any finite value maps into (−90°, 90°).</param>
    /// <returns>(x longitude, y latitude) in degrees.</returns>
    public static (double X, double Y) ToLonLat(double x, double y)
    {
        if (!double.IsFinite(x) || !double.IsFinite(y))
        {
            throw new ArgumentOutOfRangeException(double.IsFinite(x) ? nameof(y) : nameof(x), "Coordinates must be finite.");
        }

        var longitude = RadiansToDegrees(x / EarthRadiusMeters);
        var latitude = RadiansToDegrees((2 * Math.Atan(Math.Exp(y / EarthRadiusMeters))) - (Math.PI / 2));
        return (longitude, latitude);
    }

    /// <summary>Width (and height) of one tile in metres at zoom <paramref name="z"/>: 2πR / 2^z.</summary>
    /// <param name="z">Zoom, 0 to <see cref="TileCoord.MaxZoom"/>.</param>
    public static double TileSizeMeters(int z) => 2 * OriginShiftMeters / MatrixSize(z);

    /// <summary>
    /// Ground size of one screen pixel in EPSG:3857 metres at zoom <paramref name="z"/> (the OGC "cellSize"):
    /// 2πR / (tileSizePixels · 2^z), 156 543.03392804097 m at zoom 0 with 256-pixel tiles. True distance on the ground
    /// is this times cos(latitude).
    /// </summary>
    /// <param name="z">Zoom, 0 to <see cref="TileCoord.MaxZoom"/>.</param>
    /// <param name="tileSizePixels">Tile width in pixels, 256 by default.</param>
    public static double MetersPerPixel(int z, int tileSizePixels = TileSizePixels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tileSizePixels);
        return TileSizeMeters(z) / tileSizePixels;
    }

    /// <summary>Bounds of a tile in EPSG:3857 metres (as PostGIS <c>ST_TileEnvelope(z, x, y)</c>).</summary>
    /// <param name="tile">The tile.</param>
    public static Bounds TileBounds3857(TileCoord tile)
    {
        var size = TileSizeMeters(tile.Z);
        var minX = -OriginShiftMeters + (tile.X * size);
        var maxY = OriginShiftMeters - (tile.Y * size);
        return new Bounds(minX, maxY - size, minX + size, maxY);
    }

    /// <summary>
    /// Bounds of a tile in WGS84 degrees (x longitude, y latitude). The latitude edges are exact Mercator inverses, so
    /// the top row reaches <see cref="MaxLatitude"/>.
    /// </summary>
    /// <param name="tile">The tile.</param>
    public static Bounds TileBounds4326(TileCoord tile)
    {
        double n = MatrixSize(tile.Z);
        return new Bounds(
            (tile.X / n * 360) - 180,
            RowEdgeLatitude(tile.Y + 1, n),
            ((tile.X + 1) / n * 360) - 180,
            RowEdgeLatitude(tile.Y, n));
    }

    /// <summary>
    /// Bounds of a tile in EPSG:3857 metres grown by the MVT buffer on every side: the box to select and clip features
    /// in, as PostGIS <c>ST_TileEnvelope(z, x, y, margin =&gt; buffer / extent)</c> and
    /// <c>ST_AsMVTGeom(geom, bounds, extent, buffer)</c> do. Not clipped to the world edges.
    /// </summary>
    /// <param name="tile">The tile.</param>
    /// <param name="extent">Tile coordinate space of the MVT, 4096 by default.</param>
    /// <param name="buffer">Buffer in tile coordinate units, 64 by default; 0 gives the plain tile bounds.</param>
    public static Bounds BufferedTileBounds3857(TileCoord tile, int extent = MvtExtent, int buffer = MvtBuffer)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(extent);
        ArgumentOutOfRangeException.ThrowIfNegative(buffer);
        var bounds = TileBounds3857(tile);
        var margin = TileSizeMeters(tile.Z) * buffer / extent;
        return new Bounds(bounds.MinX - margin, bounds.MinY - margin, bounds.MaxX + margin, bounds.MaxY + margin);
    }

    /// <summary>
    /// Position of an EPSG:3857 point in the MVT coordinate space of a tile: (0, 0) is the top-left (north-west)
    /// corner, x grows east and y grows south, (extent, extent) is the bottom-right corner. Points outside the tile give
    /// values outside 0 to extent; no rounding is done.
    /// </summary>
    /// <param name="tile">The tile.</param>
    /// <param name="x">Easting in metres.</param>
    /// <param name="y">Northing in metres.</param>
    /// <param name="extent">Tile coordinate space, 4096 by default.</param>
    public static (double X, double Y) ToTileCoordinates(TileCoord tile, double x, double y, int extent = MvtExtent)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(extent);
        var bounds = TileBounds3857(tile);
        var scale = extent / TileSizeMeters(tile.Z);
        return ((x - bounds.MinX) * scale, (bounds.MaxY - y) * scale);
    }

    /// <summary>
    /// The tile at zoom <paramref name="z"/> that contains a WGS84 point. A point on a tile edge (to within 1e-9 of a
    /// tile) belongs to the tile to its east and south; longitude 180 belongs to the last column and latitudes beyond ±<see cref="MaxLatitude"/> to
    /// the first or last row.
    /// </summary>
    /// <param name="longitude">Longitude in degrees, −180 to 180.</param>
    /// <param name="latitude">Latitude in degrees, −90 to 90.</param>
    /// <param name="z">Zoom, 0 to <see cref="TileCoord.MaxZoom"/>.</param>
    public static TileCoord TileAt(double longitude, double latitude, int z)
    {
        var (fx, fy) = FractionalTile(longitude, latitude, z);
        var last = MatrixSize(z) - 1;
        return new TileCoord(z, Math.Clamp((int)Math.Floor(fx), 0, last), Math.Clamp((int)Math.Floor(fy), 0, last));
    }

    /// <summary>
    /// The tiles at zoom <paramref name="z"/> whose MVT-buffered bounds contain a WGS84 point: every tile whose payload
    /// can hold a feature at that point (see <see cref="BufferedTileBounds3857"/>). Bounds are closed, so even with
    /// buffer 0 a point on a tile edge gives the tiles on both sides. One to four tiles while the buffer is under half
    /// a tile; the range does not wrap across the antimeridian, as buffered tile queries do not.
    /// </summary>
    /// <param name="longitude">Longitude in degrees, −180 to 180.</param>
    /// <param name="latitude">Latitude in degrees, −90 to 90.</param>
    /// <param name="z">Zoom, 0 to <see cref="TileCoord.MaxZoom"/>.</param>
    /// <param name="extent">Tile coordinate space of the MVT, 4096 by default.</param>
    /// <param name="buffer">Buffer in tile coordinate units, 64 by default.</param>
    public static TileRange TilesContaining(
        double longitude, double latitude, int z, int extent = MvtExtent, int buffer = MvtBuffer)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(extent);
        ArgumentOutOfRangeException.ThrowIfNegative(buffer);
        var (fx, fy) = FractionalTile(longitude, latitude, z);
        var margin = (double)buffer / extent;
        var last = MatrixSize(z) - 1;

        // ceil(f − m) − 1 is the lowest tile whose closed interval [t − m, t + 1 + m] still reaches f.
        return new TileRange(
            z,
            Math.Clamp((int)Math.Ceiling(fx - margin) - 1, 0, last),
            Math.Clamp((int)Math.Ceiling(fy - margin) - 1, 0, last),
            Math.Clamp((int)Math.Floor(fx + margin), 0, last),
            Math.Clamp((int)Math.Floor(fy + margin), 0, last));
    }

    /// <summary>
    /// The tiles at zoom <paramref name="z"/> that cover a WGS84 box. A tile that only touches the box along an edge is
    /// left out (unless the box has no width or height there). A box crossing the antimeridian
    /// (<see cref="Bounds.MinX"/> &gt; <see cref="Bounds.MaxX"/>) gives two ranges, one on each side of it, unless at
    /// this zoom they meet or overlap, in which case one range spans all columns (and no tile is listed twice).
    /// Latitudes beyond ±<see cref="MaxLatitude"/> are clamped.
    /// </summary>
    /// <param name="bbox4326">West, south, east, north in degrees; longitudes −180 to 180, latitudes −90 to 90 with
    /// south ≤ north.</param>
    /// <param name="z">Zoom, 0 to <see cref="TileCoord.MaxZoom"/>.</param>
    /// <returns>One range, or two for an antimeridian-crossing box: the part from the west edge to 180° first, then
    /// the part from −180° to the east edge.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A coordinate is out of range, not finite, or south &gt; north.</exception>
    public static IReadOnlyList<TileRange> TileRanges(Bounds bbox4326, int z)
    {
        CheckLonLat(bbox4326.MinX, bbox4326.MinY);
        CheckLonLat(bbox4326.MaxX, bbox4326.MaxY);
        if (bbox4326.MinY > bbox4326.MaxY)
        {
            throw new ArgumentOutOfRangeException(nameof(bbox4326), "The south edge must not be north of the north edge.");
        }

        if (!bbox4326.CrossesAntimeridian)
        {
            return [Cover(bbox4326.MinX, bbox4326.MinY, bbox4326.MaxX, bbox4326.MaxY, z)];
        }

        var westOfAntimeridian = Cover(bbox4326.MinX, bbox4326.MinY, 180, bbox4326.MaxY, z);
        var eastOfAntimeridian = Cover(-180, bbox4326.MinY, bbox4326.MaxX, bbox4326.MaxY, z);
        return eastOfAntimeridian.MaxX + 1 >= westOfAntimeridian.MinX
            ? [new TileRange(z, 0, westOfAntimeridian.MinY, MatrixSize(z) - 1, westOfAntimeridian.MaxY)]
            : [westOfAntimeridian, eastOfAntimeridian];
    }

    private static TileRange Cover(double west, double south, double east, double north, int z)
    {
        var (fxMin, fyMin) = FractionalTile(west, north, z);
        var (fxMax, fyMax) = FractionalTile(east, south, z);
        var last = MatrixSize(z) - 1;
        var minX = Math.Clamp((int)Math.Floor(fxMin), 0, last);
        var minY = Math.Clamp((int)Math.Floor(fyMin), 0, last);

        // ceil(f) − 1 leaves out the tile beyond an edge that falls exactly on a tile boundary.
        var maxX = Math.Clamp((int)Math.Ceiling(fxMax) - 1, minX, last);
        var maxY = Math.Clamp((int)Math.Ceiling(fyMax) - 1, minY, last);
        return new TileRange(z, minX, minY, maxX, maxY);
    }

    /// <summary>
    /// Tile-space position of a WGS84 point: column and row as real numbers, 0 to 2^z. A value within
    /// <see cref="EdgeSnapTiles"/> of a whole number is snapped onto it, so that a coordinate given as a tile edge (for
    /// instance a latitude printed from <see cref="TileBounds4326"/>) is treated as on the edge despite rounding.
    /// </summary>
    private static (double X, double Y) FractionalTile(double longitude, double latitude, int z)
    {
        double n = MatrixSize(z);
        var (x, y) = ToMeters(longitude, latitude);
        return (Snap((x + OriginShiftMeters) / (2 * OriginShiftMeters) * n),
            Snap((OriginShiftMeters - y) / (2 * OriginShiftMeters) * n));
    }

    // 1e-9 of a tile is 2.4 mm at zoom 14 and 2.4 nm at zoom 24: far below any coordinate's precision.
    private const double EdgeSnapTiles = 1e-9;

    private static double Snap(double tiles)
    {
        var whole = Math.Round(tiles);
        return Math.Abs(tiles - whole) < EdgeSnapTiles ? whole : tiles;
    }

    private static double RowEdgeLatitude(int row, double n) =>
        RadiansToDegrees(Math.Atan(Math.Sinh(Math.PI * (1 - (2 * row / n)))));

    private static void CheckZoom(int z)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(z);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(z, TileCoord.MaxZoom);
    }

    private static void CheckLonLat(double longitude, double latitude)
    {
        if (!(longitude >= -180 && longitude <= 180))
        {
            throw new ArgumentOutOfRangeException(nameof(longitude), longitude, "Longitude must be between -180 and 180 degrees.");
        }

        if (!(latitude >= -90 && latitude <= 90))
        {
            throw new ArgumentOutOfRangeException(nameof(latitude), latitude, "Latitude must be between -90 and 90 degrees.");
        }
    }

    private static double DegreesToRadians(double degrees) => degrees * Math.PI / 180;

    private static double RadiansToDegrees(double radians) => radians * 180 / Math.PI;
}
