using System.IO.Compression;
using System.Net;
using System.Text.Json;
using Wems.Gis.Features;
using Wems.Tiles;
using Wems.Web.Tests.Cases;
using Wems.Web.Tests.Tiles;

namespace Wems.Web.Tests.Tiers;

/// <summary>
/// Each endpoint family (/api, /ogc, /tiles, exports, analyses, public layers) for each caller outside the national tier
/// of the data: an anonymous caller, a national analyst of another country (Tanzania, looking at Kenyan data), the
/// regional analyst and a signed-in caller of the public tier (the system administrator, who manages accounts, not
/// cases). Each gets exactly its tier, and never a nominal value of a case it may not see nominally: names, identity
/// numbers, registrations, conveyance identifiers or notes, in JSON, tiles, CSV, GeoPackage or Shapefile.
/// </summary>
[Collection(TierServerGroup.Name)]
public sealed class TierMatrixTests(TierServer server)
{
    private static readonly string[] Members = ["KE", "TZ", "UG", "CG"];
    private static readonly string[] NominalNames = ["offenders", "conveyances", "nominal", "offender", "notes"];
    private const string Shared = "c.transboundary and c.deleted_at is null and c.country in ('KE', 'TZ', 'UG', 'CG')";

    private static Uri Url(string path) => new(path, UriKind.Relative);

    /// <summary>The nominal values that must not reach <paramref name="caller"/>.</summary>
    private Task<IReadOnlyList<string>> ForbiddenAsync(string? caller) => caller switch
    {
        "tz-analyst" => server.NominalValuesAsync("c.country <> 'TZ'", "TZ"),
        "latf-analyst" => server.NominalValuesAsync(Shared),
        _ => server.NominalValuesAsync(),
    };

    private static void NoneOf(IReadOnlyList<string> forbidden, byte[] body, string what)
    {
        var found = TierServer.FirstFound(forbidden, body);
        Assert.True(found is null, $"{what} holds the nominal value '{found}'");
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("admin", HttpStatusCode.Forbidden)]
    [InlineData("tz-analyst", HttpStatusCode.OK)]
    [InlineData("latf-analyst", HttpStatusCode.OK)]
    public async Task Api_cases_list_and_read_give_exactly_the_tier(string? caller, HttpStatusCode listStatus)
    {
        var domestic = await server.ScalarAsync<Guid>("select id from seizure_case where country = 'KE' and not transboundary and deleted_at is null order by id limit 1");
        var client = server.Client(caller);

        var list = await client.GetAsync(Url("/api/cases?limit=1000"));
        var body = await list.Content.ReadAsByteArrayAsync();
        var read = await client.GetAsync(Url($"/api/cases/{domestic}"));

        Assert.Equal(listStatus, list.StatusCode);
        Assert.Contains(read.StatusCode, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden, HttpStatusCode.NotFound });
        NoneOf(await ForbiddenAsync(caller), body, "the case list");
        if (listStatus == HttpStatusCode.OK)
        {
            var items = JsonDocument.Parse(body).RootElement.GetProperty("items").EnumerateArray().ToList();
            Assert.NotEmpty(items);
            Assert.All(items, i => Assert.False(i.TryGetProperty("nominal", out _)));
            if (caller == "tz-analyst")
            {
                Assert.All(items, i => Assert.Equal("TZ", i.GetProperty("country").GetString()));
            }
            else
            {
                Assert.All(items, i => Assert.True(i.GetProperty("transboundary").GetBoolean()));
                Assert.All(items, i => Assert.Contains(i.GetProperty("country").GetString(), Members));
            }
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("admin")]
    [InlineData("tz-analyst")]
    [InlineData("latf-analyst")]
    public async Task Ogc_cases_items_and_features_give_exactly_the_tier(string? caller)
    {
        var kenyan = await server.ScalarAsync<Guid>("select id from seizure_case where country = 'KE' and not transboundary and deleted_at is null order by id limit 1");
        var client = server.Client(caller);

        var items = await client.GetAsync(Url("/ogc/collections/cases/items?limit=10000"));
        var body = await items.Content.ReadAsByteArrayAsync();
        var feature = await client.GetAsync(Url($"/ogc/collections/cases/items/{kenyan}"));

        Assert.Equal(HttpStatusCode.NotFound, feature.StatusCode);
        NoneOf(await ForbiddenAsync(caller), body, "the cases items");
        if (caller is null or "admin")
        {
            Assert.Equal(HttpStatusCode.NotFound, items.StatusCode);
            return;
        }

        var features = JsonDocument.Parse(body).RootElement.GetProperty("features").EnumerateArray().ToList();
        var expected = await server.ScalarAsync<long>(caller == "tz-analyst"
            ? "select count(*) from seizure_case c where c.country = 'TZ' and c.deleted_at is null"
            : $"select count(*) from seizure_case c where {Shared}");
        Assert.Equal(expected, features.Count);
        if (caller == "latf-analyst")
        {
            Assert.All(features, f => Assert.Empty(f.GetProperty("properties").EnumerateObject().Select(p => p.Name).Intersect(NominalNames)));
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("admin")]
    [InlineData("tz-analyst")]
    [InlineData("latf-analyst")]
    public async Task Tiles_of_cases_give_exactly_the_tier_without_nominal_fields_or_values(string? caller)
    {
        var forbidden = await ForbiddenAsync(caller);
        foreach (var coord in new[] { WebMercator.TileAt(37.0, -1.0, 5), WebMercator.TileAt(36.79, -2.55, 10) })
        {
            var response = await server.Client(caller).GetAsync(Url($"/tiles/cases/{coord}.mvt"));
            var bytes = await response.Content.ReadAsByteArrayAsync();
            NoneOf(forbidden, bytes, $"tile {coord}");
            if (caller is null or "admin")
            {
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
                continue;
            }

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var tile = bytes.Length == 0 ? new GdalTile("") : await GdalTile.ReadAsync(bytes, coord.Z, coord.X, coord.Y);
            Assert.Empty(tile.FieldNames().Intersect(NominalNames));
            if (coord.Z >= 9)
            {
                Assert.All(tile.Values("country"), c => Assert.Contains(c, caller == "tz-analyst" ? ["TZ"] : Members));
            }
        }
    }

    [Theory]
    [InlineData(null, "csv")]
    [InlineData("admin", "gpkg")]
    [InlineData("tz-analyst", "csv")]
    [InlineData("tz-analyst", "gpkg")]
    [InlineData("tz-analyst", "shp")]
    [InlineData("latf-analyst", "csv")]
    [InlineData("latf-analyst", "gpkg")]
    [InlineData("latf-analyst", "shp")]
    public async Task Exports_of_cases_hold_no_nominal_value_outside_the_national_tier(string? caller, string format)
    {
        var response = await server.Client(caller).GetAsync(Url($"/ogc/collections/cases/items?f={format}"));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var forbidden = await ForbiddenAsync(caller);

        if (caller is null or "admin")
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            return;
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        if (format == "shp")
        {
            using var zip = new ZipArchive(new MemoryStream(bytes));
            foreach (var entry in zip.Entries)
            {
                using var stream = entry.Open();
                using var copy = new MemoryStream();
                await stream.CopyToAsync(copy);
                NoneOf(forbidden, copy.ToArray(), $"{entry.Name} of the shapefile export");
                if (caller == "latf-analyst" && entry.Name.EndsWith(".dbf", StringComparison.Ordinal))
                {
                    var header = System.Text.Encoding.ASCII.GetString(copy.ToArray(), 0, Math.Min(copy.ToArray().Length, 4096));
                    Assert.DoesNotContain("offenders", header, StringComparison.OrdinalIgnoreCase);
                }
            }
        }
        else
        {
            NoneOf(forbidden, bytes, $"the {format} export");
            if (caller == "latf-analyst")
            {
                Assert.DoesNotContain("offenders", System.Text.Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("admin", HttpStatusCode.Forbidden)]
    [InlineData("tz-analyst", HttpStatusCode.OK)]
    [InlineData("latf-analyst", HttpStatusCode.OK)]
    public async Task Ecomessage_exports_hold_no_nominal_value_outside_the_national_tier(string? caller, HttpStatusCode status)
    {
        var response = await server.Client(caller).GetAsync(Url("/api/exchange/export"));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var nominal = await server.Client(caller).GetAsync(Url("/api/exchange/export?nominal=true"));

        Assert.Equal(status, response.StatusCode);
        NoneOf(await ForbiddenAsync(caller), bytes, "the Ecomessage package");
        if (caller != "tz-analyst")
        {
            Assert.NotEqual(HttpStatusCode.OK, nominal.StatusCode);
        }
        else
        {
            NoneOf(await ForbiddenAsync(caller), await nominal.Content.ReadAsByteArrayAsync(), "the nominal Ecomessage package");
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("admin")]
    [InlineData("tz-analyst")]
    [InlineData("latf-analyst")]
    public async Task Analysis_collections_exist_only_for_national_and_regional_callers(string? caller)
    {
        var forbidden = await ForbiddenAsync(caller);
        foreach (var collection in AnalysisCollections.All)
        {
            var response = await server.Client(caller).GetAsync(Url($"/ogc/collections/{collection.Id}/items?limit=1000"));

            // The public tier sees only the public hotspot run (aggregated, small counts suppressed) of the analysis layers.
            var visible = caller is not (null or "admin") || collection.Id == AnalysisCollections.PublicHotspots.Id;
            Assert.Equal(visible ? HttpStatusCode.OK : HttpStatusCode.NotFound, response.StatusCode);
            NoneOf(forbidden, await response.Content.ReadAsByteArrayAsync(), collection.Id);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("admin")]
    [InlineData("tz-analyst")]
    [InlineData("latf-analyst")]
    public async Task Public_layers_are_the_same_aggregates_for_everyone(string? caller)
    {
        var forbidden = await server.NominalValuesAsync();
        foreach (var path in new[] { "/ogc/collections/public-country-stats/items?limit=10000", "/ogc/collections/public-hotspots/items?limit=10000", "/api/public/stats" })
        {
            var mine = await server.Client(caller).GetAsync(Url(path));
            var anonymous = await server.Client().GetAsync(Url(path));
            var body = await mine.Content.ReadAsByteArrayAsync();

            Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
            Assert.Equal(await anonymous.Content.ReadAsStringAsync(), System.Text.Encoding.UTF8.GetString(body));
            NoneOf(forbidden, body, path);
        }
    }

    [Fact]
    public async Task A_cached_case_tile_is_never_served_to_another_country_region_or_the_public()
    {
        var coord = WebMercator.TileAt(36.79, -2.55, 10);
        var kenya = await server.Client("ke-analyst").GetAsync(Url($"/tiles/cases/{coord}.mvt"));
        var kenyaBytes = await kenya.Content.ReadAsByteArrayAsync();
        var kenyaTile = await GdalTile.ReadAsync(kenyaBytes, coord.Z, coord.X, coord.Y);

        var tanzania = await server.Client("tz-analyst").GetAsync(Url($"/tiles/cases/{coord}.mvt"));
        var tanzaniaBytes = await tanzania.Content.ReadAsByteArrayAsync();
        var tanzaniaTile = tanzaniaBytes.Length == 0 ? new GdalTile("") : await GdalTile.ReadAsync(tanzaniaBytes, coord.Z, coord.X, coord.Y);
        var regional = await server.Client("latf-analyst").GetAsync(Url($"/tiles/cases/{coord}.mvt"));
        var regionalTile = await GdalTile.ReadAsync(await regional.Content.ReadAsByteArrayAsync(), coord.Z, coord.X, coord.Y);
        var anonymous = await server.Client().GetAsync(Url($"/tiles/cases/{coord}.mvt"));

        Assert.True(kenyaTile.FeatureCount > 0);
        Assert.All(kenyaTile.Values("country"), c => Assert.Equal("KE", c));
        Assert.All(tanzaniaTile.Values("country"), c => Assert.Equal("TZ", c));
        Assert.NotEqual(kenyaBytes, tanzaniaBytes);
        Assert.Equal(await server.ScalarAsync<long>(
            $"select count(*) from seizure_case c where {Shared} and c.geom && ST_Transform(ST_TileEnvelope({coord.Z}, {coord.X}, {coord.Y}), 4326)"),
            regionalTile.CaseCount);
        Assert.Equal(HttpStatusCode.NotFound, anonymous.StatusCode);
    }
}
