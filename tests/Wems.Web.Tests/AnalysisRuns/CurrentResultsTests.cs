using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Wems.Web.Analyses;
using Wems.Web.Tests.Support;

namespace Wems.Web.Tests.AnalysisRuns;

/// <summary>
/// The standing "current" results and the public hotspot layer (own database: the refresh queues many runs that
/// would become the newest runs of other tests).
/// </summary>
public sealed class CurrentResultsTests(WemsFactory factory) : IClassFixture<WemsFactory>
{
    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task Current_results_are_queued_per_scope_and_the_public_hotspot_layer_suppresses_small_counts()
    {
        var current = factory.Services.GetRequiredService<CurrentResultsService>();

        var queued = await current.RefreshAsync(force: true);

        // Each country with cases and each region gets the five analyses.
        var scopes = await ScalarAsync<long>("""
            select (select count(distinct country) from seizure_case where deleted_at is null) + (select count(*) from region)
            """);
        Assert.Equal(scopes * 5, queued.Count);
        // Nothing changed since: a second refresh inside the interval queues nothing.
        Assert.Empty(await current.RefreshAsync(force: false));

        var anonymous = factory.CreateClient();
        var page = await JsonAsync(await anonymous.GetAsync(new Uri("/ogc/collections/hotspots/items?limit=10000", UriKind.Relative)));
        var cells = page.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties")).ToList();
        // The one public threshold (Public:MinCount, migration 0013), the same as the public statistics'.
        var threshold = await ScalarAsync<int>("select public_min_count()");
        Assert.NotEmpty(cells);
        Assert.All(cells, c =>
        {
            if (c.GetProperty("suppressed").GetBoolean())
            {
                Assert.Equal(JsonValueKind.Null, c.GetProperty("count").ValueKind);
            }
            else
            {
                var n = c.GetProperty("count").GetInt32();
                Assert.True(n == 0 || n >= threshold, $"count {n} shown below the threshold {threshold}");
            }
        });
        Assert.Contains(cells, c => c.GetProperty("suppressed").GetBoolean());
        var runId = cells[0].GetProperty("run_id").GetInt64();
        Assert.Equal("public", await ScalarAsync<string>($"select tier from analysis_run where id = {runId}"));
        Assert.Equal(await ScalarAsync<long>("select count(*) from seizure_case where deleted_at is null"),
            await ScalarAsync<int>($"select input_cases from analysis_run where id = {runId}"));
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var command = factory.Database.DataSource.CreateCommand(sql);
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync())!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }
}
