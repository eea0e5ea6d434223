using System.Diagnostics.CodeAnalysis;

namespace Wems.Tiles.Caching;

/// <summary>
/// A two-level cache of encoded tiles: a memory level (least recently used out first, bounded by bytes) in front of an
/// optional disk level (files at <c>{root}/{layer}/{variant-hash}/{z}/{x}/{y}.mvt</c>, least recently used out first,
/// bounded by bytes), with invalidation of exactly the tiles under changed points.
/// </summary>
/// <remarks>
/// <para><b>Keys and tiers.</b> Tiles are keyed by <see cref="TileKey"/>; its variant MUST contain the caller's tier,
/// so that one tier's tile is never served to another. On disk the variant is only present as a SHA-256 prefix, so a
/// variant such as "../../etc" names a folder of 32 hex digits under the layer and cannot leave the root.</para>
/// <para><b>Staleness.</b> Each layer has a data version, bumped by every <see cref="Invalidate"/> and
/// <see cref="InvalidateLayer"/>. Read <see cref="DataVersion"/> before querying the data for a tile and pass it to
/// <see cref="Set"/>: if the layer was invalidated meanwhile, the tile may be stale and is not stored. A disk read that
/// overlaps an invalidation is reported as a miss for the same reason. Both are conservative: at worst a tile is
/// rendered again.</para>
/// <para><b>Bounds.</b> Each tile is charged its payload length plus <see cref="EntryOverheadBytes"/>, so that empty
/// tiles (zero bytes, and the most common tile of a sparse layer) are bounded too. A tile larger than a level's whole
/// bound is not kept at that level.</para>
/// <para><b>Threads.</b> All methods are safe to call from many threads at once. One lock guards the memory level, the
/// disk index and the layer versions; it is held for dictionary and list updates and for the rename or unlink that
/// goes with an index change, while file reads, temporary-file writes, hashing and the deletion of an invalidated
/// layer's folder happen outside it. File I/O is synchronous: tiles are small files.</para>
/// <para><b>Processes.</b> The memory level and the layer versions belong to one process. The disk level may be shared
/// by several processes on one folder: writes are atomic renames, and a process serves files another one wrote. But
/// invalidation in one process removes only that process's memory entries and the files it knows; in a multi-process
/// deployment every process must be told of each change (the web tier is to use PostgreSQL LISTEN/NOTIFY; that
/// notification is not part of this class), and each process enforces its disk bound on the files it knows.
/// Invalidation state is not persisted: after a restart the files found on disk are served as they are, so a caller
/// whose data may have changed while it was down must call <see cref="InvalidateLayer"/> for those layers.</para>
/// </remarks>
public sealed class TileCache
{
    /// <summary>Bytes charged per cached tile on top of its payload (key, bookkeeping, file-system block slack).</summary>
    public const int EntryOverheadBytes = 256;

    private readonly Lock _gate = new();
    private readonly MemoryLru _memory;
    private readonly DiskStore? _disk;
    private readonly Dictionary<string, long> _versions = new(StringComparer.Ordinal);
    private long _diskWriteFailures;

    /// <summary>
    /// Creates the cache. With a disk level, creates the folder if needed and indexes the tile files already in it
    /// (so start-up time grows with the number of files).
    /// </summary>
    /// <param name="options">Bounds and disk folder.</param>
    /// <exception cref="ArgumentException">The options are not valid (see <see cref="TileCacheOptions.Validate"/>).</exception>
    public TileCache(TileCacheOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Validate() is { Count: > 0 } errors)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        _memory = new MemoryLru(options.MemoryMaxBytes);
        _disk = options.DiskRoot is null ? null : new DiskStore(options.DiskRoot, options.DiskMaxBytes);
    }

    /// <summary>Sizes of both levels now.</summary>
    public TileCacheStatistics Statistics
    {
        get
        {
            lock (_gate)
            {
                return new TileCacheStatistics(
                    _memory.Count, _memory.Bytes, _disk?.Count ?? 0, _disk?.Bytes ?? 0,
                    Interlocked.Read(ref _diskWriteFailures));
            }
        }
    }

    /// <summary>
    /// The data version of a layer in this process: 0 at start, one more after each invalidation of the layer. Read it
    /// before querying the data of a tile and pass it to <see cref="Set"/>.
    /// </summary>
    /// <param name="layer">Layer id.</param>
    public long DataVersion(string layer)
    {
        CheckLayer(layer);
        lock (_gate)
        {
            return VersionOf(layer);
        }
    }

    /// <summary>
    /// Looks a tile up in memory, then on disk; a disk hit is copied into memory. Only the exact key matches: another
    /// variant's tile is never returned.
    /// </summary>
    /// <param name="key">Layer, variant and tile.</param>
    /// <param name="tile">The cached payload and ETag when found.</param>
    /// <returns>True on a hit.</returns>
    public bool TryGet(TileKey key, [NotNullWhen(true)] out CachedTile? tile)
    {
        ArgumentNullException.ThrowIfNull(key);
        long version;
        lock (_gate)
        {
            if (_memory.TryGet(key, out tile))
            {
                return true;
            }

            version = VersionOf(key.Layer);
        }

        if (_disk is null)
        {
            return false;
        }

        var diskKey = DiskStore.KeyFor(key);
        var payload = ReadQuietly(diskKey);
        var found = payload is null ? null : new CachedTile(payload, TileETag.Compute(payload));
        lock (_gate)
        {
            if (found is null)
            {
                _disk.NoteMissing(diskKey);
                return false;
            }

            if (VersionOf(key.Layer) != version)
            {
                // The layer was invalidated while the file was read: its bytes may be the stale ones.
                return false;
            }

            _disk.NoteHit(diskKey, payload!.Length);
            _memory.Set(key, found);
        }

        tile = found;
        return true;
    }

    /// <summary>
    /// Stores a tile in memory and, with a disk level, in its file (written to a temporary file and renamed into place,
    /// so no reader sees a partial tile), replacing any older payload of the key; then evicts the least recently used
    /// tiles beyond each bound. Nothing is stored if the layer was invalidated since <paramref name="dataVersion"/> was
    /// read. A failed disk write keeps the tile in memory only and is counted in
    /// <see cref="TileCacheStatistics.DiskWriteFailures"/>.
    /// </summary>
    /// <param name="key">Layer, variant and tile.</param>
    /// <param name="payload">Encoded tile; copied.</param>
    /// <param name="dataVersion">The layer's <see cref="DataVersion"/> read before the tile's data was queried.</param>
    /// <returns>The payload and its ETag, whether stored or not, ready to send.</returns>
    public CachedTile Set(TileKey key, ReadOnlySpan<byte> payload, long dataVersion)
    {
        ArgumentNullException.ThrowIfNull(key);
        var bytes = payload.ToArray();
        var tile = new CachedTile(bytes, TileETag.Compute(bytes));
        lock (_gate)
        {
            if (VersionOf(key.Layer) != dataVersion)
            {
                return tile;
            }

            _memory.Set(key, tile);
        }

        if (_disk is null)
        {
            return tile;
        }

        var diskKey = DiskStore.KeyFor(key);
        string temp;
        try
        {
            temp = _disk.WriteTemp(diskKey, bytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Interlocked.Increment(ref _diskWriteFailures);
            return tile;
        }

        lock (_gate)
        {
            if (VersionOf(key.Layer) != dataVersion)
            {
                DiskStore.DeleteQuietly(temp);
                return tile;
            }

            try
            {
                _disk.Commit(diskKey, temp, bytes.Length);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Interlocked.Increment(ref _diskWriteFailures);
                DiskStore.DeleteQuietly(temp);
            }
        }

        return tile;
    }

    /// <summary>
    /// Drops, in every variant of a layer and at every zoom from <paramref name="minZoom"/> to
    /// <paramref name="maxZoom"/>, exactly the tiles whose MVT-buffered bounds contain one of the changed points (see
    /// <see cref="WebMercator.TilesContaining"/>), from memory and from disk, and bumps the layer's data version.
    /// </summary>
    /// <remarks>
    /// <para>The buffer must be the one the tiles were built with: a point within <paramref name="buffer"/> of a tile's
    /// edge is drawn in the neighbouring tile too (symbols, labels, strokes), so that tile changes as well. Pass a wider
    /// buffer for symbols larger than the tile buffer.</para>
    /// <para>For layers that aggregate (clusters, hexagon counts, density), a changed point changes a whole cell: pass
    /// the cell's corners as well as the point, or use <see cref="InvalidateLayer"/> for changes that ripple through
    /// the whole layer (Gi* hotspots, for instance) and for bulk loads of many thousands of points.</para>
    /// </remarks>
    /// <param name="layer">Layer id.</param>
    /// <param name="changedPoints">Old and new positions of every changed feature, WGS84 degrees, x = longitude,
    /// y = latitude.</param>
    /// <param name="minZoom">Shallowest zoom to invalidate, 0 to <see cref="TileCoord.MaxZoom"/>.</param>
    /// <param name="maxZoom">Deepest zoom to invalidate, <paramref name="minZoom"/> to <see cref="TileCoord.MaxZoom"/>.</param>
    /// <param name="buffer">Margin around each tile in MVT tile units of an extent-4096 tile (the unit of
    /// <c>ST_AsMVTGeom</c>'s buffer); default 64, i.e. 1/64 of a tile or 4 pixels of a 256-pixel tile.</param>
    /// <returns>How many tiles were affected and how many entries were removed from each level.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A zoom, the buffer or a point is out of range.</exception>
    public InvalidationResult Invalidate(
        string layer, IEnumerable<(double X, double Y)> changedPoints, int minZoom, int maxZoom,
        int buffer = WebMercator.MvtBuffer)
    {
        CheckLayer(layer);
        ArgumentNullException.ThrowIfNull(changedPoints);
        ArgumentOutOfRangeException.ThrowIfNegative(minZoom);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxZoom, TileCoord.MaxZoom);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxZoom, minZoom);
        ArgumentOutOfRangeException.ThrowIfNegative(buffer);

        var tiles = new HashSet<TileCoord>();
        foreach (var (x, y) in changedPoints)
        {
            for (var z = minZoom; z <= maxZoom; z++)
            {
                tiles.UnionWith(WebMercator.TilesContaining(x, y, z, WebMercator.MvtExtent, buffer).Tiles());
            }
        }

        lock (_gate)
        {
            Bump(layer);
            var memory = _memory.RemoveWhere(k => k.Layer == layer && tiles.Contains(k.Tile));
            var disk = _disk?.Remove(k => k.Layer == layer && tiles.Contains(k.Tile)) ?? 0;
            return new InvalidationResult(tiles.Count, memory, disk);
        }
    }

    /// <summary>
    /// Drops every tile of a layer, in every variant, from memory and from disk (the layer's folder is moved aside at
    /// once and deleted after), and bumps the layer's data version.
    /// </summary>
    /// <param name="layer">Layer id.</param>
    public void InvalidateLayer(string layer)
    {
        CheckLayer(layer);
        string? trash;
        lock (_gate)
        {
            Bump(layer);
            _memory.RemoveWhere(k => k.Layer == layer);
            trash = _disk?.DetachLayer(layer);
        }

        if (trash is not null)
        {
            DiskStore.DeleteTreeQuietly(trash);
        }
    }

    private byte[]? ReadQuietly(DiskKey key)
    {
        try
        {
            return _disk!.TryRead(key);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Being replaced or deleted by another process right now: a miss, and the index is left as it is.
            return null;
        }
    }

    private long VersionOf(string layer) => _versions.GetValueOrDefault(layer);

    private void Bump(string layer) => _versions[layer] = VersionOf(layer) + 1;

    private static void CheckLayer(string layer)
    {
        if (!TileKey.IsValidLayer(layer))
        {
            throw new ArgumentException($"'{layer}' is not a valid layer id.", nameof(layer));
        }
    }
}
