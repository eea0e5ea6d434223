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
    private readonly SnapshotCache<(double West, double South, double East, double North)?> extents = new(1024);

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

    /// <summary>Side of the square in which case points merge at zoom <paramref name="z"/>, in EPSG:3857 metres: <see cref="CaseTileLayers.MergePixels"/> pixels.</summary>
    /// <param name="z">Zoom level, 0 or more.</param>
    public static double MergeSizeMeters(int z) => WorldMeters / (256.0 * Math.Pow(2, z)) * CaseTileLayers.MergePixels;

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
    /// <param name="run">For an analysis layer, the run to draw (from <see cref="ResolveRunAsync"/>); required there.</param>
    public async Task<byte[]> RenderAsync(TileLayer layer, int z, int x, int y, CaseTileFilter filter, CallerScope scope,
        long? run = null, CancellationToken cancellationToken = default)
    {
        if (layer?.RunKind is not null && run is null)
        {
            throw new ArgumentException($"Layer '{layer.Id}' needs a run.", nameof(run));
        }

        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(scope);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        // The tier statements and the tile query go in one round trip (with the BEGIN Npgsql sends ahead of them): on
        // the busy 2-core machine each round trip waits for the server process and then the client to be scheduled,
        // which set the tail latency of the cheap pre-aggregated tiles.
        await using var batch = new NpgsqlBatch(connection, tx);
        TierSession.AddTo(batch, SessionScope(layer, scope));
        var preAggregated = layer.PreAggregatedCellSql is not null && layer.IsAggregatedAt(z) && filter.PreAggregatable;
        var preAggregatedPoints = layer.HasPreAggregatedPointsAt(z) && filter.PreAggregatable;
        var sql = (preAggregated ? layer.PreAggregatedCellSql : preAggregatedPoints ? layer.PreAggregatedPointSql : null) ?? layer.SqlFor(z);
        var command = new NpgsqlBatchCommand(sql);
        batch.BatchCommands.Add(command);
        command.Parameters.AddWithValue("z", z);
        command.Parameters.AddWithValue("x", x);
        command.Parameters.AddWithValue("y", y);
        if (layer.TakesCaseFilters)
        {
            command.Parameters.Add(new NpgsqlParameter("start", NpgsqlDbType.Date) { Value = (object?)filter.Start ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter("end", NpgsqlDbType.Date) { Value = (object?)filter.End ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter("country", NpgsqlDbType.Text) { Value = (object?)filter.Country ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter("commodity", NpgsqlDbType.Text) { Value = (object?)filter.Commodity ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter("species", NpgsqlDbType.Text) { Value = (object?)filter.Species ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter("agency", NpgsqlDbType.Text) { Value = (object?)filter.Agency ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter("mode", NpgsqlDbType.Text) { Value = (object?)filter.TransportMode ?? DBNull.Value });
            if (preAggregated)
            {
                // The tile's 8 x 8 cells and one around them; cell (0, 0) has its lower left corner at the projection origin.
                AddTileRange(command.Parameters, CaseTileLayers.CellPixels, z, x, y, 0);
            }
            else if (preAggregatedPoints)
            {
                // The tile's 32 x 32 merge squares and one around them, as the squares of the stored zoom: every other
                // zoom from the top one (migration 0022), a tile of the zoom between reads the zoom above.
                var shift = (CaseTileLayers.SquaresUpToZoom - z) % 2;
                command.Parameters.AddWithValue("zs", z + shift);
                command.Parameters.AddWithValue("shift", shift);
                AddTileRange(command.Parameters, CaseTileLayers.MergePixels, z, x, y, shift);
            }
            else if (layer.IsAggregatedAt(z))
            {
                command.Parameters.AddWithValue("cell", CellSizeMeters(z));
            }
            else
            {
                command.Parameters.AddWithValue("merge", MergeSizeMeters(z));
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

        if (layer.RunKind is not null)
        {
            command.Parameters.AddWithValue("run", run!.Value);
        }

        // The tile is the result of the last statement (the tier settings' select comes first).
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        byte[] tile = [];
        do
        {
            if (reader.FieldCount == 1 && reader.GetFieldType(0) == typeof(byte[]) && await reader.ReadAsync(cancellationToken) && !reader.IsDBNull(0))
            {
                tile = reader.GetFieldValue<byte[]>(0);
            }
        }
        while (await reader.NextResultAsync(cancellationToken));
        return tile;
    }

    // The cells (or merge squares) of side cellPixels under tile (z, x, y) and one around them, as the ranges @cx0..@cx1
    // and @cy0..@cy1 of the squares 2^shift times finer that make them up; index (0, 0) has its lower left corner at the
    // projection origin.
    private static void AddTileRange(NpgsqlParameterCollection parameters, int cellPixels, int z, int x, int y, int shift)
    {
        var cellsPerTile = 256 / cellPixels;
        var half = cellsPerTile / 2 << z;
        parameters.AddWithValue("cx0", (cellsPerTile * x - half - 1) << shift);
        parameters.AddWithValue("cx1", ((cellsPerTile * x - half + cellsPerTile + 1) << shift) - 1);
        parameters.AddWithValue("cy0", (half - cellsPerTile * y - cellsPerTile - 1) << shift);
        parameters.AddWithValue("cy1", ((half - cellsPerTile * y + 1) << shift) - 1);
    }

    /// <summary>The extent of <paramref name="layer"/>'s data that <paramref name="scope"/> may see, in WGS84 (west, south, east, north), or null when empty.</summary>
    /// <param name="layer">The layer.</param>
    /// <param name="scope">The caller.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <param name="run">For an analysis layer, the run (from <see cref="ResolveRunAsync"/>).</param>
    public async Task<(double West, double South, double East, double North)?> ExtentAsync(TileLayer layer, CallerScope scope,
        long? run = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(layer);
        var session = SessionScope(layer, scope);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        await TierSession.ApplyAsync(connection, session, cancellationToken);
        var key = string.Join('\u001f', layer.Id, session.Tier, session.Country, session.Agency, session.Region, run);
        return await extents.GetOrComputeAsync(connection, key, async () =>
        {
            await using var command = new NpgsqlCommand(layer.ExtentSql, connection);
            if (layer.RunKind is not null)
            {
                command.Parameters.AddWithValue("run", run ?? -1);
            }

            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) && !reader.IsDBNull(0)
                ? (reader.GetDouble(0), reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3))
                : ((double, double, double, double)?)null;
        }, cancellationToken);
    }

    private const string ResolveRunSql = """
        select x.id from analysis_run x where x.kind = @kind and (@run::bigint is null or x.id = @run::bigint)
        order by x.tier = 'public', x.id desc limit 1
        """;

    /// <summary>
    /// The run an analysis layer's tiles show for <paramref name="scope"/>: <paramref name="requested"/> when the
    /// caller may see it and it is of the layer's kind, else null; without a request, the newest run of the kind the
    /// caller may see (its own scope's before a public one, as the OGC collections pick it), or null when there is none.
    /// </summary>
    /// <param name="layer">An analysis layer (<see cref="TileLayer.RunKind"/> set).</param>
    /// <param name="requested">The <c>run</c> query parameter, or null.</param>
    /// <param name="scope">The caller.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public async Task<long?> ResolveRunAsync(TileLayer layer, long? requested, CallerScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(layer);
        var kind = layer.RunKind ?? throw new ArgumentException($"Layer '{layer.Id}' is not an analysis layer.", nameof(layer));
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await TierSession.ApplyAsync(connection, scope, cancellationToken);
        await using var command = new NpgsqlCommand(ResolveRunSql, connection);
        command.Parameters.AddWithValue("kind", kind);
        command.Parameters.Add(new NpgsqlParameter("run", NpgsqlDbType.Bigint) { Value = (object?)requested ?? DBNull.Value });
        return await command.ExecuteScalarAsync(cancellationToken) is long id ? id : null;
    }

    private const string CaseCellsStateSql = "select queue_id from case_cell_state";

    // The merge squares (zooms 9..14, migration 0022) first, then the cells, which mark both current: one transaction.
    private const string RebuildCaseCellsSql = "select case_squares_rebuild(@low, @high, @merge), case_cells_rebuild(@cell, @upto)";

    private const string RefreshCaseCellsSql = """
        select case_squares_refresh(@low, @high, @merge, @lons, @lats),
               case_cells_refresh(@cell, array_agg(ST_X(p)), array_agg(ST_Y(p)), @upto)
        from unnest(@lons, @lats) as t(lon, lat), ST_Transform(ST_SetSRID(ST_MakePoint(t.lon, t.lat), 4326), 3857) p
        """;

    private static void AddAggregateSizes(NpgsqlCommand command)
    {
        command.Parameters.AddWithValue("cell", CellSizeMeters(CaseTileLayers.CellsBelowZoom - 1));
        command.Parameters.AddWithValue("low", CaseTileLayers.CellsBelowZoom);
        command.Parameters.AddWithValue("high", CaseTileLayers.SquaresUpToZoom);
        command.Parameters.AddWithValue("merge", MergeSizeMeters(CaseTileLayers.SquaresUpToZoom));
    }

    /// <summary>The queue id up to which the pre-aggregated case cells are current, or null when never built.</summary>
    /// <param name="cancellationToken">Cancels the query.</param>
    public async Task<long?> CaseCellsStateAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(CaseCellsStateSql);
        return await command.ExecuteScalarAsync(cancellationToken) is long id ? id : null;
    }

    /// <summary>
    /// Rebuilds every pre-aggregated case cell and merge square from the cases (seconds for a million cases) and marks
    /// them current up to <paramref name="upto"/>.
    /// </summary>
    /// <param name="upto">The newest queue id the rebuild covers (read before it started).</param>
    /// <param name="cancellationToken">Cancels the rebuild.</param>
    public async Task RebuildCaseCellsAsync(long upto, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(RebuildCaseCellsSql);
        command.CommandTimeout = 0;
        AddAggregateSizes(command);
        command.Parameters.AddWithValue("upto", upto);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Recomputes the pre-aggregated case cells and merge squares that contain the changed positions, at every
    /// pre-aggregated zoom.
    /// </summary>
    /// <param name="positions">WGS84 longitude and latitude of each changed case (old and new positions).</param>
    /// <param name="upto">The newest queue id these positions come from.</param>
    /// <param name="cancellationToken">Cancels the refresh.</param>
    public async Task RefreshCaseCellsAsync(IReadOnlyCollection<(double X, double Y)> positions, long upto, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(positions);
        await using var command = dataSource.CreateCommand(RefreshCaseCellsSql);
        AddAggregateSizes(command);
        command.Parameters.AddWithValue("lons", positions.Select(p => p.X).ToArray());
        command.Parameters.AddWithValue("lats", positions.Select(p => p.Y).ToArray());
        command.Parameters.AddWithValue("upto", upto);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private const string LatestInvalidationSql = "select coalesce(max(id), 0) from tile_invalidation";

    private const string InvalidationsSql = """
        select id, layer, ST_X(geom), ST_Y(geom) from tile_invalidation where id > @after order by id limit @limit
        """;

    private const string PruneInvalidationsSql = "delete from tile_invalidation where queued_at < now() - make_interval(secs => @age)";

    /// <summary>
    /// The id of the newest entry of the tile invalidation queue (migration 0016), 0 when empty: where a reader that
    /// starts afresh begins. Read with the server's own role (the tier roles have no grant on the queue).
    /// </summary>
    /// <param name="cancellationToken">Cancels the query.</param>
    public async Task<long> LatestInvalidationAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(LatestInvalidationSql);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>
    /// Up to <paramref name="limit"/> entries of the tile invalidation queue after id <paramref name="after"/>, oldest
    /// first: the layer and the changed position (WGS84 longitude, latitude), or a null position when the whole layer
    /// changed (a bulk write).
    /// </summary>
    /// <param name="after">Id of the last entry already handled.</param>
    /// <param name="limit">Most entries to return.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public async Task<IReadOnlyList<TileInvalidation>> InvalidationsAsync(long after, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(InvalidationsSql);
        command.Parameters.AddWithValue("after", after);
        command.Parameters.AddWithValue("limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<TileInvalidation>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new TileInvalidation(reader.GetInt64(0), reader.GetString(1),
                reader.IsDBNull(2) ? null : (reader.GetDouble(2), reader.GetDouble(3))));
        }

        return entries;
    }

    /// <summary>Deletes queue entries older than <paramref name="age"/>: every server has read them by then.</summary>
    /// <param name="age">Age beyond which entries go.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public async Task<int> PruneInvalidationsAsync(TimeSpan age, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(PruneInvalidationsSql);
        command.Parameters.AddWithValue("age", age.TotalSeconds);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // Reference data is public: rendering it under the public role keeps those tiles free of anything tier-specific,
    // so one cached copy serves every caller.
    private static CallerScope SessionScope(TileLayer layer, CallerScope scope) =>
        layer.Public ? CallerScope.Anonymous with { Actor = scope.Actor } : scope;
}

/// <summary>One entry of the tile invalidation queue.</summary>
/// <param name="Id">Queue id, increasing.</param>
/// <param name="Layer">The tile layer whose tiles changed ("cases").</param>
/// <param name="Position">WGS84 longitude and latitude of the changed feature, or null when the whole layer changed.</param>
public sealed record TileInvalidation(long Id, string Layer, (double X, double Y)? Position);
