using System.Diagnostics.CodeAnalysis;

namespace Wems.Gis.Features.Cql2;

/// <summary>The value type of a queryable, which decides the literals and functions it may meet in a filter.</summary>
public enum QueryableType
{
    /// <summary>Text (<c>text</c>, <c>varchar</c>, <c>char</c>): =, &lt;&gt;, &lt;, &gt;, LIKE, IN, CASEI.</summary>
    Text,

    /// <summary>A number (<c>integer</c>, <c>numeric</c>, <c>double precision</c>): comparisons, BETWEEN, IN, arithmetic.</summary>
    Number,

    /// <summary>A boolean: = and &lt;&gt; with TRUE or FALSE.</summary>
    Boolean,

    /// <summary>A calendar date (<c>date</c>): comparisons with DATE/TIMESTAMP and the T_ functions.</summary>
    Date,

    /// <summary>An instant (<c>timestamptz</c>): comparisons with DATE/TIMESTAMP and the T_ functions.</summary>
    Timestamp,

    /// <summary>A PostGIS <c>geometry</c>: the S_ functions.</summary>
    Geometry,
}

/// <summary>
/// A property a filter may name, and the SQL it stands for.
/// </summary>
/// <param name="Name">The name clients use (case-sensitive, as in OGC API – Features), e.g. <c>date</c>.</param>
/// <param name="Column">
/// The SQL column expression the name stands for, e.g. <c>c.event_date</c>. Written by WEMS code, never taken from a
/// request: it is copied into the SQL as it is.
/// </param>
/// <param name="Type">The value type.</param>
/// <param name="Srid">For a geometry: the SRID of the column (geometry literals in another CRS are transformed to it).</param>
public sealed record QueryableProperty(string Name, string Column, QueryableType Type, int Srid = 4326);

/// <summary>
/// The allow-list of properties a filter may name. <see cref="Cql2Sql.Translate"/> takes identifiers only from here;
/// a name that is not in it is refused.
/// </summary>
public interface IQueryables
{
    /// <summary>The queryable named exactly <paramref name="name"/> (ordinal, case-sensitive).</summary>
    /// <param name="name">The name as the filter writes it.</param>
    /// <param name="queryable">The queryable, when found.</param>
    /// <returns>Whether there is one.</returns>
    bool TryGet(string name, [NotNullWhen(true)] out QueryableProperty? queryable);

    /// <summary>All names, in the order to list them (e.g. in an error message).</summary>
    IReadOnlyList<string> Names { get; }
}

/// <summary>A fixed set of queryables, e.g. those of one collection.</summary>
public sealed class QueryableSet : IQueryables
{
    private readonly Dictionary<string, QueryableProperty> byName = new(StringComparer.Ordinal);
    private readonly List<string> names = [];

    /// <summary>A set of <paramref name="queryables"/>, listed in the order given.</summary>
    /// <exception cref="ArgumentException">Two queryables have the same name, or a name or column is empty.</exception>
    public QueryableSet(IEnumerable<QueryableProperty> queryables)
    {
        ArgumentNullException.ThrowIfNull(queryables);
        foreach (var queryable in queryables)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(queryable.Name, nameof(queryables));
            ArgumentException.ThrowIfNullOrWhiteSpace(queryable.Column, nameof(queryables));
            if (!byName.TryAdd(queryable.Name, queryable))
            {
                throw new ArgumentException($"The queryable '{queryable.Name}' is listed twice.", nameof(queryables));
            }

            names.Add(queryable.Name);
        }
    }

    /// <summary>A set of <paramref name="queryables"/>, listed in the order given.</summary>
    public QueryableSet(params QueryableProperty[] queryables)
        : this((IEnumerable<QueryableProperty>)queryables)
    {
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> Names => names;

    /// <inheritdoc/>
    public bool TryGet(string name, [NotNullWhen(true)] out QueryableProperty? queryable) => byName.TryGetValue(name, out queryable);
}
