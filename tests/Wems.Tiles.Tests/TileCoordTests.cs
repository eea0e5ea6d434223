namespace Wems.Tiles.Tests;

public sealed class TileCoordTests
{
    [Fact]
    public void A_tile_prints_as_z_slash_x_slash_y()
    {
        Assert.Equal("10/616/515", new TileCoord(10, 616, 515).ToString());
    }

    [Fact]
    public void A_valid_tile_is_created_without_error()
    {
        Assert.True(TileCoord.TryCreate(4, 15, 0, 14, out var tile, out var error));

        Assert.Null(error);
        Assert.Equal(new TileCoord(4, 15, 0), tile);
    }

    [Fact]
    public void A_column_beyond_the_matrix_is_rejected_naming_x_and_its_range()
    {
        Assert.False(TileCoord.TryCreate(4, 16, 0, 14, out _, out var error));

        Assert.Equal("x must be between 0 and 15 at zoom 4", error);
    }

    [Fact]
    public void A_negative_row_is_rejected_naming_y_and_its_range()
    {
        Assert.False(TileCoord.TryCreate(2, 0, -1, 14, out _, out var error));

        Assert.Equal("y must be between 0 and 3 at zoom 2", error);
    }

    [Fact]
    public void A_zoom_deeper_than_the_layer_serves_is_rejected_naming_z()
    {
        Assert.False(TileCoord.TryCreate(15, 0, 0, 14, out _, out var error));

        Assert.Equal("z must be between 0 and 14", error);
    }

    [Fact]
    public void A_negative_zoom_is_rejected_naming_z()
    {
        Assert.False(TileCoord.TryCreate(-1, 0, 0, 14, out _, out var error));

        Assert.Equal("z must be between 0 and 14", error);
    }

    [Fact]
    public void A_layer_max_zoom_beyond_24_is_a_programming_error()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TileCoord.TryCreate(0, 0, 0, 25, out _, out _));
    }

    [Fact]
    public void The_constructor_throws_for_a_tile_that_does_not_exist()
    {
        var thrown = Assert.Throws<ArgumentOutOfRangeException>(() => new TileCoord(1, 2, 0));

        Assert.Equal("x", thrown.ParamName);
    }

    [Fact]
    public void OGC_tile_matrix_row_and_col_map_to_z_y_and_x()
    {
        Assert.True(TileCoord.TryCreateFromOgc("10", tileRow: 515, tileCol: 616, 14, out var tile, out _));

        Assert.Equal(new TileCoord(10, 616, 515), tile);
        Assert.Equal(("10", 515, 616), (tile.TileMatrix, tile.TileRow, tile.TileCol));
    }

    [Fact]
    public void OGC_parameters_out_of_range_are_reported_in_OGC_words()
    {
        Assert.False(TileCoord.TryCreateFromOgc("4", tileRow: 0, tileCol: 16, 14, out _, out var colError));
        Assert.False(TileCoord.TryCreateFromOgc("4", tileRow: 16, tileCol: 0, 14, out _, out var rowError));

        Assert.Equal("tileCol must be between 0 and 15 at tileMatrix 4", colError);
        Assert.Equal("tileRow must be between 0 and 15 at tileMatrix 4", rowError);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData(" 3")]
    [InlineData("")]
    [InlineData(null)]
    public void An_OGC_tile_matrix_that_is_not_a_plain_number_is_rejected(string? tileMatrix)
    {
        Assert.False(TileCoord.TryCreateFromOgc(tileMatrix, 0, 0, 14, out _, out var error));

        Assert.Equal("tileMatrix must be an integer between 0 and 14", error);
    }

    [Fact]
    public void The_parent_halves_x_and_y_one_zoom_up()
    {
        Assert.Equal(new TileCoord(9, 308, 257), new TileCoord(10, 616, 515).Parent);
    }

    [Fact]
    public void The_root_tile_has_no_parent()
    {
        Assert.Null(new TileCoord(0, 0, 0).Parent);
    }

    [Fact]
    public void The_children_are_the_four_quarters_in_row_major_order()
    {
        var children = new TileCoord(1, 1, 0).Children();

        Assert.Equal([new(2, 2, 0), new(2, 3, 0), new(2, 2, 1), new(2, 3, 1)], children);
        Assert.All(children, c => Assert.Equal(new TileCoord(1, 1, 0), c.Parent));
    }

    [Fact]
    public void A_tile_at_zoom_24_has_no_children()
    {
        Assert.Empty(new TileCoord(24, 0, 0).Children());
    }
}
