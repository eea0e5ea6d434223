namespace Wems.Tiles.Tests;

public sealed class TileRangesTests
{
    [Fact]
    public void Kenya_at_zoom_6_is_covered_by_a_two_by_three_block()
    {
        // Slippy-map fractions (Python): west 33.9 → 38.03, east 41.9 → 39.45, north 5.0 → 31.11, south −4.7 → 32.84.
        var ranges = WebMercator.TileRanges(new Bounds(33.9, -4.7, 41.9, 5.0), 6);

        Assert.Equal([new TileRange(6, 38, 31, 39, 32)], ranges);
    }

    [Fact]
    public void A_box_crossing_the_antimeridian_gives_one_range_on_each_side()
    {
        // Fiji, 177°E to 178°W: columns 15.87 (west edge) and 0.09 (east edge) at zoom 4, row 8.
        var ranges = WebMercator.TileRanges(new Bounds(177, -19, -178, -16), 4);

        Assert.Equal([new TileRange(4, 15, 8, 15, 8), new TileRange(4, 0, 8, 0, 8)], ranges);
    }

    [Fact]
    public void A_box_crossing_the_antimeridian_at_zoom_0_is_the_one_world_tile_once()
    {
        var range = Assert.Single(WebMercator.TileRanges(new Bounds(177, -19, -178, -16), 0));

        Assert.Equal(1, range.Count);
    }

    [Fact]
    public void Tiles_that_only_touch_the_box_along_an_edge_are_left_out()
    {
        // At zoom 2, longitude 0 and 90 and latitudes 0 and 66.51326044311186 (= atan(sinh(π/2))) are tile edges.
        var ranges = WebMercator.TileRanges(new Bounds(0, 0, 90, 66.51326044311186), 2);

        Assert.Equal([new TileRange(2, 2, 1, 2, 1)], ranges);
    }

    [Fact]
    public void A_box_of_no_size_on_a_tile_corner_gives_the_tile_to_the_south_east()
    {
        Assert.Equal([new TileRange(1, 1, 1, 1, 1)], WebMercator.TileRanges(new Bounds(0, 0, 0, 0), 1));
    }

    [Fact]
    public void The_whole_world_at_zoom_2_is_all_sixteen_tiles()
    {
        var range = Assert.Single(WebMercator.TileRanges(new Bounds(-180, -90, 180, 90), 2));

        Assert.Equal(16, range.Count);
        Assert.Equal(16, range.Tiles().Distinct().Count());
    }

    [Fact]
    public void A_box_with_south_above_north_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => WebMercator.TileRanges(new Bounds(0, 10, 1, 5), 3));
    }

    [Fact]
    public void A_range_contains_its_corner_tiles_and_nothing_at_another_zoom()
    {
        var range = new TileRange(6, 38, 31, 39, 32);

        Assert.True(range.Contains(new TileCoord(6, 39, 32)));
        Assert.False(range.Contains(new TileCoord(6, 40, 32)));
        Assert.False(range.Contains(new TileCoord(5, 19, 16)));
    }
}
