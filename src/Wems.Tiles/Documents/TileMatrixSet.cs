using System.Text.Json.Serialization;

namespace Wems.Tiles.Documents;

/// <summary>
/// A tile matrix set as encoded in JSON by OGC Two Dimensional Tile Matrix Set and Tile Set Metadata 2.0
/// (OGC 17-083r4), the document OGC API – Tiles serves at <c>/tileMatrixSets/{id}</c>. Property names are the
/// camelCase names of the standard; null ones are left out.
/// </summary>
/// <param name="Id">The <c>id</c> member, e.g. "WebMercatorQuad".</param>
/// <param name="Title">The <c>title</c> member, for people.</param>
/// <param name="Uri">The <c>uri</c> member: the registered identifier of the set.</param>
/// <param name="Crs">The <c>crs</c> member: the CRS of all coordinates and cell sizes, by URI.</param>
/// <param name="OrderedAxes">The <c>orderedAxes</c> member: axis abbreviations in the order coordinates are written.</param>
/// <param name="WellKnownScaleSet">The <c>wellKnownScaleSet</c> member, or null.</param>
/// <param name="TileMatrices">The <c>tileMatrices</c> member, from the shallowest zoom to the deepest.</param>
public sealed record TileMatrixSet(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("uri")] Uri Uri,
    [property: JsonPropertyName("crs")] Uri Crs,
    [property: JsonPropertyName("orderedAxes")] IReadOnlyList<string> OrderedAxes,
    [property: JsonPropertyName("wellKnownScaleSet")] Uri? WellKnownScaleSet,
    [property: JsonPropertyName("tileMatrices")] IReadOnlyList<TileMatrix> TileMatrices);

/// <summary>One tile matrix (one zoom level) of a <see cref="TileMatrixSet"/>.</summary>
/// <param name="Id">The <c>id</c> member: for WebMercatorQuad the zoom as a decimal string.</param>
/// <param name="ScaleDenominator">The <c>scaleDenominator</c> member: cellSize / 0.00028 m, the OGC standardised
/// rendering pixel size.</param>
/// <param name="CellSize">The <c>cellSize</c> member: size of one pixel in CRS units (metres for EPSG:3857).</param>
/// <param name="CornerOfOrigin">The <c>cornerOfOrigin</c> member: "topLeft" (rows counted downwards).</param>
/// <param name="PointOfOrigin">The <c>pointOfOrigin</c> member: the corner of origin in CRS units, in
/// <c>orderedAxes</c> order.</param>
/// <param name="TileWidth">The <c>tileWidth</c> member in pixels.</param>
/// <param name="TileHeight">The <c>tileHeight</c> member in pixels.</param>
/// <param name="MatrixWidth">The <c>matrixWidth</c> member: number of tile columns.</param>
/// <param name="MatrixHeight">The <c>matrixHeight</c> member: number of tile rows.</param>
public sealed record TileMatrix(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("scaleDenominator")] double ScaleDenominator,
    [property: JsonPropertyName("cellSize")] double CellSize,
    [property: JsonPropertyName("cornerOfOrigin")] string CornerOfOrigin,
    [property: JsonPropertyName("pointOfOrigin")] IReadOnlyList<double> PointOfOrigin,
    [property: JsonPropertyName("tileWidth")] int TileWidth,
    [property: JsonPropertyName("tileHeight")] int TileHeight,
    [property: JsonPropertyName("matrixWidth")] int MatrixWidth,
    [property: JsonPropertyName("matrixHeight")] int MatrixHeight);

/// <summary>
/// The OGC WebMercatorQuad tile matrix set (OGC 17-083r4 Annex D, "Google Maps Compatible for the World"): EPSG:3857,
/// 256-pixel tiles, zooms 0 to 24, the same grid as <see cref="TileCoord"/> with tileMatrix = z, tileRow = y,
/// tileCol = x.
/// </summary>
/// <remarks>
/// Built from formulas rather than copied: cellSize(z) = 2πR / (256 · 2^z) with R = 6 378 137 m, so
/// 156 543.03392804097 m at zoom 0; scaleDenominator(z) = cellSize(z) / 0.00028 m, so 559 082 264.0287178 at zoom 0;
/// origin at the top-left corner (−πR, +πR).
/// </remarks>
public static class WebMercatorQuad
{
    /// <summary>The identifier "WebMercatorQuad", used in OGC API – Tiles paths.</summary>
    public const string Id = "WebMercatorQuad";

    /// <summary>The OGC standardised rendering pixel size in metres (0.28 mm), which links cellSize and scaleDenominator.</summary>
    public const double StandardizedPixelSizeMeters = 0.00028;

    /// <summary>The registered URI of the set.</summary>
    public static Uri Uri { get; } = new("http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad");

    /// <summary>The CRS of the set, EPSG:3857, by URI.</summary>
    public static Uri Crs { get; } = new("http://www.opengis.net/def/crs/EPSG/0/3857");

    /// <summary>The full document for zooms 0 to <see cref="TileCoord.MaxZoom"/> (24).</summary>
    public static TileMatrixSet Definition { get; } = Build();

    /// <summary>The tile matrix of one zoom level.</summary>
    /// <param name="z">Zoom, 0 to <see cref="TileCoord.MaxZoom"/>.</param>
    public static TileMatrix Matrix(int z)
    {
        var cellSize = WebMercator.MetersPerPixel(z);
        var size = WebMercator.MatrixSize(z);
        return new TileMatrix(
            Id: new TileCoord(z, 0, 0).TileMatrix,
            ScaleDenominator: cellSize / StandardizedPixelSizeMeters,
            CellSize: cellSize,
            CornerOfOrigin: "topLeft",
            PointOfOrigin: [-WebMercator.OriginShiftMeters, WebMercator.OriginShiftMeters],
            TileWidth: WebMercator.TileSizePixels,
            TileHeight: WebMercator.TileSizePixels,
            MatrixWidth: size,
            MatrixHeight: size);
    }

    private static TileMatrixSet Build() => new(
        Id,
        "Google Maps Compatible for the World",
        Uri,
        Crs,
        ["X", "Y"],
        new Uri("http://www.opengis.net/def/wkss/OGC/1.0/GoogleMapsCompatible"),
        [.. Enumerable.Range(0, TileCoord.MaxZoom + 1).Select(Matrix)]);
}
