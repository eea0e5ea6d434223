using Wems.Gis.Features.Cql2;

namespace Wems.Gis.Features;

/// <summary>OGC API – Features Part 3: a CQL2 <c>filter</c> on a collection, translated against its queryables.</summary>
public static class FeatureFilter
{
    /// <summary>
    /// The collection's queryables: each of its properties (by its SQL expression) and <c>geometry</c>.
    /// These, and only these, are the identifiers a filter may name.
    /// </summary>
    public static IQueryables Queryables(FeatureCollectionDefinition collection)
    {
        ArgumentNullException.ThrowIfNull(collection);
        return new QueryableSet(collection.Properties
            .Select(p => new QueryableProperty(p.Name, p.Sql, p.Type switch
            {
                PropertyType.Text => QueryableType.Text,
                PropertyType.Boolean => QueryableType.Boolean,
                PropertyType.Date => QueryableType.Date,
                _ => QueryableType.Number,
            }))
            .Append(new QueryableProperty("geometry", collection.GeometrySql, QueryableType.Geometry)));
    }

    /// <summary>Parses <paramref name="filter"/> in <paramref name="language"/> and translates it to SQL for <paramref name="collection"/>.</summary>
    /// <exception cref="InvalidParameterException">A syntax error, an unknown property or a type mismatch; the message says where.</exception>
    public static SqlFilter Translate(FeatureCollectionDefinition collection, string filter, string? language)
    {
        try
        {
            return Cql2Sql.Translate(Cql2Filter.Parse(filter, language), Queryables(collection));
        }
        catch (Cql2Exception e)
        {
            throw new InvalidParameterException(e.Message.StartsWith("filter-lang", StringComparison.Ordinal) ? "filter-lang" : "filter", e.Message);
        }
    }
}
