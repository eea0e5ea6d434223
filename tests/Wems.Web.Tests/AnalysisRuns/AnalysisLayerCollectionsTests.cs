using System.Net;
using System.Text.Json;
using Wems.Gis.AnalysisRuns;
using Wems.Gis.Storage;
using Wems.Web.Cli;
using Wems.Web.Tests.Support;

namespace Wems.Web.Tests.AnalysisRuns;

/// <summary>Corridor, country-role, density and emerging hot spot runs served as OGC API – Features collections.</summary>
public sealed class AnalysisLayerCollectionsTests(WemsFactory factory) : IClassFixture<WemsFactory>
{
    private static readonly CallerScope Kenya = CallerScope.National("ke-analyst", "KE", "KWS");

    private static async Task<JsonElement> GetJsonAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    private static List<JsonElement> Features(JsonElement page) => page.GetProperty("features").EnumerateArray().ToList();

    [Fact]
    public async Task A_national_analyst_gets_the_flows_and_country_roles_of_the_newest_Kenyan_corridors_run()
    {
        var run = await CorridorRun.RunAsync(factory.Database.DataSource, Kenya, null, "test");
        var client = factory.BasicClient("ke-analyst");

        var flows = await GetJsonAsync(client, "/ogc/collections/corridors/items?limit=10000");
        var roles = await GetJsonAsync(client, "/ogc/collections/country-roles/items?limit=10000");

        Assert.Equal(run.Run.ResultRows, flows.GetProperty("numberMatched").GetInt32());
        Assert.All(Features(flows), f =>
        {
            Assert.Equal(run.Run.RunId, f.GetProperty("properties").GetProperty("run_id").GetInt64());
            Assert.True(f.GetProperty("properties").GetProperty("cases").GetInt32() > 0);
            Assert.Equal("MultiLineString", f.GetProperty("geometry").GetProperty("type").GetString());
        });
        Assert.Equal(run.Countries, roles.GetProperty("numberMatched").GetInt32());
        var kenya = Assert.Single(Features(roles), f => f.GetProperty("properties").GetProperty("iso2").GetString() == "KE");
        Assert.Equal(run.Run.InputCases, kenya.GetProperty("properties").GetProperty("seizures_in").GetInt32());
        Assert.Equal("Point", kenya.GetProperty("geometry").GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_national_analyst_gets_the_contours_of_the_newest_Kenyan_density_run()
    {
        var run = await DensityRun.RunAsync(factory.Database.DataSource, Kenya, null, "test");

        var page = await GetJsonAsync(factory.BasicClient("ke-analyst"), "/ogc/collections/density-contours/items");

        Assert.Equal(run.ResultRows, page.GetProperty("numberMatched").GetInt32());
        Assert.All(Features(page), f => Assert.Equal("MultiPolygon", f.GetProperty("geometry").GetProperty("type").GetString()));
    }

    [Fact]
    public async Task A_national_analyst_gets_the_cells_of_the_newest_Kenyan_emerging_hotspot_run()
    {
        var run = await EmergingHotSpotRun.RunAsync(factory.Database.DataSource, Kenya, null, "test");

        var page = await GetJsonAsync(factory.BasicClient("ke-analyst"), "/ogc/collections/emerging-hotspots/items?limit=10000");

        Assert.Equal(run.ResultRows, page.GetProperty("numberMatched").GetInt32());
        Assert.All(Features(page), f => Assert.InRange(f.GetProperty("properties").GetProperty("pattern").GetInt32(), -8, 8));
        Assert.Equal(run.InputCases, Features(page).Sum(f => f.GetProperty("properties").GetProperty("cases").GetInt32()));
    }

    [Fact]
    public async Task A_Tanzanian_analyst_and_an_anonymous_caller_do_not_get_a_Kenyan_corridors_run()
    {
        await CorridorRun.RunAsync(factory.Database.DataSource, Kenya, null, "test");

        var tanzanian = await GetJsonAsync(factory.BasicClient("tz-analyst"), "/ogc/collections/corridors/items");
        var anonymous = await factory.CreateClient().GetAsync(new Uri("/ogc/collections/corridors/items", UriKind.Relative));

        Assert.Equal(0, tanzanian.GetProperty("numberMatched").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, anonymous.StatusCode);
    }

    [Theory]
    [InlineData("corridors", "corridors")]
    [InlineData("density", "density")]
    [InlineData("emerging-hotspots", "emerging-hotspots")]
    public async Task The_analyse_command_stores_a_run_for_a_country(string command, string kind)
    {
        const string newest = "select coalesce(max(id), 0) from analysis_run where kind = @kind and country = 'KE'";
        var before = await ScalarAsync(newest, kind);

        var exit = await AnalyseCommand.RunAsync(factory.Services, [command, "--country", "KE"]);

        Assert.Equal(0, exit);
        Assert.True(await ScalarAsync(newest, kind) > before);
    }

    private async Task<long> ScalarAsync(string sql, string kind)
    {
        await using var command = factory.Database.DataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("kind", kind);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
