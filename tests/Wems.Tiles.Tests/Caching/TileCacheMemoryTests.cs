using Wems.Tiles.Caching;
using static Wems.Tiles.Tests.Caching.CacheFixture;

namespace Wems.Tiles.Tests.Caching;

public sealed class TileCacheMemoryTests : IDisposable
{
    private readonly CacheFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void A_tile_that_was_set_is_returned_with_its_bytes_and_etag()
    {
        var cache = MemoryOnly(1 << 20);
        var stored = cache.Put(Key(10, 616, 515), [1, 2, 3]);

        Assert.True(cache.TryGet(Key(10, 616, 515), out var tile));

        Assert.Equal([1, 2, 3], tile.Payload.ToArray());
        Assert.Equal(stored.ETag, tile.ETag);
    }

    [Fact]
    public void An_empty_cache_misses()
    {
        Assert.False(MemoryOnly(1 << 20).TryGet(Key(0, 0, 0), out _));
    }

    [Fact]
    public void A_variant_never_returns_another_variants_tile()
    {
        var cache = MemoryOnly(1 << 20);
        cache.Put(Key(5, 19, 16, variant: "tier=national"), [1]);

        Assert.False(cache.TryGet(Key(5, 19, 16, variant: "tier=regional"), out _));
        Assert.False(cache.TryGet(Key(5, 19, 16, variant: "tier=public"), out _));
    }

    [Fact]
    public void The_same_tile_of_another_layer_is_a_different_entry()
    {
        var cache = MemoryOnly(1 << 20);
        cache.Put(Key(5, 19, 16, layer: "cases"), [1]);

        Assert.False(cache.Has(Key(5, 19, 16, layer: "hotspots")));
    }

    [Fact]
    public void The_cache_keeps_its_own_copy_of_the_payload()
    {
        var cache = MemoryOnly(1 << 20);
        byte[] payload = [1, 2, 3];
        cache.Put(Key(1, 0, 0), payload);
        payload[0] = 9;

        Assert.True(cache.TryGet(Key(1, 0, 0), out var tile));
        Assert.Equal([1, 2, 3], tile.Payload.ToArray());
    }

    [Fact]
    public void Setting_a_key_again_replaces_its_payload()
    {
        var cache = MemoryOnly(1 << 20);
        cache.Put(Key(1, 0, 0), [1]);
        cache.Put(Key(1, 0, 0), [2, 2]);

        Assert.True(cache.TryGet(Key(1, 0, 0), out var tile));
        Assert.Equal([2, 2], tile.Payload.ToArray());
        Assert.Equal(Charge(2), cache.Statistics.MemoryBytes);
    }

    [Fact]
    public void The_least_recently_used_tile_is_evicted_when_the_bytes_run_out()
    {
        var cache = MemoryOnly(3 * Charge(100));
        cache.Put(Key(2, 0, 0), Payload(100));
        cache.Put(Key(2, 1, 0), Payload(100));
        cache.Put(Key(2, 2, 0), Payload(100));
        Assert.True(cache.Has(Key(2, 0, 0)));

        cache.Put(Key(2, 3, 0), Payload(100));

        Assert.False(cache.Has(Key(2, 1, 0)));
        Assert.True(cache.Has(Key(2, 0, 0)));
        Assert.True(cache.Has(Key(2, 2, 0)));
        Assert.True(cache.Has(Key(2, 3, 0)));
        Assert.Equal(3 * Charge(100), cache.Statistics.MemoryBytes);
    }

    [Fact]
    public void A_large_tile_evicts_as_many_small_ones_as_it_needs()
    {
        var cache = MemoryOnly(3 * Charge(100));
        cache.Put(Key(2, 0, 0), Payload(100));
        cache.Put(Key(2, 1, 0), Payload(100));
        cache.Put(Key(2, 2, 0), Payload(100));

        cache.Put(Key(2, 3, 0), Payload((int)Charge(100) + 100));

        Assert.Equal(2, cache.Statistics.MemoryEntries);
        Assert.True(cache.Has(Key(2, 2, 0)));
        Assert.True(cache.Has(Key(2, 3, 0)));
    }

    [Fact]
    public void A_tile_larger_than_the_whole_bound_is_not_kept()
    {
        var cache = MemoryOnly(Charge(100));

        cache.Put(Key(2, 0, 0), Payload(101));

        Assert.False(cache.Has(Key(2, 0, 0)));
        Assert.Equal(0, cache.Statistics.MemoryBytes);
    }

    [Fact]
    public void Empty_tiles_are_charged_the_entry_overhead_so_they_are_bounded_too()
    {
        var cache = MemoryOnly(10 * Charge(0));
        for (var x = 0; x < 64; x++)
        {
            cache.Put(Key(6, x, 0), []);
        }

        Assert.Equal(10, cache.Statistics.MemoryEntries);
    }

    [Fact]
    public void A_tile_rendered_before_an_invalidation_is_not_stored()
    {
        var cache = MemoryOnly(1 << 20);
        var versionBeforeQuery = cache.DataVersion("cases");
        cache.InvalidateLayer("cases");

        var returned = cache.Set(Key(3, 4, 4), [7], versionBeforeQuery);

        Assert.Equal([7], returned.Payload.ToArray());
        Assert.False(cache.Has(Key(3, 4, 4)));
    }

    [Fact]
    public void Each_invalidation_bumps_the_layer_data_version_and_no_other()
    {
        var cache = MemoryOnly(1 << 20);

        cache.InvalidateLayer("cases");
        cache.Invalidate("cases", [(36.8, -1.3)], 0, 2);

        Assert.Equal(2, cache.DataVersion("cases"));
        Assert.Equal(0, cache.DataVersion("hotspots"));
    }

    [Fact]
    public void The_etag_is_a_quoted_sha256_prefix_of_the_payload()
    {
        // SHA-256 of zero bytes is e3b0c44298fc1c149afbf4c8996fb924 27ae41e4649b934ca495991b7852b855 (FIPS 180-4 example).
        Assert.Equal("\"e3b0c44298fc1c149afbf4c8996fb924\"", TileETag.Compute([]));
    }

    [Fact]
    public void Equal_payloads_have_equal_etags_and_different_payloads_different_ones()
    {
        Assert.Equal(TileETag.Compute([1, 2]), TileETag.Compute([1, 2]));
        Assert.NotEqual(TileETag.Compute([1, 2]), TileETag.Compute([2, 1]));
    }

    [Theory]
    [InlineData("../cases")]
    [InlineData("cases/../../x")]
    [InlineData(".")]
    [InlineData("")]
    [InlineData("a\\b")]
    public void A_layer_id_that_is_not_a_plain_name_is_rejected(string layer)
    {
        Assert.Throws<ArgumentException>(() => new TileKey(layer, "tier=national", new TileCoord(0, 0, 0)));
    }

    [Fact]
    public void Invalid_options_are_rejected_with_their_errors()
    {
        var thrown = Assert.Throws<ArgumentException>(
            () => new TileCache(new TileCacheOptions { MemoryMaxBytes = -1, DiskRoot = _fixture.Root, DiskMaxBytes = 0 }));

        Assert.Contains("MemoryMaxBytes", thrown.Message, StringComparison.Ordinal);
        Assert.Contains("DiskMaxBytes", thrown.Message, StringComparison.Ordinal);
    }
}
