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
        Assert.Equal(await CasesInTileAsync(Namanga, "c.country = 'KE'"), tile.CaseCount);
        Assert.All(tile.Values("country"), c => Assert.Equal("KE", c));
        Assert.True(response.Headers.CacheControl is { Private: true, MaxAge: not null });
    }

    [Fact]
    public async Task A_regional_analysts_case_points_are_shared_cases_of_members_without_any_nominal_field()
    {
        var (response, tile) = await GetAsync("latf-analyst", Namanga);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(tile.FeatureCount > 0);
        Assert.Equal(await CasesInTileAsync(Namanga, "c.transboundary and c.country in ('KE', 'TZ', 'UG', 'CG')"), tile.CaseCount);
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
        Assert.True(tanzania.CaseCount > 0 && tanzania.CaseCount < all.CaseCount);
        Assert.True(ivory.CaseCount < all.CaseCount);
        Assert.All(ivory.Values("commodities"), c => Assert.Contains("ivory", c, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("country=KEN", "country")]
    [InlineData("commodity=gold", "commodity")]
    [InlineData("datetime=yesterday", "datetime")]
    [InlineData("species=Loxodonta", "species")]
    [InlineData("species=loxodonta%20africana", "species")]
    [InlineData("agency=KWS;drop", "agency")]
    [InlineData("transport_mode=Air%20Cargo", "transport_mode")]
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

    [Theory]
    [InlineData("species=Loxodonta%20africana", "'Loxodonta africana' = any(string_to_array(c.species_names, ','))")]
    [InlineData("agency=kws", "c.agency_code = 'KWS'")]
    [InlineData("transport_mode=road-vehicle", "c.transport_mode = 'road-vehicle'")]
    public async Task Species_agency_and_transport_mode_filters_draw_exactly_the_matching_cases(string query, string condition)
    {
        var coord = WebMercator.TileAt(37.9, -1.5, 5);
        var regional = "c.transboundary and c.country in ('KE', 'TZ', 'UG', 'CG')";
        var expectedLow = await CasesInTileAsync(coord, $"{regional} and {condition}");
        var expectedPoints = await CasesInTileAsync(Namanga, $"{regional} and {condition}");

        var (low, lowTile) = await GetAsync("latf-analyst", coord, $"?{query}");
        var (_, pointTile) = await GetAsync("latf-analyst", Namanga, $"?{query}");
        var (_, allLow) = await GetAsync("latf-analyst", coord);

        Assert.Equal(HttpStatusCode.OK, low.StatusCode);
        Assert.True(expectedLow > 0, "the demo data should hold matching cases");
        Assert.Equal(expectedLow, lowTile.CaseCount);
        Assert.Equal(expectedPoints, pointTile.CaseCount);
        Assert.True(lowTile.CaseCount < allLow.CaseCount);
    }

    [Fact]
    public async Task A_species_filter_keeps_only_points_of_that_species_commodity()
    {
        var (_, tile) = await GetAsync("latf-analyst", Namanga, "?species=Loxodonta%20africana");

        Assert.All(tile.Values("commodities"), c => Assert.Contains("ivory", c, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cases_within_a_few_pixels_are_one_feature_with_their_count_and_a_lone_case_keeps_its_properties()
    {
        // Zoom 12 over Nairobi: the demo data put many cases at the airport and the city.
        var coord = WebMercator.TileAt(36.9275, -1.3192, 12);
        var expected = await CasesInTileAsync(coord, "c.country = 'KE'");

        var (_, tile) = await GetAsync("ke-analyst", coord);

        Assert.True(expected > 1, "the tile should hold several Kenyan cases");
        Assert.Equal(expected, tile.CaseCount);
        Assert.True(tile.FeatureCount < expected, "cases at the same place should be merged");
        Assert.All(tile.Values("count"), n => Assert.True(long.Parse(n, System.Globalization.CultureInfo.InvariantCulture) > 1));
        Assert.Equal(tile.FeatureCount - tile.Values("count").Count, tile.Values("reference").Count);
    }

    [Fact]
    public async Task Cases_tilejson_carries_species_agency_and_transport_mode_into_the_tile_url()
    {
        var json = JsonDocument.Parse(await server.Client("ke-analyst").GetStringAsync(
            Url("/tiles/cases.json?species=Smutsia%20temminckii&agency=kws&transport_mode=air-cargo"))).RootElement;

        Assert.Equal("http://localhost/tiles/cases/{z}/{x}/{y}.mvt?species=Smutsia%20temminckii&agency=KWS&transport_mode=air-cargo",
            json.GetProperty("tiles")[0].GetString());
    }
}
