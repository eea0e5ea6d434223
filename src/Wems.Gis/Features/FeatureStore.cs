using System.Text;
using Npgsql;
using Wems.Gis.Storage;

namespace Wems.Gis.Features;

/// <summary>What a caller asks of a collection's items.</summary>
/// <param name="Bbox">Spatial filter (CRS84), or null.</param>
/// <param name="DateTime">Temporal filter on the collection's date, or null (ignored for timeless collections).</param>
/// <param name="Limit">Page size, already resolved against the server's default and maximum.</param>
/// <param name="Cursor">Opaque keyset cursor from a previous page's <c>next</c> link, or null for the first page.</param>
/// <param name="Crs">The CRS of the output coordinates; null means CRS84.</param>
/// <param name="Filter">A translated CQL2 filter (<see cref="FeatureFilter.Translate"/>), or null.</param>
public sealed record FeatureQuery(BoundingBox? Bbox, DateTimeFilter? DateTime, int Limit, string? Cursor, SupportedCrs? Crs = null,
    Cql2.SqlFilter? Filter = null);

/// <summary>One feature: id, GeoJSON geometry text and property values in the definition's order.</summary>
public sealed record FeatureRow(string Id, string? GeometryJson, object?[] Values);

/// <summary>A page of features; <paramref name="NextCursor"/> is null on the last page.</summary>
public sealed record FeaturePage(IReadOnlyList<FeatureRow> Features, long NumberMatched, string? NextCursor);

/// <summary>
/// Reads features of a <see cref="FeatureCollectionDefinition"/> from PostGIS with keyset paging: pages are
/// ordered by id and each next page starts after the last id seen, so a client that follows <c>next</c> to
/// the end gets every feature once, even while rows are being added (no OFFSET). Every query runs under the
/// caller's tier (<see cref="TierSession"/>), so PostgreSQL's row-level security decides which rows exist.
/// </summary>
public sealed class FeatureStore(NpgsqlDataSource dataSource)
{
    /// <summary>Coordinates in GeoJSON output: 7 decimals of a degree, about 1 cm.</summary>
    public const int CoordinateDecimals = 7;

    /// <summary>Runs <paramref name="query"/> against <paramref name="collection"/>.</summary>
    /// <exception cref="InvalidParameterException">The cursor is not one this server made.</exception>
    public async Task<FeaturePage> QueryAsync(FeatureCollectionDefinition collection, FeatureQuery query, CallerScope scope,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(collection);
        ArgumentNullException.ThrowIfNull(query);
        var parameters = new List<NpgsqlParameter>();
        var where = Conditions(collection, query, parameters);
        var countSql = $"select count(*) from {collection.From} where {where}";

        var after = query.Cursor is null ? null : Cursor.Decode(query.Cursor, collection.NumericId);
        var pageWhere = where;
        if (after is not null)
        {
            pageWhere += collection.NumericId ? $" and {collection.IdSql} > @after" : $" and ({collection.IdSql})::text collate \"C\" > @after";
        }

        var crs = query.Crs ?? CrsRegistry.Crs84;
        var sql = Select(collection, crs).Append(" from ").Append(collection.From).Append(" where ").Append(pageWhere)
            .Append(" order by ").Append(collection.NumericId ? collection.IdSql : $"({collection.IdSql})::text collate \"C\"")
            .Append(" limit @limit");

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await TierSession.ApplyAsync(connection, scope, cancellationToken);
        long matched;
        await using (var count = new NpgsqlCommand(countSql, connection))
        {
            count.Parameters.AddRange(parameters.Select(p => p.Clone()).ToArray());
            matched = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        }

        await using var page = new NpgsqlCommand(sql.ToString(), connection);
        page.Parameters.AddRange(parameters.ToArray());
        page.Parameters.AddWithValue("limit", query.Limit + 1);
        if (after is not null)
        {
            page.Parameters.AddWithValue("after", after);
        }

        var rows = await ReadRowsAsync(page, collection, crs, cancellationToken);
        string? next = null;
        if (rows.Count > query.Limit)
        {
            rows.RemoveAt(rows.Count - 1);
            next = Cursor.Encode(rows[^1].Id);
        }

        return new FeaturePage(rows, matched, next);
    }

    /// <summary>The feature with <paramref name="id"/>, or null.</summary>
    public async Task<FeatureRow?> GetAsync(FeatureCollectionDefinition collection, string id, CallerScope scope,
        SupportedCrs? crs = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(collection);
        if (collection.NumericId && !long.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            return null;
        }

        var sql = Select(collection, crs ?? CrsRegistry.Crs84).Append(" from ").Append(collection.From).Append(" where ").Append(collection.Where)
            .Append(" and (").Append(collection.IdSql).Append(")::text = @id");
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await TierSession.ApplyAsync(connection, scope, cancellationToken);
        await using var command = new NpgsqlCommand(sql.ToString(), connection);
        command.Parameters.AddWithValue("id", id);
        var rows = await ReadRowsAsync(command, collection, crs ?? CrsRegistry.Crs84, cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>The collection's extent in CRS84, or null when it is empty.</summary>
    public async Task<BoundingBox?> ExtentAsync(FeatureCollectionDefinition collection, CallerScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(collection);
        var sql = $"select ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) from (select ST_Extent({collection.GeometrySql}) e from {collection.From} where {collection.Where}) x";
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await TierSession.ApplyAsync(connection, scope, cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) && !reader.IsDBNull(0)
            ? new BoundingBox(reader.GetDouble(0), reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3))
            : null;
    }

    private static string Conditions(FeatureCollectionDefinition collection, FeatureQuery query, List<NpgsqlParameter> parameters)
    {
        var where = new StringBuilder("(").Append(collection.Where).Append(')');
        if (query.Bbox is { } bbox)
        {
            var parts = bbox.Parts();
            where.Append(" and (");
            for (var i = 0; i < parts.Count; i++)
            {
                where.Append(i > 0 ? " or " : "").Append(collection.GeometrySql)
                    .Append($" && ST_MakeEnvelope(@bx0{i}, @by0{i}, @bx1{i}, @by1{i}, 4326)");
                parameters.Add(new NpgsqlParameter($"bx0{i}", parts[i].MinX));
                parameters.Add(new NpgsqlParameter($"by0{i}", parts[i].MinY));
                parameters.Add(new NpgsqlParameter($"bx1{i}", parts[i].MaxX));
                parameters.Add(new NpgsqlParameter($"by1{i}", parts[i].MaxY));
            }

            where.Append(')');
        }

        if (query.Filter is { } filter)
        {
            where.Append(" and ").Append(filter.Sql);
            for (var i = 0; i < filter.Parameters.Count; i++)
            {
                parameters.Add(new NpgsqlParameter(Cql2.SqlFilter.ParameterName(i), filter.Parameters[i] ?? DBNull.Value));
            }
        }

        if (query.DateTime is { } time && collection.TemporalSql is { } temporal)
        {
            if (time.Start is { } start)
            {
                where.Append(" and ").Append(temporal).Append(" >= @tstart");
                parameters.Add(new NpgsqlParameter("tstart", DateOnly.FromDateTime(start.UtcDateTime)));
            }

            if (time.End is { } end)
            {
                where.Append(" and ").Append(temporal).Append(" <= @tend");
                parameters.Add(new NpgsqlParameter("tend", DateOnly.FromDateTime(end.UtcDateTime)));
            }
        }

        return where.ToString();
    }

    /// <summary>
    /// The select list: id, geometry, properties. In CRS84 PostGIS writes the GeoJSON geometry itself (the fast
    /// path); in any other CRS the geometry comes as WKB and is transformed with ProjNet.
    /// </summary>
    private static StringBuilder Select(FeatureCollectionDefinition collection, SupportedCrs crs)
    {
        var sql = new StringBuilder().Append("select (").Append(collection.IdSql).Append(")::text, ");
        if (crs == CrsRegistry.Crs84)
        {
            sql.Append("ST_AsGeoJSON(").Append(collection.GeometrySql).Append(", ").Append(CoordinateDecimals).Append(')');
        }
        else
        {
            sql.Append("ST_AsBinary(").Append(collection.GeometrySql).Append(')');
        }

        foreach (var property in collection.Properties)
        {
            sql.Append(", ").Append(property.Sql);
        }

        return sql;
    }

    private static async Task<List<FeatureRow>> ReadRowsAsync(NpgsqlCommand command, FeatureCollectionDefinition collection, SupportedCrs crs,
        CancellationToken ct)
    {
        var rows = new List<FeatureRow>();
        var transform = CrsRegistry.Transform(crs);
        var wkb = new NetTopologySuite.IO.WKBReader();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var values = new object?[collection.Properties.Count];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = reader.IsDBNull(i + 2) ? null : reader.GetValue(i + 2);
            }

            string? geometry = null;
            if (!reader.IsDBNull(1))
            {
                geometry = crs == CrsRegistry.Crs84
                    ? reader.GetString(1)
                    : GeoJsonGeometry.ToJson(CrsRegistry.ToCrs(wkb.Read(reader.GetFieldValue<byte[]>(1)), crs, transform), crs.Decimals);
            }

            rows.Add(new FeatureRow(reader.GetString(0), geometry, values));
        }

        return rows;
    }
}

/// <summary>Opaque keyset cursors: the last id of a page, base64url-encoded.</summary>
internal static class Cursor
{
    public static string Encode(string id) => Convert.ToBase64String(Encoding.UTF8.GetBytes(id)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static object Decode(string cursor, bool numeric)
    {
        try
        {
            var padded = cursor.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - padded.Length % 4) % 4);
            var id = Encoding.UTF8.GetString(Convert.FromBase64String(padded));
            return numeric
                ? long.Parse(id, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture)
                : id;
        }
        catch (FormatException)
        {
            throw new InvalidParameterException("cursor", "is not a cursor from this server's next link.");
        }
    }
}
