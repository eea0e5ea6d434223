using System.Net;
using System.Text.Json;
using Wems.Tiles;

namespace Wems.Web.Tests.Tiles;

/// <summary>The cases tile layer as each tier sees it, and its cache variants.</summary>
public sealed class CaseTileTests(TileServer server) : IClassFixture<TileServer>
{
    private static readonly string[] NominalFields = ["offenders", "conveyances", "name", "names", "notes"];
    private static readonly string[] LatfMembers = ["KE", "TZ", "UG", "CG"];

    // The KE–TZ border at Namanga, where the demo data put cases on both sides.
    private static readonly TileCoord Namanga = WebMercator.TileAt(36.79, -2.55, 10);

    private static Uri Url(string path) => new(path, UriKind.Relative);

    private async Task<(HttpResponseMessage Response, GdalTile Tile)> GetAsync(string? user, TileCoord coord, string query = "")
    {
        var response = await server.Client(user).GetAsync(Url($"/tiles/cases/{coord}.mvt{query}"));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return (response, bytes.Length == 0 ? new GdalTile("") : await GdalTile.ReadAsync(bytes, coord.Z, coord.X, coord.Y));
    }

    private async Task<long> CasesInTileAsync(TileCoord coord, string condition)
    {
        await using var command = server.Factory.Database.DataSource.CreateCommand(
            $"select count(*) from seizure_case c where c.deleted_at is null and ({condition}) and c.geom && ST_Transform(ST_TileEnvelope({coord.Z}, {coord.X}, {coord.Y}), 4326)");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task An_anonymous_caller_gets_404_for_cases_tiles_and_their_tilejson()
    {
        var tile = await server.Client().GetAsync(Url("/tiles/cases/0/0/0.mvt"));
        var json = await server.Client().GetAsync(Url("/tiles/cases.json"));

        Assert.Equal(HttpStatusCode.NotFound, tile.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, json.StatusCode);
    }

    [Fact]
    public async Task A_national_analysts_case_points_are_only_of_its_own_country()
    {
        Assert.True(await CasesInTileAsync(Namanga, "c.country <> 'KE'") > 0, "the tile should hold other countries' cases too");

        var (response, tile) = await GetAsync("ke-analyst", Namanga);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(tile.FeatureCount > 0);
        Assert.Equal(await CasesInTileAsync(Namanga, "c.country = 'KE'"), tile.FeatureCount);
        Assert.All(tile.Values("country"), c => Assert.Equal("KE", c));
        Assert.True(response.Headers.CacheControl is { Private: true, MaxAge: not null });
    }

    [Fact]
    public async Task A_regional_analysts_case_points_are_shared_cases_of_members_without_any_nominal_field()
    {
        var (response, tile) = await GetAsync("latf-analyst", Namanga);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(tile.FeatureCount > 0);
        Assert.Equal(await CasesInTileAsync(Namanga, "c.transboundary and c.country in ('KE', 'TZ', 'UG', 'CG')"), tile.FeatureCount);
        Assert.All(tile.Values("country"), c => Assert.Contains(c, LatfMembers));
        Assert.Contains("reference", tile.FieldNames());
        Assert.Empty(tile.FieldNames().Intersect(NominalFields));
    }

    [Fact]
    public async Task At_low_zoom_cases_are_counted_per_cell_with_the_commodity_mix()
    {
        var coord = WebMercator.TileAt(37.9, -1.5, 5);

        var (response, tile) = await GetAsync("ke-analyst", coord);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(tile.FeatureCount > 0);
        Assert.Equal(await CasesInTileAsync(coord, "c.country = 'KE'"), tile.Values("count").Sum(long.Parse));
        Assert.NotEmpty(tile.Values("commodity"));
        Assert.DoesNotContain("reference", tile.FieldNames());
    }

    [Fact]
    public async Task The_same_tile_for_two_tiers_is_never_shared_through_the_cache()
    {
        var coord = WebMercator.TileAt(37.9, -1.5, 5);
        var national = await server.Client("ke-analyst").GetAsync(Url($"/tiles/cases/{coord}.mvt"));
        var regional = await server.Client("latf-analyst").GetAsync(Url($"/tiles/cases/{coord}.mvt"));
        var nationalAgain = await server.Client("ke-analyst").GetAsync(Url($"/tiles/cases/{coord}.mvt"));
        var otherCountry = await server.Client("tz-analyst").GetAsync(Url($"/tiles/cases/{coord}.mvt"));

        Assert.NotEqual(national.Headers.ETag, regional.Headers.ETag);
        Assert.NotEqual(await national.Content.ReadAsByteArrayAsync(), await regional.Content.ReadAsByteArrayAsync());
        Assert.NotEqual(national.Headers.ETag, otherCountry.Headers.ETag);
        Assert.Equal(national.Headers.ETag, nationalAgain.Headers.ETag);
    }

    [Fact]
    public async Task A_matching_if_none_match_gives_304_for_a_case_tile()
    {
        var client = server.Client("ke-analyst");
        var first = await client.GetAsync(Url($"/tiles/cases/{Namanga}.mvt"));
        using var again = new HttpRequestMessage(HttpMethod.Get, Url($"/tiles/cases/{Namanga}.mvt"));
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        var second = await client.SendAsync(again);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Filters_narrow_the_tile_and_are_cached_apart()
    {
        var (_, all) = await GetAsync("latf-analyst", Namanga);
        var (_, tanzania) = await GetAsync("latf-analyst", Namanga, "?country=tz");
        var (_, ivory) = await GetAsync("latf-analyst", Namanga, "?commodity=ivory&datetime=2000-01-01/..");

        Assert.All(tanzania.Values("country"), c => Assert.Equal("TZ", c));
        Assert.True(tanzania.FeatureCount > 0 && tanzania.FeatureCount < all.FeatureCount);
        Assert.True(ivory.FeatureCount < all.FeatureCount);
        Assert.All(ivory.Values("commodities"), c => Assert.Contains("ivory", c, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("country=KEN", "country")]
    [InlineData("commodity=gold", "commodity")]
    [InlineData("datetime=yesterday", "datetime")]
    [InlineData("species=Loxodonta", "species")]
    public async Task A_bad_filter_value_is_a_400_problem_naming_it(string query, string parameter)
    {
        var response = await server.Client("ke-analyst").GetAsync(Url($"/tiles/cases/0/0/0.mvt?{query}"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(parameter, problem.GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task Cases_tilejson_carries_the_filter_into_the_tile_url_and_lists_cell_and_point_fields()
    {
        var json = JsonDocument.Parse(await server.Client("ke-analyst").GetStringAsync(Url("/tiles/cases.json?country=ke"))).RootElement;

        Assert.Equal("http://localhost/tiles/cases/{z}/{x}/{y}.mvt?country=KE", json.GetProperty("tiles")[0].GetString());
        var fields = json.GetProperty("vector_layers")[0].GetProperty("fields");
        Assert.True(fields.TryGetProperty("count", out _));
        Assert.True(fields.TryGetProperty("reference", out _));
        Assert.False(fields.TryGetProperty("offenders", out _));
    }
}
