using System.Net;
using System.Text.Json;
using Wems.Tiles;

namespace Wems.Web.Tests.Tiles;

/// <summary>OGC API – Tiles under /ogc: tile matrix sets, tilesets of collections, tiles, conformance and links.</summary>
public sealed class OgcTilesTests(TileServer server) : IClassFixture<TileServer>
{
    private const string TilesConf = "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/";

    private static Uri Url(string path) => new(path, UriKind.Relative);

    private async Task<JsonElement> JsonAsync(string path, string? user = null)
    {
        var response = await server.Client(user).GetAsync(Url(path));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement;
    }

    private static IEnumerable<JsonElement> Links(JsonElement document, string rel) =>
        document.GetProperty("links").EnumerateArray().Where(l => l.GetProperty("rel").GetString() == rel);

    [Fact]
    public async Task Conformance_declares_exactly_the_implemented_tiles_classes()
    {
        var conformance = await JsonAsync("/ogc/conformance");

        var tiles = conformance.GetProperty("conformsTo").EnumerateArray().Select(c => c.GetString()!)
            .Where(c => c.StartsWith(TilesConf, StringComparison.Ordinal)).Select(c => c[TilesConf.Length..]).Order().ToList();
        Assert.Equal(["core", "geodata-tilesets", "mvt", "tileset", "tilesets-list"], tiles);
    }

    [Fact]
    public async Task The_tile_matrix_sets_list_and_WebMercatorQuad_follow_OGC_2DTMS_2()
    {
        var list = await JsonAsync("/ogc/tileMatrixSets");
        var entry = Assert.Single(list.GetProperty("tileMatrixSets").EnumerateArray());
        Assert.Equal("WebMercatorQuad", entry.GetProperty("id").GetString());
        var href = Links(entry, "self").Single().GetProperty("href").GetString()!;

        var set = await JsonAsync(new Uri(href).PathAndQuery);

        Assert.Equal("http://www.opengis.net/def/crs/EPSG/0/3857", set.GetProperty("crs").GetString());
        var matrices = set.GetProperty("tileMatrices").EnumerateArray().ToList();
        // OGC 17-083r4 Annex D: zoom 0 scale denominator 559082264.0287178, one tile; origin at (-20037508.34, 20037508.34).
        Assert.Equal(559082264.0287178, matrices[0].GetProperty("scaleDenominator").GetDouble(), 1e-6);
        Assert.Equal(-20037508.3427892, matrices[0].GetProperty("pointOfOrigin")[0].GetDouble(), 1e-6);
        Assert.Equal(1024, matrices[10].GetProperty("matrixWidth").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client().GetAsync(Url("/ogc/tileMatrixSets/WorldCRS84Quad"))).StatusCode);
    }

    [Fact]
    public async Task The_landing_page_and_a_collection_link_to_tiles()
    {
        var landing = await JsonAsync("/ogc");
        var collection = await JsonAsync("/ogc/collections/countries");

        Assert.Single(Links(landing, "http://www.opengis.net/def/rel/ogc/1.0/tiling-schemes"));
        var tilesets = Links(collection, "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector").Single();
        Assert.Equal("http://localhost/ogc/collections/countries/tiles", tilesets.GetProperty("href").GetString());
    }

    [Fact]
    public async Task A_tilesets_list_names_WebMercatorQuad_and_a_templated_tile_url_that_serves_the_same_tile_as_tiles()
    {
        var list = await JsonAsync("/ogc/collections/countries/tiles");
        var tileset = Assert.Single(list.GetProperty("tilesets").EnumerateArray());
        Assert.Equal("vector", tileset.GetProperty("dataType").GetString());
        Assert.Equal("http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad", tileset.GetProperty("tileMatrixSetURI").GetString());
        var item = Links(tileset, "item").Single();
        Assert.True(item.GetProperty("templated").GetBoolean());
        Assert.Equal("application/vnd.mapbox-vector-tile", item.GetProperty("type").GetString());
        var template = item.GetProperty("href").GetString()!;
        Assert.Equal("http://localhost/ogc/collections/countries/tiles/WebMercatorQuad/{tileMatrix}/{tileRow}/{tileCol}", template);

        var kenya = WebMercator.TileAt(37.9, 0.5, 6);
        var ogc = await server.Client().GetAsync(Url(new Uri(template.Replace("{tileMatrix}", "6", StringComparison.Ordinal)
            .Replace("{tileRow}", kenya.Y.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{tileCol}", kenya.X.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)).PathAndQuery));
        var xyz = await server.Client().GetAsync(Url($"/tiles/countries/{kenya}.mvt"));

        Assert.Equal(HttpStatusCode.OK, ogc.StatusCode);
        Assert.Equal("application/vnd.mapbox-vector-tile", ogc.Content.Headers.ContentType?.MediaType);
        var bytes = await ogc.Content.ReadAsByteArrayAsync();
        Assert.Equal(await xyz.Content.ReadAsByteArrayAsync(), bytes);
        Assert.Contains("KE", (await GdalTile.ReadAsync(bytes, kenya.Z, kenya.X, kenya.Y)).Values("iso2"));
    }

    [Fact]
    public async Task The_tileset_metadata_describes_the_layer_and_links_the_tiling_scheme()
    {
        var tileset = await JsonAsync("/ogc/collections/borders/tiles/WebMercatorQuad");

        var layer = Assert.Single(tileset.GetProperty("layers").EnumerateArray());
        Assert.Equal("borders", layer.GetProperty("id").GetString());
        Assert.Equal(1, layer.GetProperty("geometryDimension").GetInt32());
        Assert.Equal("http://localhost/ogc/tileMatrixSets/WebMercatorQuad",
            Links(tileset, "http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme").Single().GetProperty("href").GetString());
    }

    [Fact]
    public async Task Case_tilesets_exist_only_for_tiers_that_see_cases_and_follow_their_tier()
    {
        var anonymous = await server.Client().GetAsync(Url("/ogc/collections/cases/tiles"));
        var tile = WebMercator.TileAt(36.79, -2.55, 10);
        var ogc = await server.Client("ke-analyst").GetAsync(Url($"/ogc/collections/cases/tiles/WebMercatorQuad/10/{tile.Y}/{tile.X}"));
        var xyz = await server.Client("ke-analyst").GetAsync(Url($"/tiles/cases/{tile}.mvt"));

        Assert.Equal(HttpStatusCode.NotFound, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ogc.StatusCode);
        Assert.Equal(await xyz.Content.ReadAsByteArrayAsync(), await ogc.Content.ReadAsByteArrayAsync());
        Assert.True(ogc.Headers.CacheControl?.Private);
    }

    [Theory]
    [InlineData("/ogc/collections/countries/tiles/WebMercatorQuad/3/8/0", HttpStatusCode.BadRequest)]
    [InlineData("/ogc/collections/countries/tiles/WebMercatorQuad/23/0/0", HttpStatusCode.BadRequest)]
    [InlineData("/ogc/collections/countries/tiles/WebMercatorQuad/2/1/1?f=png", HttpStatusCode.BadRequest)]
    [InlineData("/ogc/collections/countries/tiles/GoogleCRS84Quad/2/1/1", HttpStatusCode.NotFound)]
    [InlineData("/ogc/collections/nothing/tiles", HttpStatusCode.NotFound)]
    public async Task Bad_tile_requests_are_problems(string path, HttpStatusCode expected)
    {
        var response = await server.Client().GetAsync(Url(path));

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
