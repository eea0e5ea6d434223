using System.Text.Json;
using Wems.Tiles.Documents;

namespace Wems.Tiles.Tests.Documents;

// Expected values: the OGC WebMercatorQuad JSON example of OGC 17-083r4 (2DTMS 2.0), given there to 15 significant
// digits, and 2πR / 256 = 156543.03392804097 m, / 0.00028 = 559082264.0287178 computed in double precision.
public sealed class WebMercatorQuadTests
{
    private static TileMatrix Matrix(int z) => WebMercatorQuad.Definition.TileMatrices[z];

    [Fact]
    public void Tile_matrix_0_has_the_OGC_scale_denominator_and_cell_size()
    {
        Assert.Equal(559082264.0287178, Matrix(0).ScaleDenominator, 1e-6);
        Assert.Equal(156543.03392804097, Matrix(0).CellSize, 1e-9);
        Assert.Equal((1, 1), (Matrix(0).MatrixWidth, Matrix(0).MatrixHeight));
    }

    [Fact]
    public void Tile_matrix_1_halves_the_cell_size_and_doubles_the_matrix()
    {
        Assert.Equal(279541132.014358, Matrix(1).ScaleDenominator, 1e-5);
        Assert.Equal(78271.5169640204, Matrix(1).CellSize, 1e-9);
        Assert.Equal((2, 2), (Matrix(1).MatrixWidth, Matrix(1).MatrixHeight));
    }

    [Fact]
    public void Tile_matrix_24_is_the_deepest_with_16777216_tiles_a_side()
    {
        Assert.Equal(25, WebMercatorQuad.Definition.TileMatrices.Count);
        Assert.Equal("24", Matrix(24).Id);
        Assert.Equal(33.3238997476528, Matrix(24).ScaleDenominator, 1e-12);
        Assert.Equal(0.0093306919293428, Matrix(24).CellSize, 1e-15);
        Assert.Equal((16777216, 16777216), (Matrix(24).MatrixWidth, Matrix(24).MatrixHeight));
    }

    [Fact]
    public void Every_tile_matrix_starts_at_the_top_left_corner_of_the_world_with_256_pixel_tiles()
    {
        Assert.All(WebMercatorQuad.Definition.TileMatrices, m =>
        {
            Assert.Equal("topLeft", m.CornerOfOrigin);
            Assert.Equal([-20037508.342789244, 20037508.342789244], m.PointOfOrigin);
            Assert.Equal((256, 256), (m.TileWidth, m.TileHeight));
        });
    }

    [Fact]
    public void The_set_is_identified_by_its_OGC_uri_and_EPSG_3857()
    {
        var json = JsonDocument.Parse(TileDocumentJson.Serialize(WebMercatorQuad.Definition)).RootElement;

        Assert.Equal("WebMercatorQuad", json.GetProperty("id").GetString());
        Assert.Equal("http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad", json.GetProperty("uri").GetString());
        Assert.Equal("http://www.opengis.net/def/crs/EPSG/0/3857", json.GetProperty("crs").GetString());
        Assert.Equal(["X", "Y"], json.GetProperty("orderedAxes").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public void The_json_uses_the_camel_case_names_of_the_standard()
    {
        var json = JsonDocument.Parse(TileDocumentJson.Serialize(WebMercatorQuad.Definition)).RootElement;
        var matrix = json.GetProperty("tileMatrices")[0];

        Assert.Equal(
            ["id", "title", "uri", "crs", "orderedAxes", "wellKnownScaleSet", "tileMatrices"],
            json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(
            ["id", "scaleDenominator", "cellSize", "cornerOfOrigin", "pointOfOrigin", "tileWidth", "tileHeight", "matrixWidth", "matrixHeight"],
            matrix.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void The_json_numbers_round_trip_to_the_computed_doubles()
    {
        var json = JsonDocument.Parse(TileDocumentJson.Serialize(WebMercatorQuad.Definition)).RootElement;

        Assert.Equal(Matrix(0).ScaleDenominator, json.GetProperty("tileMatrices")[0].GetProperty("scaleDenominator").GetDouble());
    }
}
