using Wems.Tiles.Caching;
using static Wems.Tiles.Tests.Caching.CacheFixture;

namespace Wems.Tiles.Tests.Caching;

public sealed class TileCacheDiskTests : IDisposable
{
    private readonly CacheFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void A_tile_is_stored_at_layer_variant_hash_z_x_y_dot_mvt()
    {
        _fixture.DiskOnly().Put(Key(10, 616, 515), [1, 2, 3]);

        var file = Assert.Single(_fixture.Files());
        Assert.Matches("^cache/cases/[0-9a-f]{32}/10/616/515\\.mvt$", file);
        Assert.Equal([1, 2, 3], File.ReadAllBytes(Path.Combine(_fixture.Parent, file)));
    }

    [Fact]
    public void A_tile_on_disk_is_served_by_a_new_cache_on_the_same_folder()
    {
        var stored = _fixture.DiskOnly().Put(Key(10, 616, 515), [1, 2, 3]);

        var restarted = _fixture.DiskOnly();

        Assert.True(restarted.TryGet(Key(10, 616, 515), out var tile));
        Assert.Equal([1, 2, 3], tile.Payload.ToArray());
        Assert.Equal(stored.ETag, tile.ETag);
        Assert.Equal(1, restarted.Statistics.DiskEntries);
    }

    [Fact]
    public void A_variant_never_returns_another_variants_tile_from_disk()
    {
        _fixture.DiskOnly().Put(Key(10, 616, 515, variant: "tier=national"), [1]);

        var restarted = _fixture.DiskOnly();

        Assert.False(restarted.Has(Key(10, 616, 515, variant: "tier=regional")));
        Assert.True(restarted.Has(Key(10, 616, 515, variant: "tier=national")));
    }

    [Fact]
    public void A_disk_hit_is_promoted_into_memory()
    {
        _fixture.DiskOnly().Put(Key(3, 4, 4), [5]);
        var cache = _fixture.TwoLevel();

        Assert.True(cache.Has(Key(3, 4, 4)));

        Assert.Equal(1, cache.Statistics.MemoryEntries);
    }

    [Fact]
    public void The_least_recently_used_file_is_deleted_when_the_disk_bound_is_reached()
    {
        var cache = _fixture.DiskOnly(3 * Charge(100));
        cache.Put(Key(2, 0, 0), Payload(100));
        cache.Put(Key(2, 1, 0), Payload(100));
        cache.Put(Key(2, 2, 0), Payload(100));
        Assert.True(cache.Has(Key(2, 0, 0)));

        cache.Put(Key(2, 3, 0), Payload(100));

        Assert.Equal(3, _fixture.Files().Count);
        Assert.DoesNotContain(_fixture.Files(), f => f.EndsWith("/2/1/0.mvt", StringComparison.Ordinal));
        Assert.False(cache.Has(Key(2, 1, 0)));
        Assert.True(cache.Has(Key(2, 0, 0)));
        Assert.Equal(3 * Charge(100), cache.Statistics.DiskBytes);
    }

    [Fact]
    public void A_restart_with_a_smaller_bound_deletes_the_oldest_files()
    {
        var cache = _fixture.DiskOnly();
        cache.Put(Key(2, 0, 0), Payload(100));
        cache.Put(Key(2, 1, 0), Payload(100));
        cache.Put(Key(2, 2, 0), Payload(100));
        var oldest = Directory.GetFiles(_fixture.Root, "0.mvt", SearchOption.AllDirectories)
            .Single(f => f.EndsWith($"2{Path.DirectorySeparatorChar}0{Path.DirectorySeparatorChar}0.mvt", StringComparison.Ordinal));
        File.SetLastWriteTimeUtc(oldest, new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc));

        var restarted = _fixture.DiskOnly(2 * Charge(100));

        Assert.Equal(2, restarted.Statistics.DiskEntries);
        Assert.False(restarted.Has(Key(2, 0, 0)));
    }

    [Fact]
    public void No_temporary_file_is_left_after_a_write()
    {
        var cache = _fixture.DiskOnly();
        for (var x = 0; x < 8; x++)
        {
            cache.Put(Key(3, x, 0), Payload(10));
        }

        Assert.All(_fixture.Files(), f => Assert.EndsWith(".mvt", f, StringComparison.Ordinal));
    }

    [Fact]
    public void Temporary_files_left_by_a_crash_are_deleted_at_start_up()
    {
        _fixture.DiskOnly().Put(Key(3, 4, 4), [1]);
        var folder = Path.GetDirectoryName(Directory.GetFiles(_fixture.Root, "*.mvt", SearchOption.AllDirectories).Single())!;
        File.WriteAllBytes(Path.Combine(folder, "4.mvt.0123456789abcdef.tmp"), [1, 2]);

        var restarted = _fixture.DiskOnly();

        Assert.Single(_fixture.Files());
        Assert.Equal(1, restarted.Statistics.DiskEntries);
    }

    [Fact]
    public void Files_that_do_not_follow_the_layout_are_left_alone_and_not_served()
    {
        Directory.CreateDirectory(Path.Combine(_fixture.Root, "cases"));
        File.WriteAllBytes(Path.Combine(_fixture.Root, "cases", "readme.txt"), [1]);

        var cache = _fixture.DiskOnly();

        Assert.Equal(0, cache.Statistics.DiskEntries);
        Assert.Single(_fixture.Files());
    }

    [Theory]
    [InlineData("../../../escape")]
    [InlineData("..\\..\\escape")]
    [InlineData("/etc/passwd")]
    [InlineData("tier=public/../../../../tmp")]
    public void A_variant_with_path_tricks_cannot_leave_the_cache_root(string variant)
    {
        var cache = _fixture.DiskOnly();

        cache.Put(Key(4, 9, 8, variant), [1]);

        var file = Assert.Single(_fixture.Files());
        Assert.Matches("^cache/cases/[0-9a-f]{32}/4/9/8\\.mvt$", file);
        Assert.True(cache.Has(Key(4, 9, 8, variant)));
    }
}
