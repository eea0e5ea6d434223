using Wems.Tiles.Caching;
using static Wems.Tiles.Tests.Caching.CacheFixture;

namespace Wems.Tiles.Tests.Caching;

public sealed class TileCacheConcurrencyTests : IDisposable
{
    private const int Threads = 8;
    private const int OperationsPerThread = 600;
    private const long MemoryMaxBytes = 40_000;
    private const long DiskMaxBytes = 80_000;

    private readonly CacheFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    // Every payload starts with its key's x and y, so a read can tell whether it got its own key's bytes.
    private static byte[] PayloadFor(TileKey key, int length)
    {
        var payload = new byte[Math.Max(length, 2)];
        payload[0] = (byte)key.Tile.X;
        payload[1] = (byte)key.Tile.Y;
        return payload;
    }

    [Fact]
    public void Eight_threads_setting_and_getting_keep_both_byte_bounds_and_never_mix_keys()
    {
        var cache = new TileCache(new TileCacheOptions
        {
            MemoryMaxBytes = MemoryMaxBytes,
            DiskRoot = _fixture.Root,
            DiskMaxBytes = DiskMaxBytes,
        });
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var start = new Barrier(Threads);

        var workers = Enumerable.Range(0, Threads).Select(seed => new Thread(() =>
        {
            var random = new Random(seed);
            start.SignalAndWait();
            for (var i = 0; i < OperationsPerThread; i++)
            {
                var key = Key(5, random.Next(16), random.Next(16), variant: random.Next(2) == 0 ? "tier=national" : "tier=public");
                if (random.Next(3) == 0)
                {
                    cache.Put(key, PayloadFor(key, random.Next(2000)));
                }
                else if (cache.TryGet(key, out var tile)
                    && (tile.Payload.Span[0] != key.Tile.X || tile.Payload.Span[1] != key.Tile.Y))
                {
                    failures.Enqueue($"{key} returned another tile's bytes");
                }

                var statistics = cache.Statistics;
                if (statistics.MemoryBytes > MemoryMaxBytes || statistics.DiskBytes > DiskMaxBytes)
                {
                    failures.Enqueue($"bound exceeded: {statistics}");
                }
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());

        Assert.Empty(failures);
        var files = Directory.GetFiles(_fixture.Root, "*", SearchOption.AllDirectories);
        Assert.All(files, f => Assert.EndsWith(".mvt", f, StringComparison.Ordinal));
        Assert.Equal(cache.Statistics.DiskEntries, files.Length);
        Assert.Equal(cache.Statistics.DiskBytes, files.Sum(f => Charge((int)new FileInfo(f).Length)));
        Assert.Equal(0, cache.Statistics.DiskWriteFailures);
    }

    [Fact]
    public void Invalidations_racing_with_sets_and_gets_never_leave_an_uncounted_file()
    {
        var cache = new TileCache(new TileCacheOptions
        {
            MemoryMaxBytes = MemoryMaxBytes,
            DiskRoot = _fixture.Root,
            DiskMaxBytes = DiskMaxBytes,
        });
        using var start = new Barrier(Threads);

        var workers = Enumerable.Range(0, Threads).Select(seed => new Thread(() =>
        {
            var random = new Random(seed);
            start.SignalAndWait();
            for (var i = 0; i < OperationsPerThread; i++)
            {
                var key = Key(5, random.Next(16), random.Next(16), layer: random.Next(2) == 0 ? "cases" : "posts");
                switch (random.Next(40))
                {
                    case 0:
                        cache.InvalidateLayer(key.Layer);
                        break;
                    case 1:
                        var centre = WebMercator.TileBounds4326(key.Tile);
                        cache.Invalidate(key.Layer, [((centre.MinX + centre.MaxX) / 2, (centre.MinY + centre.MaxY) / 2)], 0, 8);
                        break;
                    case < 15:
                        cache.Put(key, PayloadFor(key, random.Next(2000)));
                        break;
                    default:
                        cache.TryGet(key, out _);
                        break;
                }
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());

        // Every tile file in place is known to the index (the index may over-count, never under-count).
        var tileFiles = Directory.GetFiles(_fixture.Root, "*.mvt", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(_fixture.Root, f).StartsWith('.'))
            .ToList();
        Assert.True(tileFiles.Count <= cache.Statistics.DiskEntries);
        Assert.True(tileFiles.Sum(f => Charge((int)new FileInfo(f).Length)) <= cache.Statistics.DiskBytes);
        Assert.True(cache.Statistics.DiskBytes <= DiskMaxBytes);
        Assert.True(cache.Statistics.MemoryBytes <= MemoryMaxBytes);
    }
}
