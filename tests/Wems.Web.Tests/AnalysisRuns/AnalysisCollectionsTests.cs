using System.Net;
using System.Text.Json;
using Wems.Gis.AnalysisRuns;
using Wems.Gis.Storage;
using Wems.Web.Tests.Support;

namespace Wems.Web.Tests.AnalysisRuns;

/// <summary>Stored analysis runs served as OGC API – Features collections, per tier.</summary>
public sealed class AnalysisCollectionsTests(WemsFactory factory) : IClassFixture<WemsFactory>
{
    private static readonly CallerScope Kenya = CallerScope.National("ke-analyst", "KE", "KWS");

    private static async Task<JsonElement> GetJsonAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    [Fact]
    public async Task A_national_analyst_gets_the_cells_of_the_newest_Kenyan_hotspot_run_with_their_bins()
    {
        // Cells of 1,000 km² (about 34 km across): demo cases cluster at ports, airports and border posts.
        await HotspotRun.RunAsync(factory.Database.DataSource, Kenya, null, "test");
        var run = await HotspotRun.RunAsync(factory.Database.DataSource, Kenya, new HotspotParameters { CellAreaKm2 = 1000 }, "test");

        var page = await GetJsonAsync(factory.BasicClient("ke-analyst"), "/ogc/collections/hotspots/items?limit=10000");

        var features = page.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(run.ResultRows, features.Count);
        Assert.Equal(run.ResultRows, page.GetProperty("numberMatched").GetInt32());
        Assert.All(features, f =>
        {
            var properties = f.GetProperty("properties");
            Assert.Equal(run.RunId, properties.GetProperty("run_id").GetInt64());
            Assert.InRange(properties.GetProperty("bin").GetInt32(), -3, 3);
            Assert.InRange(properties.GetProperty("bin_fdr").GetInt32(), -3, 3);
            Assert.Equal("Polygon", f.GetProperty("geometry").GetProperty("type").GetString());
        });
        Assert.Equal(run.InputCases, features.Sum(f => f.GetProperty("properties").GetProperty("count").GetInt32()));
        Assert.Contains(features, f => f.GetProperty("properties").GetProperty("bin_fdr").GetInt32() > 0);
    }

    [Fact]
    public async Task A_Tanzanian_analyst_does_not_get_the_cells_of_a_Kenyan_run()
    {
        await HotspotRun.RunAsync(factory.Database.DataSource, Kenya, null, "test");

        var page = await GetJsonAsync(factory.BasicClient("tz-analyst"), "/ogc/collections/hotspots/items");

        Assert.Equal(0, page.GetProperty("numberMatched").GetInt32());
    }

    [Fact]
    public async Task An_anonymous_caller_gets_only_the_public_hotspot_layer_and_never_a_national_run()
    {
        await HotspotRun.RunAsync(factory.Database.DataSource, Kenya, null, "test");
        var client = factory.CreateClient();

        var collections = await client.GetStringAsync(new Uri("/ogc/collections", UriKind.Relative));
        var items = await GetJsonAsync(client, "/ogc/collections/hotspots/items");
        var coverage = await client.GetAsync(new Uri("/ogc/collections/border-coverage/items", UriKind.Relative));

        Assert.Contains("Detection hotspots (public)", collections, StringComparison.Ordinal);
        Assert.DoesNotContain("\"id\":\"border-coverage\"", collections, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, coverage.StatusCode);
        // No public run in this database: the Kenyan national run's cells are not shown instead.
        Assert.Equal(0, items.GetProperty("numberMatched").GetInt32());
    }

    [Fact]
    public async Task A_national_analyst_gets_the_segments_and_gaps_of_the_newest_Kenyan_border_coverage_run()
    {
        var run = await BorderCoverageRun.RunAsync(factory.Database.DataSource, Kenya, null, "test");
        var client = factory.BasicClient("ke-analyst");

        var segments = await GetJsonAsync(client, "/ogc/collections/border-coverage/items?limit=10000");
        var gaps = await GetJsonAsync(client, "/ogc/collections/border-gaps/items?limit=10000");

        Assert.Equal(run.ResultRows, segments.GetProperty("numberMatched").GetInt32());
        Assert.All(segments.GetProperty("features").EnumerateArray(), f =>
        {
            var properties = f.GetProperty("properties");
            Assert.Contains("KE", new[] { properties.GetProperty("iso2_a").GetString(), properties.GetProperty("iso2_b").GetString() });
            Assert.InRange(properties.GetProperty("coverage_pct").GetDouble(), 0, 100.0001);
        });
        Assert.True(gaps.GetProperty("numberMatched").GetInt32() > 0);
    }
}
