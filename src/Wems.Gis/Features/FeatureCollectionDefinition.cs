namespace Wems.Gis.Features;

/// <summary>JSON Schema types of feature properties, as queryables and the collection schema show them.</summary>
public enum PropertyType
{
    Text,
    WholeNumber,
    Number,
    Boolean,
    Date,
}

/// <summary>JSON Schema names of <see cref="PropertyType"/>.</summary>
public static class PropertyTypes
{
    /// <summary>The JSON Schema <c>type</c> (and <c>format</c> for dates) of <paramref name="type"/>.</summary>
    public static (string Type, string? Format) JsonSchema(PropertyType type) => type switch
    {
        PropertyType.Text => ("string", null),
        PropertyType.WholeNumber => ("integer", null),
        PropertyType.Number => ("number", null),
        PropertyType.Boolean => ("boolean", null),
        PropertyType.Date => ("string", "date"),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };
}

/// <summary>A property of a collection: its public name, type and the SQL expression that yields it.</summary>
/// <param name="Name">Name in GeoJSON properties and in queryables.</param>
/// <param name="Type">JSON Schema type.</param>
/// <param name="Sql">SQL expression over the collection's FROM clause (fixed text, never from a request).</param>
/// <param name="Description">Shown in the schema and queryables.</param>
public sealed record FeatureProperty(string Name, PropertyType Type, string Sql, string Description);

/// <summary>
/// A collection served through OGC API – Features: where its rows come from and how they become features.
/// All SQL fragments are fixed text written in this library; requests only ever supply parameter values.
/// </summary>
/// <param name="Id">Collection id in URLs (<c>/ogc/collections/{id}</c>).</param>
/// <param name="Title">Human title.</param>
/// <param name="Description">What the collection holds and where the data come from.</param>
/// <param name="From">FROM clause (a table with an alias, or a join).</param>
/// <param name="Where">Fixed WHERE condition (e.g. the site kind), or <c>true</c>.</param>
/// <param name="IdSql">Feature id expression; unique, used for keyset paging.</param>
/// <param name="NumericId">True when the id is an integer (paging compares numbers, else text in C collation).</param>
/// <param name="GeometrySql">Geometry expression in EPSG:4326.</param>
/// <param name="GeometryType">GeoJSON geometry type name, for the schema (Point, MultiPolygon, ...).</param>
/// <param name="Properties">The feature properties.</param>
/// <param name="TemporalSql">Date expression the <c>datetime</c> parameter filters on, or null.</param>
/// <param name="UuidId">True when <paramref name="IdSql"/> is a uuid column: paging then orders by the column itself, whose
/// (byte) order is the order of its lowercase text, so that its primary-key or composite index gives the page order
/// without sorting every matching row.</param>
/// <param name="CaseDerived">True when the rows are cases or computed from them (the case collections, the public
/// aggregates): such a collection's extent is cached per version of the case data (<see cref="Storage.CaseDataVersion"/>), not per
/// database snapshot, because at a million cases it is a scan of every case and any write anywhere changes the snapshot.</param>
public sealed record FeatureCollectionDefinition(
    string Id,
    string Title,
    string Description,
    string From,
    string Where,
    string IdSql,
    bool NumericId,
    string GeometrySql,
    string GeometryType,
    IReadOnlyList<FeatureProperty> Properties,
    string? TemporalSql = null,
    bool UuidId = false,
    bool CaseDerived = false);
