using Npgsql;

namespace Wems.Gis.Features;

/// <summary>One sort key: a property of the collection and its direction.</summary>
/// <param name="Property">The property sorted on (its SQL expression is fixed text of the collection).</param>
/// <param name="Descending">True for <c>-name</c>.</param>
public sealed record SortKey(FeatureProperty Property, bool Descending);

/// <summary>
/// OGC API – Features Part 8 <c>sortby</c>: a comma-separated list of property names, each optionally prefixed
/// with <c>+</c> (ascending, the default) or <c>-</c> (descending), as pygeoapi and pg_featureserv take it.
/// Features are ordered by these keys and then by id, so the order is total and keyset paging stays exact.
/// NULLs sort last when ascending and first when descending (PostgreSQL's default, written out explicitly).
/// </summary>
public sealed record SortBy(IReadOnlyList<SortKey> Keys)
{
    /// <summary>No sort keys: features in id order.</summary>
    public static SortBy None { get; } = new([]);

    /// <summary>Parses <paramref name="text"/> against the properties of <paramref name="collection"/>.</summary>
    /// <exception cref="InvalidParameterException">Empty, an unknown property (named in the message) or a property given twice.</exception>
    public static SortBy Parse(string text, FeatureCollectionDefinition collection)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(collection);
        var keys = new List<SortKey>();
        foreach (var raw in text.Split(','))
        {
            var item = raw.Trim();
            // A '+' in a query string arrives as a space when the client did not escape it: accept both.
            var descending = item.StartsWith('-');
            var name = item.TrimStart('+', '-', ' ');
            if (name.Length == 0)
            {
                throw new InvalidParameterException("sortby", $"'{text}' has an empty sort key; use e.g. +name,-length_km.");
            }

            var property = collection.Properties.FirstOrDefault(p => p.Name == name)
                           ?? throw new InvalidParameterException("sortby",
                               $"'{name}' is not a property of {collection.Id}; it has {string.Join(", ", collection.Properties.Select(p => p.Name))}.");
            if (keys.Any(k => k.Property == property))
            {
                throw new InvalidParameterException("sortby", $"'{name}' is given more than once.");
            }

            keys.Add(new SortKey(property, descending));
        }

        return new SortBy(keys);
    }
}

/// <summary>
/// Keyset paging over sort keys: the ORDER BY of a query and the condition "comes after the row with these
/// key values" that starts the next page. The keys are the sort keys followed by the id (ascending, never
/// null), so the order is total. For mixed directions and NULLs a row-value comparison does not work; the
/// condition is the OR chain (k1 after v1) or (k1 = v1 and k2 after v2) or ..., where "after" follows each
/// key's direction and NULL placement (ascending: NULLS LAST, so after v is greater than v or NULL, and nothing
/// is after NULL; descending: NULLS FIRST, so after v is less than v, and after NULL is any non-NULL).
/// </summary>
internal static class Keyset
{
    /// <summary>A key: fixed SQL text of the collection, its direction, and whether it is the id.</summary>
    public sealed record Key(string Sql, bool Descending, bool IsId);

    public static IReadOnlyList<Key> Keys(FeatureCollectionDefinition collection, SortBy? sort)
    {
        var keys = (sort ?? SortBy.None).Keys.Select(k => new Key(k.Property.Sql, k.Descending, false)).ToList();
        keys.Add(new Key(collection.NumericId || collection.UuidId ? collection.IdSql : $"({collection.IdSql})::text collate \"C\"", false, true));
        return keys;
    }

    public static string OrderBy(IReadOnlyList<Key> keys) =>
        string.Join(", ", keys.Select(k => k.IsId ? k.Sql : $"{k.Sql} {(k.Descending ? "desc nulls first" : "asc nulls last")}"));

    /// <summary>The condition for rows after <paramref name="last"/> (one value per key); adds its parameters.</summary>
    public static string After(IReadOnlyList<Key> keys, object?[] last, List<NpgsqlParameter> parameters)
    {
        for (var i = 0; i < keys.Count; i++)
        {
            if (last[i] is not null)
            {
                parameters.Add(new NpgsqlParameter($"key{i}", last[i]));
            }
        }

        var alternatives = new List<string>();
        for (var i = 0; i < keys.Count; i++)
        {
            var after = AfterOne(keys[i], last[i], i);
            if (after is null)
            {
                continue;
            }

            var terms = Enumerable.Range(0, i).Select(j => last[j] is null ? $"{keys[j].Sql} is null" : $"{keys[j].Sql} = @key{j}").Append(after);
            alternatives.Add("(" + string.Join(" and ", terms) + ")");
        }

        return alternatives.Count == 0 ? "false" : "(" + string.Join(" or ", alternatives) + ")";
    }

    private static string? AfterOne(Key key, object? value, int i) => (key.Descending, value is null) switch
    {
        (false, true) => null,
        (false, false) => key.IsId ? $"{key.Sql} > @key{i}" : $"({key.Sql} > @key{i} or {key.Sql} is null)",
        (true, true) => $"{key.Sql} is not null",
        (true, false) => $"{key.Sql} < @key{i}",
    };
}
