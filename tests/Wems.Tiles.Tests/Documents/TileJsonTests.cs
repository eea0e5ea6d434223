using System.Text.Json;
using Wems.Tiles.Documents;

namespace Wems.Tiles.Tests.Documents;

public sealed class TileJsonTests
{
    private static readonly VectorLayer Cases = new()
    {
        Id = "cases",
        Fields = new Dictionary<string, string> { ["commodity"] = "String", ["count"] = "Number" },
        Description = "Seizure cases",
        MinZoom = 0,
        MaxZoom = 14,
    };

    private static JsonElement Serialized(TileJson document) =>
        JsonDocument.Parse(TileDocumentJson.Serialize(document)).RootElement.Clone();

    private static TileJson Minimal() => new()
    {
        Tiles = ["https://wems.example/tiles/cases/{z}/{x}/{y}.mvt"],
        VectorLayers = [Cases],
    };

    [Fact]
    public void A_minimal_document_has_only_the_three_required_members()
    {
        var names = Serialized(Minimal()).EnumerateObject().Select(p => p.Name);

        Assert.Equal(["tilejson", "tiles", "vector_layers"], names);
    }

    [Fact]
    public void The_tilejson_member_is_version_3_0_0()
    {
        Assert.Equal("3.0.0", Serialized(Minimal()).GetProperty("tilejson").GetString());
    }

    [Fact]
    public void Every_optional_member_uses_the_spec_name()
    {
        var document = Minimal() with
        {
            Attribution = "WEMS",
            Bounds = new Bounds(28.8, -11.8, 41.9, 5.0),
            Center = new TileJsonCenter(36.8172, -1.2864, 6),
            Description = "Detected seizures",
            MinZoom = 0,
            MaxZoom = 14,
            Name = "Cases",
        };

        var names = Serialized(document).EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal);

        Assert.Equal(
            ["attribution", "bounds", "center", "description", "maxzoom", "minzoom", "name", "tilejson", "tiles", "vector_layers"],
            names);
    }

    [Fact]
    public void Bounds_are_written_as_west_south_east_north()
    {
        var json = Serialized(Minimal() with { Bounds = new Bounds(28.8, -11.8, 41.9, 5.0) });

        Assert.Equal([28.8, -11.8, 41.9, 5.0], json.GetProperty("bounds").EnumerateArray().Select(v => v.GetDouble()));
    }

    [Fact]
    public void The_center_is_written_as_longitude_latitude_zoom()
    {
        var json = Serialized(Minimal() with { Center = new TileJsonCenter(36.8172, -1.2864, 6) });

        Assert.Equal([36.8172, -1.2864, 6], json.GetProperty("center").EnumerateArray().Select(v => v.GetDouble()));
    }

    [Fact]
    public void A_vector_layer_has_id_fields_description_minzoom_and_maxzoom()
    {
        var layer = Serialized(Minimal()).GetProperty("vector_layers")[0];

        Assert.Equal(["id", "fields", "description", "minzoom", "maxzoom"], layer.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Number", layer.GetProperty("fields").GetProperty("count").GetString());
    }

    [Fact]
    public void A_vector_layer_without_optional_members_omits_them()
    {
        var document = Minimal() with { VectorLayers = [new VectorLayer { Id = "posts", Fields = new Dictionary<string, string>() }] };

        var layer = Serialized(document).GetProperty("vector_layers")[0];

        Assert.Equal(["id", "fields"], layer.EnumerateObject().Select(p => p.Name));
    }

    [Theory]
    [InlineData("/tiles/cases/{z}/{x}/{y}.mvt")]
    [InlineData("file:///tmp/{z}/{x}/{y}.mvt")]
    public void A_tile_template_that_is_not_an_absolute_http_url_is_rejected(string template)
    {
        Assert.Throws<ArgumentException>(() => new TileJson { Tiles = [template], VectorLayers = [Cases] });
    }

    [Fact]
    public void A_document_without_tile_templates_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => new TileJson { Tiles = [], VectorLayers = [Cases] });
    }

    [Fact]
    public void Tile_templates_are_written_as_given_with_their_placeholders()
    {
        var tiles = Serialized(Minimal()).GetProperty("tiles");

        Assert.Equal("https://wems.example/tiles/cases/{z}/{x}/{y}.mvt", tiles[0].GetString());
    }
}
