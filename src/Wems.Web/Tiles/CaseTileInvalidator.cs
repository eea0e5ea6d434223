using Microsoft.Extensions.Options;
using Wems.Gis.Tiles;
using Wems.Tiles;
using Wems.Tiles.Caching;

namespace Wems.Web.Tiles;

/// <summary>
/// Keeps cached case tiles fresh, precisely: reads the tile invalidation queue that PostgreSQL fills on every case
/// write (migration 0016, old and new positions) and evicts from the memory and disk cache exactly the tiles that
/// contain a changed position, at every zoom from 0 to <see cref="TileEndpoints.MaxZoom"/>, in every tier and filter
/// variant. Tiles elsewhere stay cached.
/// </summary>
/// <remarks>
/// <para>The queue is read before a case tile is served when the last read is older than
/// <see cref="TileOptions.CaseChangePollSeconds"/>, and by <see cref="CaseTileInvalidationService"/> in the
/// background, so a change reaches the cache within one poll interval even while nobody asks for tiles; every server
/// process sharing the database reads the same queue.</para>
/// <para>Which tiles contain a point: a case point (or the merge square it is in) is drawn in every tile whose MVT
/// buffer (<see cref="CaseTileLayers.PointTileBuffer"/>, one merge square) holds it; an aggregated cell (below zoom
/// <see cref="CaseTileLayers.CellsBelowZoom"/>) is computed from the cases within one eighth of a tile (512 units)
/// around the tile, so those zooms are evicted with that margin.</para>
/// <para>Before evicting, it brings the pre-aggregated case cells (migration 0016, read by the low-zoom case tiles) and
/// merge squares (migration 0022, read by the point-zoom tiles up to <see cref="CaseTileLayers.SquaresUpToZoom"/>) up to
/// date: the cells and squares containing the changed positions are recomputed at every pre-aggregated zoom
/// (<see cref="TileStore.RefreshCaseCellsAsync"/>).</para>
/// <para>At start the reader begins at the newest queue entry, rebuilds the cells and squares if the queue moved since
/// they were made current, and drops every cached case tile once (cases may have changed while the server was down, and the
/// disk cache outlives the process). A bulk write (a queue entry without position) or a backlog longer than
/// <see cref="BatchSize"/> rebuilds the cells and squares and drops the whole layer. Queue ids are taken when a transaction
/// writes and become visible when it commits, so the last <see cref="Lookback"/> ids are read again each time.</para>
/// </remarks>
public sealed partial class CaseTileInvalidator(TileStore store, TileCache cache, IOptions<TileOptions> options, TimeProvider clock,
    ILogger<CaseTileInvalidator> logger) : IDisposable
{
    /// <summary>Most queue entries handled one by one per read; a longer backlog drops the whole layer.</summary>
    public const int BatchSize = 5000;

    /// <summary>Margin of an aggregated cases tile in MVT units: the cell query reads cases one eighth of a tile around it.</summary>
    public const int CellMargin = 4096 / 8;

    /// <summary>How many queue ids before the last handled one are read again, for transactions that commit late.</summary>
    public const int Lookback = 1000;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly HashSet<long> _handled = [];
    private long _last = -1;
    private long _checkedAt;
    private long _evicted;

    /// <summary>Tiles evicted from memory or disk since start, for the tests and the logs.</summary>
    public long Evicted => Interlocked.Read(ref _evicted);

    /// <summary>Reads the queue when the last read is older than the poll interval; otherwise returns at once.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async ValueTask CatchUpAsync(CancellationToken cancellationToken)
    {
        if (IsFresh())
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!IsFresh())
            {
                await DrainAsync(cancellationToken);
                Volatile.Write(ref _checkedAt, clock.GetTimestamp());
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Reads the queue now, whatever the poll interval.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await DrainAsync(cancellationToken);
            Volatile.Write(ref _checkedAt, clock.GetTimestamp());
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    // The public aggregates (per-country statistics, suppressed hexagons) may change with any case write: small layers, dropped whole.
    private void InvalidatePublicAggregates()
    {
        foreach (var layer in PublicTileLayers.All)
        {
            cache.InvalidateLayer(layer.Id);
        }
    }

    private bool IsFresh() =>
        Volatile.Read(ref _last) >= 0
        && clock.GetElapsedTime(Volatile.Read(ref _checkedAt)).TotalSeconds < options.Value.CaseChangePollSeconds;

    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        if (_last < 0)
        {
            // Start: the pre-aggregated cells are rebuilt when the queue moved since they were last made current (or
            // they never were), and cached case tiles may be from before: drop them.
            var start = await store.LatestInvalidationAsync(cancellationToken);
            IReadOnlyList<TileInvalidation> reflected = [];
            if (await store.CaseCellsStateAsync(cancellationToken) is not { } built || built < start)
            {
                // The rebuild reads the cases after this read of the queue, so every entry committed by now is in it;
                // remembered as handled, the look-back of the next read does not take them for new ones (a bulk load's
                // whole-layer entry rebuilt everything a second time, ~11 s at a million cases, on the first case tile).
                reflected = await store.InvalidationsAsync(Math.Max(0, start - Lookback), Lookback + 1, cancellationToken);
                await store.RebuildCaseCellsAsync(start, cancellationToken);
            }

            cache.InvalidateLayer(CaseTileLayers.National.Id);
            InvalidatePublicAggregates();
            Volatile.Write(ref _last, start);
            Remember(reflected.Where(e => e.Id <= start));
            return;
        }

        // Entries are read from a little before the last one handled: a transaction that took its queue id earlier but
        // committed later would otherwise be skipped. Entries already handled are recognised by id.
        var entries = (await store.InvalidationsAsync(Math.Max(0, _last - Lookback), BatchSize + Lookback + 1, cancellationToken))
            .Where(e => e.Id > _last || !_handled.Contains(e.Id)).ToList();
        if (entries.Count == 0)
        {
            return;
        }

        var newest = entries.Max(e => e.Id);
        if (entries.Count > BatchSize || entries.Any(e => e.Position is null))
        {
            // A bulk change: rebuild the cells and drop the whole layer.
            var upto = Math.Max(newest, await store.LatestInvalidationAsync(cancellationToken));
            await store.RebuildCaseCellsAsync(upto, cancellationToken);
            InvalidateAll(entries.Select(e => e.Layer));
            InvalidatePublicAggregates();
            Remember(entries);
            Volatile.Write(ref _last, Math.Max(_last, upto));
            return;
        }

        var points = entries.Select(e => e.Position!.Value).Distinct().ToList();
        await store.RefreshCaseCellsAsync(points, newest, cancellationToken);

        // The public statistics are sums per country over all cases: any case write may change them (a small layer).
        InvalidatePublicAggregates();
        foreach (var group in entries.GroupBy(e => e.Layer, StringComparer.Ordinal))
        {
            var layerPoints = group.Select(e => e.Position!.Value).Distinct().ToList();
            var cells = cache.Invalidate(group.Key, layerPoints, 0, CaseTileLayers.CellsBelowZoom - 1, CellMargin);
            var features = cache.Invalidate(group.Key, layerPoints, CaseTileLayers.CellsBelowZoom, TileEndpoints.MaxZoom, CaseTileLayers.PointTileBuffer);
            var removed = cells.MemoryEntriesRemoved + cells.DiskFilesRemoved + features.MemoryEntriesRemoved + features.DiskFilesRemoved;
            Interlocked.Add(ref _evicted, removed);
            LogEvicted(logger, layerPoints.Count, group.Key, removed);
        }

        Remember(entries);
        Volatile.Write(ref _last, Math.Max(_last, newest));
    }

    private void Remember(IEnumerable<TileInvalidation> entries)
    {
        foreach (var entry in entries)
        {
            _handled.Add(entry.Id);
        }

        // Only ids within the look-back window can come again.
        _handled.RemoveWhere(id => id <= _last - Lookback);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Points} changed positions in layer {Layer}: {Removed} cached tiles evicted")]
    private static partial void LogEvicted(ILogger logger, int points, string layer, long removed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Bulk change in layer {Layer}: every cached tile of it dropped")]
    private static partial void LogBulk(ILogger logger, string layer);

    private void InvalidateAll(IEnumerable<string> layers)
    {
        foreach (var layer in layers.Distinct(StringComparer.Ordinal))
        {
            cache.InvalidateLayer(layer);
            LogBulk(logger, layer);
        }
    }
}

/// <summary>
/// Reads the tile invalidation queue every <see cref="TileOptions.CaseChangePollSeconds"/> (at least every second),
/// so cached case tiles are refreshed even when nobody requests one, and prunes queue entries older than an hour.
/// </summary>
public sealed class CaseTileInvalidationService(CaseTileInvalidator invalidator, TileStore store, IOptions<TileOptions> options,
    ILogger<CaseTileInvalidationService> logger) : BackgroundService
{
    private static readonly TimeSpan KeepEntries = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = TimeSpan.FromSeconds(Math.Max(1, options.Value.CaseChangePollSeconds));
        using var timer = new PeriodicTimer(period);
        var lastPrune = DateTime.MinValue;
        try
        {
            do
            {
                try
                {
                    await invalidator.RefreshAsync(stoppingToken);
                    if (DateTime.UtcNow - lastPrune > TimeSpan.FromMinutes(10))
                    {
                        await store.PruneInvalidationsAsync(KeepEntries, stoppingToken);
                        lastPrune = DateTime.UtcNow;
                    }
                }
                catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
                {
                    // The database is away for a moment: the next tick tries again; tiles are checked before serving anyway.
                    logger.LogWarning(e, "Reading the tile invalidation queue failed");
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
