using Npgsql;
using NpgsqlTypes;
using Wems.Gis.Storage;

namespace Wems.Gis.Tiles;

/// <summary>
/// Renders Mapbox Vector Tiles of a <see cref="TileLayer"/> with PostGIS. Every query runs in a transaction under the
/// caller's tier (<see cref="TierSession"/>): reference layers under the public tier, cases under the caller's own, so
/// row-level security decides which cases exist whatever the SQL says.
/// </summary>
public sealed class TileStore(NpgsqlDataSource dataSource)
{
    private const double WorldMeters = 2 * Math.PI * 6378137.0;

    /// <summary>
    /// Simplification tolerance at zoom <paramref name="z"/> in EPSG:3857 metres: half a pixel of a 256-pixel tile
    /// (2πR / (256 · 2^z) / 2), 78 km at zoom 0, 4.8 cm at zoom 22. Finer detail cannot be seen.
    /// </summary>
    /// <param name="z">Zoom level, 0 or more.</param>
    public static double SimplifyToleranceMeters(int z) => WorldMeters / (256.0 * Math.Pow(2, z)) / 2;

    /// <summary>Side of a case aggregation cell at zoom <paramref name="z"/> in EPSG:3857 metres: <see cref="CaseTileLayers.CellPixels"/> pixels.</summary>
    /// <param name="z">Zoom level, 0 or more.</param>
    public static double CellSizeMeters(int z) => WorldMeters / (256.0 * Math.Pow(2, z)) * CaseTileLayers.CellPixels;

    /// <summary>
    /// The encoded MVT of tile (<paramref name="z"/>, <paramref name="x"/>, <paramref name="y"/>) of
    /// <paramref name="layer"/>: empty when no feature falls in it. The tile must be valid (checked at the edge).
    /// </summary>
    /// <param name="layer">The layer, as the caller's tier sees it.</param>
    /// <param name="z">Zoom.</param>
    /// <param name="x">Column.</param>
    /// <param name="y">Row.</param>
    /// <param name="filter">Case filters; must be empty for a layer that does not take them.</param>
    /// <param name="scope">The caller.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public async Task<byte[]> RenderAsync(TileLayer layer, int z, int x, int y, CaseTileFilter filter, CallerScope scope,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(scope);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await TierSession.ApplyAsync(connection, SessionScope(layer, scope), cancellationToken);
        await using var command = new NpgsqlCommand(layer.SqlFor(z), connection);
        command.Parameters.AddWithValue("z", z);
        command.Parameters.AddWithValue("x", x);
        command.Parameters.AddWithValue("y", y);
        if (layer.TakesCaseFilters)
        {
            command.Parameters.Add(new NpgsqlParameter("start", NpgsqlDbType.Date) { Value = (object?)filter.Start ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter("end", NpgsqlDbType.Date) { Value = (object?)filter.End ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter("country", NpgsqlDbType.Text) { Value = (object?)filter.Country ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter("commodity", NpgsqlDbType.Text) { Value = (object?)filter.Commodity ?? DBNull.Value });
            if (layer.IsAggregatedAt(z))
            {
                command.Parameters.AddWithValue("cell", CellSizeMeters(z));
            }
        }
        else if (!filter.IsEmpty)
        {
            throw new ArgumentException($"Layer '{layer.Id}' takes no filter.", nameof(filter));
        }
        else
        {
            command.Parameters.AddWithValue("tolerance", SimplifyToleranceMeters(z));
        }

        var result = await command.ExecuteScalarAsync(cancellationToken);
        return result as byte[] ?? [];
    }

    /// <summary>The extent of <paramref name="layer"/>'s data that <paramref name="scope"/> may see, in WGS84 (west, south, east, north), or null when empty.</summary>
    /// <param name="layer">The layer.</param>
    /// <param name="scope">The caller.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public async Task<(double West, double South, double East, double North)?> ExtentAsync(TileLayer layer, CallerScope scope,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(layer);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await TierSession.ApplyAsync(connection, SessionScope(layer, scope), cancellationToken);
        await using var command = new NpgsqlCommand(layer.ExtentSql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) && !reader.IsDBNull(0)
            ? (reader.GetDouble(0), reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3))
            : null;
    }

    // Row changes only (an export or an admin entry changes no case), through the partial index of migration 0013.
    private const string LatestCaseChangeSql = "select coalesce(max(id), 0) from audit_log where operation in ('INSERT', 'UPDATE', 'DELETE')";

    /// <summary>
    /// The id of the newest audit-trail entry: every write to a case table adds one (migration 0003), so when this
    /// number moves, case tiles may have changed. Read with the server's own role (the tier roles cannot read the
    /// trail); an index lookup on the primary key.
    /// </summary>
    /// <param name="cancellationToken">Cancels the query.</param>
    public async Task<long> LatestCaseChangeAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(LatestCaseChangeSql);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    // Reference data is public: rendering it under the public role keeps those tiles free of anything tier-specific,
    // so one cached copy serves every caller.
    private static CallerScope SessionScope(TileLayer layer, CallerScope scope) =>
        layer.Public ? CallerScope.Anonymous with { Actor = scope.Actor } : scope;
}
