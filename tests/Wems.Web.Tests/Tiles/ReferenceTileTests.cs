using System.Net;
using System.Text.Json;
using Wems.Tiles;

namespace Wems.Web.Tests.Tiles;

/// <summary>The reference layers as vector tiles, read back with GDAL, and the errors of the tile endpoint.</summary>
public sealed class ReferenceTileTests(TileServer server) : IClassFixture<TileServer>
{
    private static Uri Url(string path) => new(path, UriKind.Relative);

    private async Task<GdalTile> CountriesAsync(TileCoord tile)
    {
        var response = await server.Client().GetAsync(Url($"/tiles/countries/{tile}.mvt"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.mapbox-vector-tile", response.Content.Headers.ContentType?.MediaType);
        return await GdalTile.ReadAsync(await response.Content.ReadAsByteArrayAsync(), tile.Z, tile.X, tile.Y);
    }

    [Fact]
    public async Task The_world_tile_of_countries_decodes_and_contains_Kenya()
    {
        var tile = await CountriesAsync(new TileCoord(0, 0, 0));

        Assert.Contains("KE", tile.Values("iso2"));
        Assert.Contains("Kenya", tile.Values("name_en"));
    }

    [Fact]
    public async Task A_countries_tile_over_Kenya_at_zoom_6_decodes_and_contains_Kenya()
    {
        // 37.9°E 0.5°N is in central Kenya.
        var tile = await CountriesAsync(WebMercator.TileAt(37.9, 0.5, 6));

        Assert.Contains("KE", tile.Values("iso2"));
        Assert.DoesNotContain("BR", tile.Values("iso2"));
    }

    [Theory]
    [InlineData("borders", "iso2_a")]
    [InlineData("airports", "name")]
    [InlineData("border-posts", "neighbour")]
    [InlineData("protected-areas", "radius_m")]
    [InlineData("cities", "population")]
    [InlineData("ports", "code")]
    public async Task Every_reference_layer_has_features_over_Kenya_at_zoom_5(string layer, string field)
    {
        var coord = WebMercator.TileAt(37.9, -1.5, 5);

        var response = await server.Client().GetAsync(Url($"/tiles/{layer}/{coord}.mvt"));
        var tile = await GdalTile.ReadAsync(await response.Content.ReadAsByteArrayAsync(), coord.Z, coord.X, coord.Y);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(field, tile.FieldNames());
        Assert.True(tile.FeatureCount > 0, tile.Output);
    }

    [Fact]
    public async Task An_empty_ocean_tile_is_204_without_a_body()
    {
        // The South Pacific, far from any coast.
        var coord = WebMercator.TileAt(-130, -40, 6);

        var response = await server.Client().GetAsync(Url($"/tiles/countries/{coord}.mvt"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("23/0/0", "z")]
    [InlineData("3/8/0", "x")]
    [InlineData("3/0/8", "y")]
    [InlineData("3/-1/0", "x")]
    [InlineData("three/0/0", "z")]
    public async Task Tile_coordinates_out_of_range_are_a_400_problem_naming_the_parameter(string zxy, string parameter)
    {
        var response = await server.Client().GetAsync(Url($"/tiles/countries/{zxy}.mvt"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(parameter, problem.GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task An_unknown_layer_is_a_404_problem()
    {
        var response = await server.Client().GetAsync(Url("/tiles/unicorns/0/0/0.mvt"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_filter_on_a_reference_layer_is_a_400_problem()
    {
        var response = await server.Client().GetAsync(Url("/tiles/countries/0/0/0.mvt?country=KE"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Reference_tiles_are_public_and_revalidate_to_304_with_their_etag()
    {
        var client = server.Client();
        var first = await client.GetAsync(Url("/tiles/countries/2/2/1.mvt"));
        using var again = new HttpRequestMessage(HttpMethod.Get, Url("/tiles/countries/2/2/1.mvt"));
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        var second = await client.SendAsync(again);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.True(first.Headers.CacheControl is { Public: true, MaxAge: not null });
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
    }

    [Fact]
    public async Task A_client_that_accepts_gzip_gets_the_same_tile_compressed_with_its_own_etag()
    {
        var client = server.Client();
        var plain = await client.GetAsync(Url("/tiles/countries/3/4/3.mvt"));
        using var request = new HttpRequestMessage(HttpMethod.Get, Url("/tiles/countries/3/4/3.mvt"));
        request.Headers.AcceptEncoding.ParseAdd("gzip, br");

        var zipped = await client.SendAsync(request);

        Assert.Empty(plain.Content.Headers.ContentEncoding);
        Assert.Equal(["gzip"], zipped.Content.Headers.ContentEncoding);
        await using var unzip = new System.IO.Compression.GZipStream(await zipped.Content.ReadAsStreamAsync(), System.IO.Compression.CompressionMode.Decompress);
        using var body = new MemoryStream();
        await unzip.CopyToAsync(body);
        Assert.Equal(await plain.Content.ReadAsByteArrayAsync(), body.ToArray());
        Assert.NotEqual(plain.Headers.ETag, zipped.Headers.ETag);
        Assert.Contains("Accept-Encoding", zipped.Headers.Vary);
    }

    [Fact]
    public async Task TileJson_has_an_absolute_tile_url_template_bounds_and_the_layer_fields()
    {
        var json = JsonDocument.Parse(await server.Client().GetStringAsync(Url("/tiles/countries.json"))).RootElement;

        Assert.Equal("3.0.0", json.GetProperty("tilejson").GetString());
        Assert.Equal("http://localhost/tiles/countries/{z}/{x}/{y}.mvt", json.GetProperty("tiles")[0].GetString());
        var layer = json.GetProperty("vector_layers")[0];
        Assert.Equal("countries", layer.GetProperty("id").GetString());
        Assert.Equal("String", layer.GetProperty("fields").GetProperty("iso2").GetString());
        Assert.Equal(4, json.GetProperty("bounds").GetArrayLength());
        Assert.Equal(22, json.GetProperty("maxzoom").GetInt32());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("attribution").GetString()));
    }
}
