using System.Globalization;
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
/// <param name="Sort">Sort keys (<see cref="SortBy.Parse"/>); null means id order.</param>
public sealed record FeatureQuery(BoundingBox? Bbox, DateTimeFilter? DateTime, int Limit, string? Cursor, SupportedCrs? Crs = null,
    Cql2.SqlFilter? Filter = null, SortBy? Sort = null);

/// <summary>One feature: id, GeoJSON geometry text and property values in the definition's order.</summary>
public sealed record FeatureRow(string Id, string? GeometryJson, object?[] Values);

/// <summary>One feature for a file export: id, geometry in the output CRS (x = easting/longitude) and property values.</summary>
public sealed record ExportRow(string Id, NetTopologySuite.Geometries.Geometry? Geometry, object?[] Values);

/// <summary>A page of features; <paramref name="NextCursor"/> is null on the last page.</summary>
public sealed record FeaturePage(IReadOnlyList<FeatureRow> Features, long NumberMatched, string? NextCursor);

/// <summary>
/// Reads features of a <see cref="FeatureCollectionDefinition"/> from PostGIS with keyset paging: pages are
/// ordered by the sort keys (if any) and then the id, and each next page starts after the last row seen,
/// compared on all those values, so a client that follows <c>next</c> to the end gets every feature once,
/// even while rows are being added (no OFFSET). Every query runs under the caller's tier
/// (<see cref="TierSession"/>), so PostgreSQL's row-level security decides which rows exist.
/// </summary>
public sealed class FeatureStore(NpgsqlDataSource dataSource)
{
    /// <summary>Coordinates in GeoJSON output: 7 decimals of a degree, about 1 cm.</summary>
    public const int CoordinateDecimals = 7;

    private readonly SnapshotCache<long> matchCounts = new(4096);
    private readonly SnapshotCache<BoundingBox?> extents = new(1024);
    private readonly SnapshotCache<BoundingBox?> caseExtents = new(1024);
    private long extentQueries;

    /// <summary>Runs <paramref name="query"/> against <paramref name="collection"/>.</summary>
    /// <exception cref="InvalidParameterException">The cursor is not one this server made for this sort order.</exception>
    public async Task<FeaturePage> QueryAsync(FeatureCollectionDefinition collection, FeatureQuery query, CallerScope scope,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(collection);
        ArgumentNullException.ThrowIfNull(query);
        var parameters = new List<NpgsqlParameter>();
        var where = Conditions(collection, query, parameters);
        var countSql = $"select count(*) from {collection.From} where {where}";

        var keys = Keyset.Keys(collection, query.Sort);
        var cursorValues = query.Cursor is null ? null : Cursor.Decode(query.Cursor, keys);
        var pageParameters = new List<NpgsqlParameter>();
        var crs = query.Crs ?? CrsRegistry.Crs84;
        var boxPage = IsBoxPage(collection, query);
        var sql = boxPage
            ? BoxPage(collection, crs, where, cursorValues, pageParameters)
            : Select(collection, crs, keys).Append(" from ").Append(collection.From).Append(" where ").Append(where)
                .Append(cursorValues is null ? "" : " and " + Keyset.After(keys, cursorValues, pageParameters))
                .Append(" order by ").Append(Keyset.OrderBy(keys)).Append(" limit @limit");

        // One snapshot for the page and the count (repeatable read), so that numberMatched and the page agree, and so
        // that the snapshot can key the count cache.
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        await TierSession.ApplyAsync(connection, scope, cancellationToken);

        await using var page = new NpgsqlCommand(sql.ToString(), connection);
        page.Parameters.AddRange(parameters.ToArray());
        page.Parameters.AddRange(pageParameters.ToArray());
        page.Parameters.AddWithValue("limit", query.Limit + 1);

        var rows = new List<FeatureRow>();
        object?[]? lastKey = null;
        long? boxMatched = null;
        var more = false;
        var transform = CrsRegistry.Transform(crs);
        var wkb = new NetTopologySuite.IO.WKBReader();
        await using (var reader = await page.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                if (rows.Count == query.Limit)
                {
                    // The extra row only says that there is a next page; the cursor is the last row kept.
                    more = true;
                    break;
                }

                string? geometry = null;
                if (!reader.IsDBNull(1))
                {
                    geometry = crs == CrsRegistry.Crs84
                        ? reader.GetString(1)
                        : GeoJsonGeometry.ToJson(CrsRegistry.ToCrs(wkb.Read(reader.GetFieldValue<byte[]>(1)), crs, transform), crs.Decimals);
                }

                rows.Add(new FeatureRow(reader.GetString(0), geometry, Values(reader, 2, collection.Properties.Count)));
                lastKey = Values(reader, 2 + collection.Properties.Count, keys.Count - 1);
                if (boxPage)
                {
                    boxMatched = reader.GetInt64(2 + collection.Properties.Count);
                }
            }
        }

        string? next = null;
        if (more)
        {
            object lastId = collection.NumericId ? long.Parse(rows[^1].Id, CultureInfo.InvariantCulture)
                : collection.UuidId ? Guid.Parse(rows[^1].Id, CultureInfo.InvariantCulture)
                : rows[^1].Id;
            next = Cursor.Encode([.. lastKey!, lastId]);
        }

        // A box page counted its matches in the same scan; a first page that holds every match is its own count (same
        // snapshot): no second scan. Otherwise count (cached).
        var matched = boxMatched
            ?? (query.Cursor is null && !more
                ? rows.Count
                : await CountAsync(connection, collection, scope, countSql, parameters, cancellationToken));
        return new FeaturePage(rows, matched, next);
    }

    /// <summary>
    /// True when the page is a bbox query in id order over a collection keyed by a uuid column (the cases): the one
    /// shape that <see cref="BoxPage"/> serves.
    /// </summary>
    private static bool IsBoxPage(FeatureCollectionDefinition collection, FeatureQuery query) =>
        query.Bbox is not null && collection.UuidId && (query.Sort is null || query.Sort.Keys.Count == 0);

    /// <summary>
    /// A bbox page in id order, and its numberMatched, from one scan of the box. The spatial index finds the box's rows
    /// in no useful order, so the page has to see every match to pick the first ids after the cursor: the innermost
    /// query reads just the ids of the matches (for the national tier an index-only scan of
    /// <c>seizure_case_national_geom_idx</c>, migration 0021) and counts them in the same pass
    /// (<c>count(*) over ()</c>, taken before the cursor condition, which PostgreSQL cannot push below the window);
    /// the page's ids are then sorted, cut to the limit, and only those rows are read from the table with their
    /// properties. Reading the properties of every match instead, as the plain query does, visited a heap page per
    /// match: tens of thousands over a port or airport hub. The last column is the count.
    /// </summary>
    private static StringBuilder BoxPage(FeatureCollectionDefinition collection, SupportedCrs crs, string where, object?[]? cursorValues,
        List<NpgsqlParameter> pageParameters)
    {
        var after = cursorValues is null ? "true" : Keyset.After([new Keyset.Key("m.id", false, true)], cursorValues, pageParameters);
        return Select(collection, crs, []).Append(", k.matched from (select m.id, m.matched from (select ").Append(collection.IdSql)
            .Append(" as id, count(*) over () as matched from ").Append(collection.From).Append(" where ").Append(where)
            .Append(") m where ").Append(after).Append(" order by m.id limit @limit) k join ").Append(collection.From)
            .Append(" on ").Append(collection.IdSql).Append(" = k.id order by k.id");
    }

    /// <summary>
    /// The number of rows <paramref name="countSql"/> counts, from the cache when the same count (same collection, caller,
    /// SQL and parameter values) already ran on the same snapshot. Two transactions with the same snapshot
    /// (<c>pg_current_snapshot()</c>: xmin, xmax and in-progress list) see exactly the same committed rows, so a cached
    /// count is exact, never an estimate; any write committed anywhere in the database changes the snapshot and so misses.
    /// A client walking a large collection page by page (GDAL, QGIS) pays for the count once rather than on every page.
    /// </summary>
    private async Task<long> CountAsync(NpgsqlConnection connection, FeatureCollectionDefinition collection, CallerScope scope, string countSql,
        List<NpgsqlParameter> parameters, CancellationToken cancellationToken)
    {
        var key = new StringBuilder(ScopeKey(collection, scope)).Append('\u001f').Append(countSql);
        foreach (var parameter in parameters)
        {
            key.Append('\u001f').Append(parameter.ParameterName).Append('=').Append(parameter.Value?.GetType().Name).Append(':')
                .Append(Convert.ToString(parameter.Value, CultureInfo.InvariantCulture));
        }

        return await matchCounts.GetOrComputeAsync(connection, key.ToString(), async () =>
        {
            await using var count = new NpgsqlCommand(countSql, connection);
            count.Parameters.AddRange(parameters.Select(p => p.Clone()).ToArray());
            return (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        }, cancellationToken);
    }

    private static string ScopeKey(FeatureCollectionDefinition collection, CallerScope scope) =>
        string.Join('\u001f', collection.Id, scope.Tier, scope.Country, scope.Agency, scope.Region);

    /// <summary>
    /// Every feature that <paramref name="query"/> matches (its limit and cursor are ignored), in its sort order,
    /// read in one transaction (one snapshot) and streamed row by row: for file exports. Geometries come in
    /// <paramref name="query"/>'s CRS with x = longitude/easting whatever the CRS's axis order, as file formats
    /// (GeoPackage, Shapefile, WKT in CSV) and GDAL expect. An export holds at most <paramref name="maxFeatures"/>.
    /// </summary>
    /// <exception cref="InvalidParameterException">More than <paramref name="maxFeatures"/> features match (thrown once the limit is passed).</exception>
    public async IAsyncEnumerable<ExportRow> StreamAsync(FeatureCollectionDefinition collection, FeatureQuery query, CallerScope scope,
        int maxFeatures, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(collection);
        ArgumentNullException.ThrowIfNull(query);
        var parameters = new List<NpgsqlParameter>();
        var where = Conditions(collection, query, parameters);
        var keys = Keyset.Keys(collection, query.Sort);
        var crs = query.Crs ?? CrsRegistry.Crs84;
        var sql = Select(collection, crs, [], wkb: true).Append(" from ").Append(collection.From).Append(" where ").Append(where)
            .Append(" order by ").Append(Keyset.OrderBy(keys)).Append(" limit @limit");

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await TierSession.ApplyAsync(connection, scope, cancellationToken);
        await using var command = new NpgsqlCommand(sql.ToString(), connection);
        command.Parameters.AddRange(parameters.ToArray());
        command.Parameters.AddWithValue("limit", maxFeatures + 1);
        var transform = CrsRegistry.Transform(crs);
        var lonFirst = crs with { LatitudeFirst = false };
        var wkb = new NetTopologySuite.IO.WKBReader();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var n = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            if (++n > maxFeatures)
            {
                throw new InvalidParameterException("f",
                    $"an export holds at most {maxFeatures:N0} features; narrow it with bbox, datetime or filter.");
            }

            NetTopologySuite.Geometries.Geometry? geometry = null;
            if (!reader.IsDBNull(1))
            {
                geometry = CrsRegistry.ToCrs(wkb.Read(reader.GetFieldValue<byte[]>(1)), lonFirst, transform);
                geometry.SRID = crs.Srid;
            }

            yield return new ExportRow(reader.GetString(0), geometry, Values(reader, 2, collection.Properties.Count));
        }
    }

    /// <summary>The WKT of <paramref name="srid"/> as PostGIS's <c>spatial_ref_sys</c> has it, or null.</summary>
    public async Task<string?> SpatialReferenceWktAsync(int srid, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("select srtext from spatial_ref_sys where srid = @srid");
        command.Parameters.AddWithValue("srid", srid);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
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

        var sql = Select(collection, crs ?? CrsRegistry.Crs84, []).Append(" from ").Append(collection.From).Append(" where ").Append(collection.Where)
            .Append(" and (").Append(collection.IdSql).Append(")::text = @id");
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await TierSession.ApplyAsync(connection, scope, cancellationToken);
        await using var command = new NpgsqlCommand(sql.ToString(), connection);
        command.Parameters.AddWithValue("id", id);
        var rows = await ReadRowsAsync(command, collection, crs ?? CrsRegistry.Crs84, cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>
    /// The collection's extent in CRS84, or null when it is empty. Exact, and computed once per caller and data version:
    /// every <c>/ogc/collections</c> request describes every collection. A case-derived collection
    /// (<see cref="FeatureCollectionDefinition.CaseDerived"/>: at a million cases each extent is a scan of the caller's cases,
    /// or of every case for the public aggregates) is keyed by <see cref="CaseDataVersion"/>, so that it is computed again
    /// only when a case changes; any other by the database snapshot (<see cref="SnapshotCache{T}"/>).
    /// </summary>
    public async Task<BoundingBox?> ExtentAsync(FeatureCollectionDefinition collection, CallerScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(collection);
        var sql = $"select ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) from (select ST_Extent({collection.GeometrySql}) e from {collection.From} where {collection.Where}) x";
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var queuePosition = collection.CaseDerived ? await CaseDataVersion.QueuePositionAsync(connection, cancellationToken) : 0;
        await using var tx = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        var version = collection.CaseDerived ? await CaseDataVersion.ReadAsync(connection, queuePosition, cancellationToken) : null;
        await TierSession.ApplyAsync(connection, scope, cancellationToken);
        async Task<BoundingBox?> ComputeAsync()
        {
            Interlocked.Increment(ref extentQueries);
            await using var command = new NpgsqlCommand(sql, connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) && !reader.IsDBNull(0)
                ? new BoundingBox(reader.GetDouble(0), reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3))
                : null;
        }

        if (!collection.CaseDerived)
        {
            return await extents.GetOrComputeAsync(connection, ScopeKey(collection, scope), ComputeAsync, cancellationToken);
        }

        // No version: a transaction was in progress when the snapshot was taken, and the value may not be reused.
        return version is null ? await ComputeAsync() : await caseExtents.GetOrComputeAsync(version, ScopeKey(collection, scope), ComputeAsync);
    }

    /// <summary>How many extent queries this store has run (not served from its caches), for the tests and the logs.</summary>
    public long ExtentQueries => Interlocked.Read(ref extentQueries);

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
    private static StringBuilder Select(FeatureCollectionDefinition collection, SupportedCrs crs, IReadOnlyList<Keyset.Key> keys, bool wkb = false)
    {
        var sql = new StringBuilder().Append("select (").Append(collection.IdSql).Append(")::text, ");
        if (crs == CrsRegistry.Crs84 && !wkb)
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

        // The sort keys' values, for the next page's cursor (the id, the last key, is column 0 already).
        for (var i = 0; i < keys.Count - 1; i++)
        {
            sql.Append(", ").Append(keys[i].Sql);
        }

        return sql;
    }

    private static object?[] Values(NpgsqlDataReader reader, int first, int count)
    {
        var values = new object?[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = reader.IsDBNull(first + i) ? null : reader.GetValue(first + i);
        }

        return values;
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
            var values = Values(reader, 2, collection.Properties.Count);

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


/// <summary>
/// Opaque keyset cursors: the last row's sort-key values and id, as a JSON array of type-tagged strings
/// (so that each value goes back to PostgreSQL with its own type), base64url-encoded.
/// </summary>
internal static class Cursor
{
    public static string Encode(IReadOnlyList<object?> values)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            w.WriteStartArray();
            foreach (var value in values)
            {
                if (Tagged(value) is { } text)
                {
                    w.WriteStringValue(text);
                }
                else
                {
                    w.WriteNullValue();
                }
            }

            w.WriteEndArray();
        }

        return Convert.ToBase64String(buffer.WrittenSpan).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>The values of <paramref name="cursor"/>, one per key of <paramref name="keys"/> (the id last).</summary>
    public static object?[] Decode(string cursor, IReadOnlyList<Keyset.Key> keys)
    {
        try
        {
            var padded = cursor.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - padded.Length % 4) % 4);
            using var document = System.Text.Json.JsonDocument.Parse(Convert.FromBase64String(padded));
            var items = document.RootElement.EnumerateArray().Select(e => e.ValueKind == System.Text.Json.JsonValueKind.Null ? null : Untagged(e.GetString()!)).ToArray();
            if (items.Length != keys.Count || items[^1] is null)
            {
                throw new FormatException("The cursor was made for another sort order.");
            }

            return items;
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or InvalidOperationException or OverflowException)
        {
            throw new InvalidParameterException("cursor", "is not a cursor from this server's next link (for this sortby).");
        }
    }

    private static string? Tagged(object? value) => value switch
    {
        null => null,
        string s => "s" + s,
        short or int or long => "i" + Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
        decimal d => "n" + d.ToString(CultureInfo.InvariantCulture),
        double d => "f" + d.ToString("R", CultureInfo.InvariantCulture),
        float f => "f" + ((double)f).ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "b1" : "b0",
        DateOnly d => "d" + d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime d => "t" + d.ToString("O", CultureInfo.InvariantCulture),
        Guid g => "u" + g.ToString("D", CultureInfo.InvariantCulture),
        _ => "s" + Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    private static object Untagged(string text)
    {
        var body = text.Length > 0 ? text[1..] : throw new FormatException("Empty cursor value.");
        return text[0] switch
        {
            's' => body,
            'i' => long.Parse(body, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
            'n' => decimal.Parse(body, NumberStyles.Number, CultureInfo.InvariantCulture),
            'f' => double.Parse(body, NumberStyles.Float, CultureInfo.InvariantCulture),
            'b' => body == "1",
            'd' => DateOnly.ParseExact(body, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            't' => DateTime.Parse(body, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
            'u' => Guid.ParseExact(body, "D"),
            _ => throw new FormatException("Unknown cursor value type."),
        };
    }
}
