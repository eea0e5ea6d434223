namespace Wems.Tiles.Tests;

public sealed class WebMercatorTests
{
    // πR with R = 6 378 137 m: half the width of the Web Mercator world (EPSG:3857 projected bounds).
    private const double Edge = 20037508.342789244;

    [Fact]
    public void Tile_0_0_0_spans_the_whole_square_world_in_metres()
    {
        var bounds = WebMercator.TileBounds3857(new TileCoord(0, 0, 0));

        Assert.Equal(-Edge, bounds.MinX, 1e-6);
        Assert.Equal(-Edge, bounds.MinY, 1e-6);
        Assert.Equal(Edge, bounds.MaxX, 1e-6);
        Assert.Equal(Edge, bounds.MaxY, 1e-6);
    }

    [Fact]
    public void Tile_0_0_0_spans_all_longitudes_and_85_05_degrees_north_and_south()
    {
        var bounds = WebMercator.TileBounds4326(new TileCoord(0, 0, 0));

        // atan(sinh π) in degrees = 85.0511287798066.
        Assert.Equal(-180, bounds.MinX, 1e-12);
        Assert.Equal(-85.0511287798066, bounds.MinY, 1e-12);
        Assert.Equal(180, bounds.MaxX, 1e-12);
        Assert.Equal(85.0511287798066, bounds.MaxY, 1e-12);
    }

    [Fact]
    public void Nairobi_is_in_tile_616_515_at_zoom_10()
    {
        // Slippy-map formulas by hand: x = (36.8172 + 180) / 360 · 1024 = 616.72;
        // y = (1 − asinh(tan(−1.2864°)) / π) / 2 · 1024 = 515.66; both floored. Checked in Python.
        Assert.Equal(new TileCoord(10, 616, 515), WebMercator.TileAt(36.8172, -1.2864, 10));
    }

    [Fact]
    public void Nairobi_in_metres_matches_PROJ()
    {
        // `echo "-1.2864 36.8172" | cs2cs -f %.9f EPSG:4326 EPSG:3857` → 4098471.956434112 -143213.425502321.
        var (x, y) = WebMercator.ToMeters(36.8172, -1.2864);

        Assert.Equal(4098471.956434112, x, 1e-6);
        Assert.Equal(-143213.425502321, y, 1e-6);
    }

    [Fact]
    public void Metres_convert_back_to_the_same_longitude_and_latitude()
    {
        var (x, y) = WebMercator.ToMeters(36.8172, -1.2864);
        var (longitude, latitude) = WebMercator.ToLonLat(x, y);

        Assert.Equal(36.8172, longitude, 1e-10);
        Assert.Equal(-1.2864, latitude, 1e-10);
    }

    [Fact]
    public void The_poles_are_clamped_to_the_edge_of_the_square_world()
    {
        Assert.Equal(Edge, WebMercator.ToMeters(0, 90).Y, 1e-6);
        Assert.Equal(-Edge, WebMercator.ToMeters(0, -90).Y, 1e-6);
    }

    [Fact]
    public void Tile_10_616_515_bounds_in_metres_and_degrees_match_the_formulas()
    {
        var tile = new TileCoord(10, 616, 515);
        var metres = WebMercator.TileBounds3857(tile);
        var degrees = WebMercator.TileBounds4326(tile);

        // Tile size 2πR / 1024 = 39135.758482 m; values computed in Python; the south edge checked with
        // `cs2cs EPSG:3857 EPSG:4326` (→ -1.4061088354, 36.5625).
        Assert.Equal(4070118.8821290657, metres.MinX, 1e-6);
        Assert.Equal(-156543.03392804042, metres.MinY, 1e-6);
        Assert.Equal(4109254.640611075, metres.MaxX, 1e-6);
        Assert.Equal(-117407.27544603124, metres.MaxY, 1e-6);
        Assert.Equal(36.5625, degrees.MinX, 1e-10);
        Assert.Equal(-1.4061088354351565, degrees.MinY, 1e-10);
        Assert.Equal(36.9140625, degrees.MaxX, 1e-10);
        Assert.Equal(-1.0546279422758842, degrees.MaxY, 1e-10);
    }

    [Fact]
    public void Longitude_180_belongs_to_the_last_column()
    {
        Assert.Equal(new TileCoord(2, 3, 1), WebMercator.TileAt(180, 10, 2));
    }

    [Fact]
    public void A_point_on_a_tile_edge_belongs_to_the_tile_east_and_south_of_it()
    {
        Assert.Equal(new TileCoord(1, 1, 1), WebMercator.TileAt(0, 0, 1));
    }

    [Theory]
    [InlineData(180.5, 0)]
    [InlineData(0, -90.5)]
    [InlineData(double.NaN, 0)]
    [InlineData(0, double.PositiveInfinity)]
    public void Coordinates_outside_WGS84_are_rejected(double longitude, double latitude)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => WebMercator.TileAt(longitude, latitude, 3));
    }

    [Fact]
    public void The_buffered_bounds_grow_by_64_of_4096_of_the_tile_on_each_side()
    {
        var bounds = WebMercator.BufferedTileBounds3857(new TileCoord(0, 0, 0));

        // 2πR · 64 / 4096 = 626172.1357121639 m.
        Assert.Equal(-Edge - 626172.1357121639, bounds.MinX, 1e-6);
        Assert.Equal(Edge + 626172.1357121639, bounds.MaxY, 1e-6);
    }

    [Fact]
    public void The_centre_of_the_world_is_the_centre_of_tile_0_0_0_in_MVT_units()
    {
        var (x, y) = WebMercator.ToTileCoordinates(new TileCoord(0, 0, 0), 0, 0);

        Assert.Equal(2048, x, 1e-9);
        Assert.Equal(2048, y, 1e-9);
    }

    [Fact]
    public void MVT_y_grows_southwards_from_the_north_west_corner()
    {
        var tile = new TileCoord(10, 616, 515);
        var bounds = WebMercator.TileBounds3857(tile);

        var (x, y) = WebMercator.ToTileCoordinates(tile, bounds.MinX, bounds.MinY);

        Assert.Equal(0, x, 1e-6);
        Assert.Equal(4096, y, 1e-6);
    }

    [Fact]
    public void A_pixel_at_zoom_0_is_156543_metres()
    {
        // 2πR / 256 = 156543.03392804097 m (OGC WebMercatorQuad cellSize at tile matrix 0).
        Assert.Equal(156543.03392804097, WebMercator.MetersPerPixel(0), 1e-8);
    }

    [Fact]
    public void A_point_in_the_middle_of_a_tile_is_contained_in_that_tile_only()
    {
        var centre = WebMercator.TileBounds4326(new TileCoord(3, 4, 2));
        var range = WebMercator.TilesContaining((centre.MinX + centre.MaxX) / 2, (centre.MinY + centre.MaxY) / 2, 3);

        Assert.Equal([new TileCoord(3, 4, 2)], range.Tiles());
    }

    [Fact]
    public void A_point_within_the_buffer_of_an_edge_is_contained_in_the_neighbouring_tile_too()
    {
        // Longitude 0.1° is 0.0011 tile east of the z1 centre line, within the 64/4096 = 0.0156-tile buffer.
        var range = WebMercator.TilesContaining(0.1, 40, 1);

        Assert.Equal([new TileCoord(1, 0, 0), new TileCoord(1, 1, 0)], range.Tiles());
    }

    [Fact]
    public void Without_a_buffer_a_point_near_an_edge_is_contained_in_its_own_tile_only()
    {
        Assert.Equal([new TileCoord(1, 1, 0)], WebMercator.TilesContaining(0.1, 40, 1, buffer: 0).Tiles());
    }
}
