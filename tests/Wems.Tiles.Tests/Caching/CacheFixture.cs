using Wems.Tiles.Caching;

namespace Wems.Tiles.Tests.Caching;

/// <summary>A private temporary folder per test, deleted afterwards, and helpers to build caches on it.</summary>
internal sealed class CacheFixture : IDisposable
{
    public CacheFixture()
    {
        Parent = Path.Combine(Path.GetTempPath(), $"wems-tiles-{Guid.NewGuid():N}");
        Root = Path.Combine(Parent, "cache");
        Directory.CreateDirectory(Parent);
    }

    /// <summary>The folder that holds <see cref="Root"/> and nothing else.</summary>
    public string Parent { get; }

    public string Root { get; }

    /// <summary>Bytes charged for a tile of <paramref name="payloadBytes"/> bytes.</summary>
    public static long Charge(int payloadBytes) => payloadBytes + TileCache.EntryOverheadBytes;

    public static TileKey Key(int z, int x, int y, string variant = "tier=national", string layer = "cases") =>
        new(layer, variant, new TileCoord(z, x, y));

    public static byte[] Payload(int length, byte fill = 1) => Enumerable.Repeat(fill, length).ToArray();

    public static TileCache MemoryOnly(long memoryMaxBytes) => new(new TileCacheOptions { MemoryMaxBytes = memoryMaxBytes });

    public TileCache DiskOnly(long diskMaxBytes = 1 << 20) =>
        new(new TileCacheOptions { MemoryMaxBytes = 0, DiskRoot = Root, DiskMaxBytes = diskMaxBytes });

    public TileCache TwoLevel() =>
        new(new TileCacheOptions { MemoryMaxBytes = 1 << 20, DiskRoot = Root, DiskMaxBytes = 1 << 20 });

    /// <summary>Every file under the parent folder, as paths relative to it with '/' separators.</summary>
    public IReadOnlyList<string> Files() =>
        [.. Directory.EnumerateFiles(Parent, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Parent, f).Replace(Path.DirectorySeparatorChar, '/'))];

    public void Dispose()
    {
        if (Directory.Exists(Parent))
        {
            Directory.Delete(Parent, recursive: true);
        }
    }
}

internal static class TileCacheExtensions
{
    /// <summary>Stores a tile at the layer's current data version.</summary>
    public static CachedTile Put(this TileCache cache, TileKey key, byte[] payload) =>
        cache.Set(key, payload, cache.DataVersion(key.Layer));

    public static bool Has(this TileCache cache, TileKey key) => cache.TryGet(key, out _);
}
