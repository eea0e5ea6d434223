using Wems.Tiles.Caching;
using static Wems.Tiles.Tests.Caching.CacheFixture;

namespace Wems.Tiles.Tests.Caching;

public sealed class TileCacheInvalidationTests : IDisposable
{
    // Nairobi, Kenya and Brazzaville, Republic of the Congo (x = longitude, y = latitude).
    private static readonly (double X, double Y) Nairobi = (36.8172, -1.2864);
    private static readonly (double X, double Y) Brazzaville = (15.2832, -4.2634);

    private static readonly string[] Variants = ["tier=national", "tier=regional;species=Loxodonta africana"];

    private readonly CacheFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private static IEnumerable<TileKey> KeysAt((double X, double Y) point, int minZoom, int maxZoom) =>
        from z in Enumerable.Range(minZoom, maxZoom - minZoom + 1)
        from variant in Variants
        let tile = WebMercator.TileAt(point.X, point.Y, z)
        select new TileKey("cases", variant, tile);

    [Fact]
    public void Invalidating_a_point_in_Kenya_removes_every_tile_containing_it_from_zoom_0_to_14()
    {
        var cache = _fixture.TwoLevel();
        var kenya = KeysAt(Nairobi, 0, 14).ToList();
        kenya.ForEach(k => cache.Put(k, [1]));

        cache.Invalidate("cases", [Nairobi], 0, 14);

        Assert.All(kenya, k => Assert.False(cache.Has(k), $"{k.Tile} {k.Variant} should be gone"));
    }

    [Fact]
    public void Invalidating_a_point_in_Kenya_leaves_tiles_in_Congo()
    {
        // From zoom 4 on, Brazzaville is in other tiles than Nairobi (z4: 8/8 against 9/8; z10: 555/524 against
        // 616/515, from the slippy-map formulas); up to zoom 3 they share tiles, which are rightly dropped.
        var cache = _fixture.TwoLevel();
        var congo = KeysAt(Brazzaville, 4, 14).ToList();
        congo.ForEach(k => cache.Put(k, [2]));
        KeysAt(Nairobi, 0, 14).ToList().ForEach(k => cache.Put(k, [1]));

        cache.Invalidate("cases", [Nairobi], 0, 14);

        Assert.All(congo, k => Assert.True(cache.Has(k), $"{k.Tile} {k.Variant} should stay"));
    }

    [Fact]
    public void Invalidating_a_point_deletes_the_files_on_disk()
    {
        var cache = _fixture.DiskOnly();
        KeysAt(Nairobi, 0, 14).ToList().ForEach(k => cache.Put(k, [1]));
        cache.Put(Key(10, 555, 524), [2]);

        var result = cache.Invalidate("cases", [Nairobi], 0, 14);

        Assert.Equal(30, result.DiskFilesRemoved);
        var file = Assert.Single(_fixture.Files());
        Assert.EndsWith("/10/555/524.mvt", file, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalidated_files_are_not_served_after_a_restart()
    {
        var cache = _fixture.DiskOnly();
        cache.Put(Key(10, 616, 515), [1]);
        cache.Invalidate("cases", [Nairobi], 10, 10);

        Assert.False(_fixture.DiskOnly().Has(Key(10, 616, 515)));
    }

    [Fact]
    public void Only_the_zooms_in_the_range_are_invalidated()
    {
        var cache = MemoryOnly(1 << 20);
        var keys = KeysAt(Nairobi, 0, 14).ToList();
        keys.ForEach(k => cache.Put(k, [1]));

        cache.Invalidate("cases", [Nairobi], 6, 14);

        Assert.All(keys, k => Assert.Equal(k.Tile.Z < 6, cache.Has(k)));
    }

    [Fact]
    public void Invalidating_a_layer_leaves_the_same_tiles_of_other_layers()
    {
        var cache = _fixture.TwoLevel();
        cache.Put(Key(10, 616, 515, layer: "hotspots"), [1]);

        cache.Invalidate("cases", [Nairobi], 0, 14);

        Assert.True(cache.Has(Key(10, 616, 515, layer: "hotspots")));
    }

    [Fact]
    public void A_point_within_the_buffer_of_a_tile_edge_invalidates_the_neighbouring_tile()
    {
        // 0.1° east of the prime meridian is inside the 64/4096 buffer of the z1 tiles west of it.
        var cache = MemoryOnly(1 << 20);
        cache.Put(Key(1, 0, 0), [1]);
        cache.Put(Key(1, 1, 0), [1]);

        var result = cache.Invalidate("cases", [(0.1, 40)], 1, 1);

        Assert.Equal(2, result.TilesAffected);
        Assert.False(cache.Has(Key(1, 0, 0)));
        Assert.False(cache.Has(Key(1, 1, 0)));
    }

    [Fact]
    public void Without_a_buffer_only_the_tile_under_the_point_is_invalidated()
    {
        var cache = MemoryOnly(1 << 20);
        cache.Put(Key(1, 0, 0), [1]);
        cache.Put(Key(1, 1, 0), [1]);

        cache.Invalidate("cases", [(0.1, 40)], 1, 1, buffer: 0);

        Assert.True(cache.Has(Key(1, 0, 0)));
        Assert.False(cache.Has(Key(1, 1, 0)));
    }

    [Fact]
    public void Invalidating_a_whole_layer_removes_all_its_variants_from_memory_and_disk()
    {
        var cache = _fixture.TwoLevel();
        KeysAt(Brazzaville, 0, 5).ToList().ForEach(k => cache.Put(k, [1]));
        cache.Put(Key(3, 4, 4, layer: "hotspots"), [1]);

        cache.InvalidateLayer("cases");

        Assert.All(KeysAt(Brazzaville, 0, 5), k => Assert.False(cache.Has(k)));
        Assert.True(cache.Has(Key(3, 4, 4, layer: "hotspots")));
        Assert.All(_fixture.Files(), f => Assert.StartsWith("cache/hotspots/", f, StringComparison.Ordinal));
        Assert.Equal(1, cache.Statistics.DiskEntries);
    }

    [Fact]
    public void A_layer_can_be_cached_again_after_it_was_invalidated()
    {
        var cache = _fixture.TwoLevel();
        cache.Put(Key(3, 4, 4), [1]);
        cache.InvalidateLayer("cases");

        cache.Put(Key(3, 4, 4), [2]);

        Assert.True(_fixture.DiskOnly().TryGet(Key(3, 4, 4), out var tile));
        Assert.Equal([2], tile.Payload.ToArray());
    }

    [Fact]
    public void An_empty_zoom_range_is_rejected()
    {
        var cache = MemoryOnly(1 << 20);

        Assert.Throws<ArgumentOutOfRangeException>(() => cache.Invalidate("cases", [Nairobi], 5, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => cache.Invalidate("cases", [Nairobi], 0, 25));
    }
}
