using System.Security.Claims;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Wems.Gis.Features;
using Wems.Gis.Storage;
using Wems.Gis.Tiles;
using Wems.Tiles.Caching;
using Wems.Tiles.Documents;
using Wems.Web.Auth;
using Wems.Web.OgcFeatures;

namespace Wems.Web.Tiles;

/// <summary>
/// OGC API – Tiles (OGC 20-057) under <c>/ogc</c>: the WebMercatorQuad tile matrix set, and for every collection that
/// is also a tile layer the caller may see, its tilesets list, its one vector tileset (MVT in WebMercatorQuad) and
/// its tiles, which are the same bytes, cache and tier rules as <c>/tiles/{layer}/{z}/{x}/{y}.mvt</c>.
/// </summary>
/// <remarks>Conformance classes implemented (<see cref="Classes"/>): core, tileset, tilesets-list, geodata-tilesets and
/// mvt. Not implemented: dataset-tilesets (no tiles of all collections together), geodata-selection, the raster and
/// GeoJSON tile encodings, and tile matrix sets other than WebMercatorQuad.</remarks>
public static class OgcTilesEndpoints
{
    private const string TilingScheme = "http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme";
    private const string TilingSchemes = "http://www.opengis.net/def/rel/ogc/1.0/tiling-schemes";
    private const string VectorTilesets = "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector";
    private const string TileTemplate = "{tileMatrix}/{tileRow}/{tileCol}";

    private static readonly HashSet<string> FormatOnly = ["f"];

    /// <summary>The OGC API – Tiles Part 1 conformance classes this server implements.</summary>
    public static IReadOnlyList<string> Classes { get; } = new[] { "core", "tileset", "tilesets-list", "geodata-tilesets", "mvt" }
        .Select(c => $"http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/{c}").ToArray();

    public static IEndpointRouteBuilder MapOgcTiles(this IEndpointRouteBuilder app)
    {
        var ogc = app.MapGroup("/ogc").WithTags("OGC API Tiles").AllowAnonymous();
        ogc.MapGet("/tileMatrixSets", GetTileMatrixSets);
        ogc.MapGet("/tileMatrixSets/{tileMatrixSetId}", GetTileMatrixSet);
        ogc.MapGet("/collections/{collectionId}/tiles", GetTilesets);
        ogc.MapGet("/collections/{collectionId}/tiles/{tileMatrixSetId}", GetTileset);
        ogc.MapGet("/collections/{collectionId}/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}", GetTile);
        return app;
    }

    /// <summary>The links a collection document gets when the collection is also a tile layer <paramref name="scope"/> may see.</summary>
    public static IEnumerable<Link> CollectionLinks(HttpRequest request, string collectionId, CallerScope scope) =>
        TileCatalog.Find(collectionId, scope) is null
            ? []
            : [new(OgcRequest.Url(request, $"/ogc/collections/{collectionId}/tiles"), VectorTilesets, "application/json", "Vector tilesets")];

    /// <summary>The link of the landing page to the tile matrix sets.</summary>
    public static Link LandingLink(HttpRequest request) =>
        new(OgcRequest.Url(request, "/ogc/tileMatrixSets"), TilingSchemes, "application/json", "Tile matrix sets");

    internal static IResult GetTileMatrixSets(HttpRequest request)
    {
        OgcRequest.OnlyKnown(request, FormatOnly);
        var definition = WebMercatorQuad.Definition;
        return TypedResults.Json(new TileMatrixSetsDocument(
            [new(OgcRequest.Url(request, "/ogc/tileMatrixSets"), "self", "application/json", "Tile matrix sets")],
            [
                new(definition.Id, definition.Title, definition.Uri.ToString(),
                    [new(OgcRequest.Url(request, $"/ogc/tileMatrixSets/{definition.Id}"), "self", "application/json", definition.Title)]),
            ]));
    }

    internal static IResult GetTileMatrixSet(string tileMatrixSetId, HttpRequest request)
    {
        OgcRequest.OnlyKnown(request, FormatOnly);
        CheckTileMatrixSet(tileMatrixSetId);
        return TypedResults.Text(TileDocumentJson.Serialize(WebMercatorQuad.Definition), "application/json");
    }

    internal static IResult GetTilesets(string collectionId, HttpRequest request, ClaimsPrincipal user)
    {
        OgcRequest.OnlyKnown(request, FormatOnly);
        var (collection, layer) = Find(collectionId, CallerScopes.From(user));
        return TypedResults.Json(new TilesetsDocument(
            [
                new(OgcRequest.Url(request, $"/ogc/collections/{collection.Id}/tiles"), "self", "application/json", "Tilesets"),
                new(OgcRequest.Url(request, $"/ogc/collections/{collection.Id}"), "collection", "application/json", collection.Title),
            ],
            [Summary(request, collection, layer)]));
    }

    internal static IResult GetTileset(string collectionId, string tileMatrixSetId, HttpRequest request, ClaimsPrincipal user)
    {
        OgcRequest.OnlyKnown(request, FormatOnly);
        CheckTileMatrixSet(tileMatrixSetId);
        var (collection, layer) = Find(collectionId, CallerScopes.From(user));
        var summary = Summary(request, collection, layer);
        return TypedResults.Json(new TilesetDocument(
            summary.Title, summary.DataType, summary.Crs, summary.TileMatrixSetUri,
            [new TilesetLayer(layer.Id, layer.Title, layer.Description, "vector", collection.GeometryType switch
            {
                "Point" or "MultiPoint" => 0,
                "LineString" or "MultiLineString" => 1,
                _ => 2,
            }, "0", TileEndpoints.MaxZoom.ToString(System.Globalization.CultureInfo.InvariantCulture))],
            [
                new(OgcRequest.Url(request, $"/ogc/collections/{collection.Id}/tiles/{WebMercatorQuad.Id}"), "self", "application/json", summary.Title),
                .. summary.Links.Skip(1),
            ]));
    }

    internal static Task<IResult> GetTile(string collectionId, string tileMatrixSetId, string tileMatrix, string tileRow, string tileCol,
        HttpRequest request, ClaimsPrincipal user, TileStore store, TileCache cache, CaseTileInvalidator invalidator,
        IOptions<TileOptions> options, CancellationToken cancellationToken)
    {
        CheckTileMatrixSet(tileMatrixSetId);
        var scope = CallerScopes.From(user);
        var (_, layer) = Find(collectionId, scope);
        if (OgcRequest.Single(request, "f") is { } f && f != "mvt")
        {
            throw new InvalidParameterException("f", $"'{f}' is not a tile format of this server; use mvt.");
        }

        // OGC tileRow is the XYZ y (rows counted down from the top-left origin) and tileCol the x.
        var tile = TileEndpoints.ParseTile(tileMatrix, tileCol, tileRow);
        return TileEndpoints.ServeAsync(layer, tile, request, scope, store, cache, invalidator, options.Value, FormatOnly, cancellationToken);
    }

    private static TilesetSummary Summary(HttpRequest request, FeatureCollectionDefinition collection, TileLayer layer)
    {
        var path = $"/ogc/collections/{collection.Id}/tiles/{WebMercatorQuad.Id}";
        return new TilesetSummary(
            $"{layer.Title} — vector tiles in {WebMercatorQuad.Id}", "vector", WebMercatorQuad.Crs.ToString(), WebMercatorQuad.Uri.ToString(),
            [
                new(OgcRequest.Url(request, path), "self", "application/json", "Tileset metadata"),
                new(OgcRequest.Url(request, $"/ogc/tileMatrixSets/{WebMercatorQuad.Id}"), TilingScheme, "application/json", WebMercatorQuad.Id),
                new(OgcRequest.Url(request, $"{path}/") + TileTemplate, "item", MvtResult.ContentType, "Tiles (Mapbox Vector Tile)", true),
            ]);
    }

    private static void CheckTileMatrixSet(string id)
    {
        if (id != WebMercatorQuad.Id)
        {
            throw new FeatureNotFoundException($"Tile matrix set '{id}' (this server has only {WebMercatorQuad.Id})");
        }
    }

    // A collection without tiles, or one the caller's tier may not see, has no tilesets: 404.
    private static (FeatureCollectionDefinition Collection, TileLayer Layer) Find(string id, CallerScope scope) =>
        (FeatureCatalog.Find(id, scope), TileCatalog.Find(id, scope)) is ({ } collection, { } layer)
            ? (collection, layer)
            : throw new FeatureNotFoundException($"Tilesets of collection '{id}'");
}

/// <summary>A link that may be a URI template (OGC API – Tiles tile links).</summary>
public sealed record TemplatedLink(
    string Href,
    string Rel,
    string Type,
    string? Title = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Templated = false);

public sealed record TileMatrixSetRef(string Id, string Title, string Uri, IReadOnlyList<Link> Links);

public sealed record TileMatrixSetsDocument(IReadOnlyList<Link> Links, IReadOnlyList<TileMatrixSetRef> TileMatrixSets);

public sealed record TilesetSummary(
    string Title,
    string DataType,
    string Crs,
    [property: JsonPropertyName("tileMatrixSetURI")] string TileMatrixSetUri,
    IReadOnlyList<TemplatedLink> Links);

public sealed record TilesetsDocument(IReadOnlyList<Link> Links, IReadOnlyList<TilesetSummary> Tilesets);

public sealed record TilesetLayer(string Id, string Title, string Description, string DataType, int GeometryDimension, string MinTileMatrix,
    string MaxTileMatrix);

public sealed record TilesetDocument(
    string Title,
    string DataType,
    string Crs,
    [property: JsonPropertyName("tileMatrixSetURI")] string TileMatrixSetUri,
    IReadOnlyList<TilesetLayer> Layers,
    IReadOnlyList<TemplatedLink> Links);
