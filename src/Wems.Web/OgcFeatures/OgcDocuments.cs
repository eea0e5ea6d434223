using System.Text.Json.Serialization;

namespace Wems.Web.OgcFeatures;

// Wire documents of OGC API – Features Part 1 (JSON encodings of the OpenAPI schemas in core/openapi).

public sealed record Link(string Href, string Rel, string Type, string? Title = null);

public sealed record LandingPage(string Title, string Description, IReadOnlyList<Link> Links);

public sealed record ConformanceDeclaration(IReadOnlyList<string> ConformsTo);

public sealed record SpatialExtent(IReadOnlyList<double[]> Bbox, string Crs);

public sealed record CollectionExtent(SpatialExtent Spatial);

public sealed record CollectionDocument(
    string Id,
    string Title,
    string Description,
    IReadOnlyList<Link> Links,
    CollectionExtent? Extent,
    string ItemType,
    IReadOnlyList<string> Crs,
    string StorageCrs);

public sealed record CollectionsDocument(IReadOnlyList<Link> Links, IReadOnlyList<CollectionDocument> Collections);

/// <summary>A JSON Schema (2019-09) of a collection's queryables or properties.</summary>
public sealed record JsonSchemaDocument(
    [property: JsonPropertyName("$schema")] string Schema,
    [property: JsonPropertyName("$id")] string Id,
    string Type,
    string Title,
    IReadOnlyDictionary<string, JsonSchemaProperty> Properties,
    bool AdditionalProperties);

public sealed record JsonSchemaProperty(
    string? Type,
    string? Format,
    string? Title,
    string? Description,
    [property: JsonPropertyName("x-ogc-role")] string? OgcRole = null);

public static class Conformance
{
    public const string Core = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core";
    public const string GeoJson = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson";
    public const string Html = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html";
    public const string OpenApi30 = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30";
    public const string Queryables = "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables";
    public const string CrsByReference = "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs";
    public const string Filter = "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter";
    public const string FeaturesFilter = "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter";

    /// <summary>The CQL2 conformance classes implemented (not accent-insensitive comparison, arrays or custom functions).</summary>
    public static IReadOnlyList<string> Cql2 { get; } = new[]
    {
        "basic-cql2", "advanced-comparison-operators", "case-insensitive-comparison", "basic-spatial-functions",
        "basic-spatial-functions-plus", "spatial-functions", "temporal-functions", "property-property", "arithmetic",
        "cql2-text", "cql2-json",
    }.Select(c => $"http://www.opengis.net/spec/cql2/1.0/conf/{c}").ToArray();

    public const string Crs84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";

    /// <summary>Only what is implemented: Part 1 core, GeoJSON, HTML, OpenAPI 3.0, Part 2 CRS, Part 3 queryables and filters, CQL2.</summary>
    public static IReadOnlyList<string> Classes { get; } =
        [Core, GeoJson, Html, OpenApi30, CrsByReference, Queryables, Filter, FeaturesFilter, .. Cql2, .. Tiles.OgcTilesEndpoints.Classes];
}
