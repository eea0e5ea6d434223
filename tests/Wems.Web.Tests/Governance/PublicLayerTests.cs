using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Wems.Gis.Features;
using Wems.Tiles;
using Wems.Web.Tests.Cases;
using Wems.Web.Tests.Tiers;
using Wems.Web.Tests.Tiles;

namespace Wems.Web.Tests.Governance;

/// <summary>The public aggregate layers: <c>public-country-stats</c> and <c>public-hotspots</c> through /ogc, and the public tile layer.</summary>
[Collection(TierServerGroup.Name)]
public sealed class PublicLayerTests(TierServer server)
{
    private static readonly HashSet<string> StatProperties = ["country", "year", "commodity_group", "cases", "kilograms"];
    private static readonly HashSet<string> HexProperties = ["cases", "kilograms"];

    // GDAL lists the MVT feature id (a number made of the cell's grid column and row) as mvt_id.
    private static readonly HashSet<string> HexTileFields = ["mvt_id", "cases", "kilograms"];

    // Hexagons of 25 km side in EPSG:3857: 3·√3/2·s² = 1,623,797,632 m² (planar, in the projection's own units).
    private const double HexArea3857 = 1_623_797_632.0;

    // The same cells computed another way: the full grid of ST_HexagonGrid over the eligible cases' extent, joined to the
    // cases (the view finds each case's cell one case at a time), with the same rules (closed or older than a year).
    private const string ReferenceCellsSql = """
        with eligible as (
            select ST_Transform(c.geom, 3857) p from seizure_case c
            where c.deleted_at is null and c.geom is not null and (c.status = 'closed' or c.event_date < current_date - 365)
        ), grid as (
            select g.i, g.j, g.geom from ST_HexagonGrid(25000, (select ST_Expand(ST_SetSRID(ST_Extent(p), 3857), 50000) from eligible)) g
        )
        select string_agg(i || ':' || j || '=' || n, ',' order by i, j) from (
            select g.i, g.j, count(*) n from grid g join eligible e on ST_Intersects(g.geom, e.p) group by g.i, g.j having count(*) >= @min
        ) x
        """;

    private static Uri Url(string path) => new(path, UriKind.Relative);

    private static async Task<List<JsonElement>> FeaturesAsync(HttpClient client, string collection)
    {
        var response = await client.GetAsync(Url($"/ogc/collections/{collection}/items?limit=10000"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.DoesNotContain(body.GetProperty("links").EnumerateArray(), l => l.GetProperty("rel").GetString() == "next");
        return body.GetProperty("features").EnumerateArray().ToList();
    }

    [Fact]
    public async Task An_anonymous_caller_sees_the_public_collections_and_no_case_or_scoped_analysis_collection()
    {
        var body = await (await server.Client().GetAsync(Url("/ogc/collections"))).JsonAsync();
        var ids = body.GetProperty("collections").EnumerateArray().Select(c => c.GetProperty("id").GetString()).ToList();

        Assert.Contains("public-country-stats", ids);
        Assert.Contains("public-hotspots", ids);
        Assert.DoesNotContain("cases", ids);
        // The one analysis layer of the public tier is the public (aggregated, suppressed) hotspot run.
        Assert.Contains("hotspots", ids);
        Assert.All(AnalysisCollections.All.Where(c => c.Id != "hotspots"), c => Assert.DoesNotContain(c.Id, ids));
    }

    [Fact]
    public async Task Country_stats_are_the_published_groups_of_the_public_statistics_with_aggregates_only()
    {
        var features = await FeaturesAsync(server.Client(), "public-country-stats");
        var stats = (await (await server.Client().GetAsync(Url("/api/public/stats?by=country,year,commodity"))).JsonAsync())
            .GetProperty("rows").EnumerateArray()
            .Select(r => $"{r.GetProperty("country").GetString()}/{r.GetProperty("year").GetInt32()}/{r.GetProperty("commodity_group").GetString()}={r.GetProperty("cases").GetInt64()}")
            .Order(StringComparer.Ordinal).ToList();
        var layer = features.Select(f => f.GetProperty("properties"))
            .Select(p => $"{p.GetProperty("country").GetString()}/{p.GetProperty("year").GetInt32()}/{p.GetProperty("commodity_group").GetString()}={p.GetProperty("cases").GetInt64()}")
            .Order(StringComparer.Ordinal).ToList();

        Assert.NotEmpty(features);
        Assert.Equal(stats, layer);
        Assert.All(features, f => Assert.Equal(StatProperties, f.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToHashSet()));
        Assert.All(features, f => Assert.True(f.GetProperty("properties").GetProperty("cases").GetInt64() >= 3));
        Assert.All(features, f => Assert.Equal("Point", f.GetProperty("geometry").GetProperty("type").GetString()));
    }

    [Fact]
    public async Task Public_hotspots_are_the_25_km_hexagons_of_at_least_three_cases_as_computed_independently()
    {
        var features = await FeaturesAsync(server.Client(), "public-hotspots");
        var expected = await server.ScalarAsync<string>(ReferenceCellsSql.Replace("@min", "3", StringComparison.Ordinal));
        var actual = string.Join(',', features
            .Select(f => (Id: f.GetProperty("id").GetString()!.Split(':').Select(int.Parse).ToArray(), Cases: f.GetProperty("properties").GetProperty("cases").GetInt64()))
            .OrderBy(c => c.Id[0]).ThenBy(c => c.Id[1])
            .Select(c => $"{c.Id[0]}:{c.Id[1]}={c.Cases}"));
        var areas = await server.ScalarAsync<double[]>("select array_agg(ST_Area(ST_Transform(geom, 3857))) from public_hex_cells");

        Assert.NotEmpty(features);
        Assert.Equal(expected, actual);
        Assert.All(features, f => Assert.Equal(HexProperties, f.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToHashSet()));
        Assert.All(areas, a => Assert.Equal(HexArea3857, a, HexArea3857 * 1e-6));
    }

    [Fact]
    public async Task The_threshold_is_configurable()
    {
        using var strict = server.Server.WithWebHostBuilder(b => b.UseSetting("Public:MinCount", "8"));
        try
        {
            var features = await FeaturesAsync(strict.CreateClient(), "public-hotspots");
            var expected = await server.ScalarAsync<string?>(ReferenceCellsSql.Replace("@min", "8", StringComparison.Ordinal)
                .Replace("select string_agg", "select coalesce(string_agg", StringComparison.Ordinal)
                .Replace("order by i, j)", "order by i, j), '')", StringComparison.Ordinal));
            var stats = await FeaturesAsync(strict.CreateClient(), "public-country-stats");

            Assert.Equal(expected!.Length == 0 ? 0 : expected.Split(',').Length, features.Count);
            Assert.All(features, f => Assert.True(f.GetProperty("properties").GetProperty("cases").GetInt64() >= 8));
            Assert.All(stats, f => Assert.True(f.GetProperty("properties").GetProperty("cases").GetInt64() >= 8));
        }
        finally
        {
            await server.ScalarAsync<int>("update public_setting set min_count = 3 returning 1");
        }
    }

    [Fact]
    public async Task The_public_hexagon_tiles_hold_cells_of_at_least_three_cases_with_counts_only_and_are_publicly_cacheable()
    {
        var coord = WebMercator.TileAt(37.5, 0.5, 5);
        var response = await server.Client().GetAsync(Url($"/tiles/public-hotspots/{coord}.mvt"));
        var tile = await GdalTile.ReadAsync(await response.Content.ReadAsByteArrayAsync(), coord.Z, coord.X, coord.Y);
        var tileJson = await server.Client().GetAsync(Url("/tiles/public-hotspots.json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(tile.FeatureCount > 0);
        Assert.Subset(HexTileFields, tile.FieldNames().ToHashSet());
        Assert.All(tile.Values("cases"), c => Assert.True(int.Parse(c, System.Globalization.CultureInfo.InvariantCulture) >= 3));
        Assert.True(response.Headers.CacheControl is { Public: true });
        Assert.Equal(HttpStatusCode.OK, tileJson.StatusCode);
    }
}
