using Wems.Gis.Features;

namespace Wems.Gis.Tiles;

/// <summary>
/// The stored analysis layers as tile layers: hotspots, border-coverage, border-gaps, corridors, country-roles,
/// density-contours and emerging-hotspots, with the attributes of their OGC collections
/// (<see cref="AnalysisCollections"/>). A tile shows the rows of one run, <c>@run</c>: the newest run of the kind
/// the caller may see, or the one asked for with <c>?run=</c> (resolved by <see cref="TileStore.ResolveRunAsync"/>
/// under the caller's tier, so row-level security on <c>analysis_run</c> decides which runs exist). Polygons and lines
/// are clipped to the buffered tile and simplified per zoom like the reference layers.
/// </summary>
/// <remarks>Feature ids: the integer id of the collection where it has one; otherwise (hexagon q:r, country code) the
/// first 52 bits of the MD5 of the collection's text id, unsigned and exact in a JavaScript number.</remarks>
public static class AnalysisTileLayers
{
    /// <summary>The <c>analysis_run.kind</c> each analysis collection is stored under.</summary>
    public static IReadOnlyDictionary<string, string> RunKinds { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["hotspots"] = "hotspots",
        ["border-coverage"] = "border-coverage",
        ["border-gaps"] = "border-coverage",
        ["corridors"] = "corridors",
        ["country-roles"] = "corridors",
        ["density-contours"] = "density",
        ["emerging-hotspots"] = "emerging-hotspots",
    };

    /// <summary>
    /// Layers of hexagons (25 points each: the equal-area cells' edges are densified in longitude/latitude). They are
    /// simplified with Douglas-Peucker (<c>ST_Simplify</c>, collapsed cells kept), not GEOS's topology-preserving
    /// simplification: a convex hexagon cannot become self-intersecting, both keep the same vertices after the tile's
    /// grid snapping (164,965 against 164,966 in a zoom-4 tile of 23,613 hexagons), and the topology-preserving one
    /// cost two thirds of that tile (0.43 of 0.5 s, against 0.2 s in all with Douglas-Peucker). Contours keep it.
    /// Declared before <see cref="All"/>, whose initialiser uses it.
    /// </summary>
    private static readonly HashSet<string> HexagonLayers = new(StringComparer.Ordinal) { "hotspots", "emerging-hotspots" };

    /// <summary>Every analysis tile layer, in the order of <see cref="AnalysisCollections.All"/>.</summary>
    public static IReadOnlyList<TileLayer> All { get; } = [.. AnalysisCollections.All.Select(Build)];

    private static TileLayer Build(FeatureCollectionDefinition collection)
    {
        var alias = collection.From.Split(' ')[1];
        var id = collection.NumericId
            ? $"({collection.IdSql})::bigint"
            : $"('x' || left(md5({collection.IdSql}), 13))::bit(52)::bigint";
        var columns = id + " as id" + string.Concat(collection.Properties.Select(p => $", ({p.Sql}){Cast(p.Type)} as \"{p.Name}\""));
        var geometry = collection.GeometryType switch
        {
            "Point" => $"ST_Transform({collection.GeometrySql}, 3857)",
            "Polygon" or "MultiPolygon" when HexagonLayers.Contains(collection.Id) =>
                $"ST_Simplify(ST_Transform(ST_ClipByBox2D({collection.GeometrySql}, {ReferenceTileLayers.TileBox4326}::box2d), 3857), @tolerance, true)",
            "Polygon" or "MultiPolygon" =>
                $"ST_SimplifyPreserveTopology(ST_Transform(ST_ClipByBox2D({collection.GeometrySql}, {ReferenceTileLayers.TileBox4326}::box2d), 3857), @tolerance)",
            _ => $"ST_Simplify(ST_Transform(ST_ClipByBox2D({collection.GeometrySql}, {ReferenceTileLayers.TileBox4326}::box2d), 3857), @tolerance)",
        };
        var where = $"{alias}.run_id = @run";
        var fields = collection.Properties.ToDictionary(p => p.Name, p => FieldType(p.Type), StringComparer.Ordinal);
        return new TileLayer(
            collection.Id, collection.Title,
            collection.Description.Replace("newest", "newest (or the requested, ?run=)", StringComparison.Ordinal),
            false,
            ReferenceTileLayers.Mvt(collection.Id, columns, geometry, collection.From, where, collection.GeometrySql),
            fields, null, new Dictionary<string, string>(), 0, false,
            $"select ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) from (select ST_Extent({collection.GeometrySql}) e from {collection.From} where {where}) x",
            RunKinds[collection.Id]);
    }

    private static string Cast(PropertyType type) => type switch
    {
        PropertyType.WholeNumber => "::bigint",
        PropertyType.Number => "::float8",
        PropertyType.Boolean => "::boolean",
        _ => "::text",
    };

    private static string FieldType(PropertyType type) => type switch
    {
        PropertyType.WholeNumber or PropertyType.Number => "Number",
        PropertyType.Boolean => "Boolean",
        _ => "String",
    };
}
