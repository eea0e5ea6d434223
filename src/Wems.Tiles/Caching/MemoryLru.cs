using System.Diagnostics.CodeAnalysis;

namespace Wems.Tiles.Caching;

/// <summary>
/// The memory level: tiles in least-recently-used order, bounded by charged bytes. Not thread-safe; the owning
/// <see cref="TileCache"/> calls it under its lock.
/// </summary>
internal sealed class MemoryLru(long maxBytes)
{
    private readonly Dictionary<TileKey, LinkedListNode<(TileKey Key, CachedTile Tile)>> _entries = [];

    // First = most recently used; eviction takes from the end.
    private readonly LinkedList<(TileKey Key, CachedTile Tile)> _recency = new();

    public int Count => _entries.Count;

    public long Bytes { get; private set; }

    public bool TryGet(TileKey key, [NotNullWhen(true)] out CachedTile? tile)
    {
        if (!_entries.TryGetValue(key, out var node))
        {
            tile = null;
            return false;
        }

        _recency.Remove(node);
        _recency.AddFirst(node);
        tile = node.Value.Tile;
        return true;
    }

    /// <summary>Stores or replaces a tile, then evicts the least recently used until within the bound. A tile larger
    /// than the whole bound is not stored, and the older payload of its key is dropped.</summary>
    public void Set(TileKey key, CachedTile tile)
    {
        Remove(key);
        if (Charge(tile) > maxBytes)
        {
            return;
        }

        _entries[key] = _recency.AddFirst((key, tile));
        Bytes += Charge(tile);
        while (Bytes > maxBytes && _recency.Last is { } last)
        {
            Remove(last.Value.Key);
        }
    }

    public int RemoveWhere(Func<TileKey, bool> predicate)
    {
        var doomed = _entries.Keys.Where(predicate).ToList();
        foreach (var key in doomed)
        {
            Remove(key);
        }

        return doomed.Count;
    }

    private void Remove(TileKey key)
    {
        if (_entries.Remove(key, out var node))
        {
            _recency.Remove(node);
            Bytes -= Charge(node.Value.Tile);
        }
    }

    private static long Charge(CachedTile tile) => tile.Payload.Length + TileCache.EntryOverheadBytes;
}
