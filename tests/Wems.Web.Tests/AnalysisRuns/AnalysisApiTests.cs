using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Wems.Web.Analyses;
using Wems.Web.Tests.Support;

namespace Wems.Web.Tests.AnalysisRuns;

/// <summary><c>/api/analyses</c>: requesting analyses (202 + Location), the background run, status and tier rules.</summary>
public sealed class AnalysisApiTests(WemsFactory factory) : IClassFixture<WemsFactory>
{
    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    /// <summary>Polls the job until it ends (the worker runs it in the background).</summary>
    internal static async Task<JsonElement> WaitAsync(HttpClient client, Uri location)
    {
        for (var i = 0; i < 600; i++)
        {
            var job = await JsonAsync(await client.GetAsync(location));
            if (job.GetProperty("status").GetString() is "succeeded" or "failed")
            {
                return job;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{location} did not finish in 120 s.");
    }

    [Fact]
    public async Task An_analyst_requests_a_hotspot_run_and_gets_it_with_progress_data_version_and_collection_links()
    {
        var client = factory.BasicClient("ke-analyst");

        var response = await client.PostAsJsonAsync(new Uri("/api/analyses/hotspots", UriKind.Relative), new { cellKm2 = 1000, from = "2000-01-01" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var location = response.Headers.Location!;
        var queued = await JsonAsync(response);
        Assert.Equal($"/api/analyses/{queued.GetProperty("id").GetGuid()}", location.OriginalString);
        Assert.Equal("hotspots", queued.GetProperty("kind").GetString());
        Assert.Equal("1000", queued.GetProperty("parameters").GetProperty("cell-km2").GetString());

        var job = await WaitAsync(client, location);
        Assert.Equal("succeeded", job.GetProperty("status").GetString());
        Assert.Equal(1, job.GetProperty("progress").GetDouble());
        Assert.Equal("national", job.GetProperty("tier").GetString());
        Assert.Equal("KE", job.GetProperty("country").GetString());
        Assert.Equal(64, job.GetProperty("dataVersion").GetString()!.Length);
        var runId = job.GetProperty("runId").GetInt64();
        var items = job.GetProperty("links").EnumerateArray().Single(l => l.GetProperty("rel").GetString() == "items").GetProperty("href").GetString()!;
        Assert.Equal("/ogc/collections/hotspots/items", items);
        var cells = await JsonAsync(await client.GetAsync(new Uri(items + "?limit=10000", UriKind.Relative)));
        var features = cells.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(job.GetProperty("resultRows").GetInt32(), features.Count);
        Assert.All(features, f => Assert.Equal(runId, f.GetProperty("properties").GetProperty("run_id").GetInt64()));
        Assert.Equal(job.GetProperty("inputCases").GetInt32(), features.Sum(f => f.GetProperty("properties").GetProperty("count").GetInt32()));
    }

    [Theory]
    [InlineData("hotspots", """{"cellKm2": -5}""", "cell-km2")]
    [InlineData("hotspots", """{"band_km": "wide"}""", "band-km")]
    [InlineData("hotspots", """{"radiusKm": 10}""", "radius-km")]
    [InlineData("hotspots", """{"weights": "queen"}""", "weights")]
    [InlineData("hotspots", """{"weights": "knn", "k": 0}""", "k")]
    [InlineData("hotspots", """{"weights": "band", "power": 2}""", "power")]
    [InlineData("density", """{"from": "2020-13-01"}""", "from")]
    [InlineData("border", """{"from": "2021-01-01", "to": "2020-01-01"}""", "to")]
    [InlineData("corridors", """{"period": "week"}""", "period")]
    [InlineData("emerging", """{"step": "day"}""", "step")]
    [InlineData("trends", "{}", "kind")]
    [InlineData("hotspots", "[1, 2]", "body")]
    public async Task A_bad_parameter_is_a_400_naming_the_field_and_the_reason(string kind, string body, string field)
    {
        var client = factory.BasicClient("ke-analyst");

        var response = await client.PostAsync(new Uri($"/api/analyses/{kind}", UriKind.Relative),
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await JsonAsync(response);
        Assert.Equal(field, problem.GetProperty("parameter").GetString());
        Assert.StartsWith(field + ": ", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Officers_may_read_but_not_run_analyses_and_other_countries_and_anonymous_callers_see_none()
    {
        var analyst = factory.BasicClient("ke-analyst");
        var response = await analyst.PostAsJsonAsync(new Uri("/api/analyses/density", UriKind.Relative), new { radiusKm = 50 });
        var location = response.Headers.Location!;
        var id = (await JsonAsync(response)).GetProperty("id").GetGuid();
        await WaitAsync(analyst, location);

        var officer = factory.BasicClient("ke-officer");
        Assert.Equal(HttpStatusCode.Forbidden,
            (await officer.PostAsJsonAsync(new Uri("/api/analyses/density", UriKind.Relative), new { })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync(location)).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await factory.BasicClient("tz-analyst").GetAsync(location)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await factory.CreateClient().GetAsync(location)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await factory.CreateClient().PostAsJsonAsync(new Uri("/api/analyses/density", UriKind.Relative), new { })).StatusCode);

        var kenyan = await JsonAsync(await officer.GetAsync(new Uri("/api/analyses?kind=density", UriKind.Relative)));
        Assert.Contains(kenyan.GetProperty("items").EnumerateArray(), j => j.GetProperty("id").GetGuid() == id);
        var tanzanian = await JsonAsync(await factory.BasicClient("tz-analyst").GetAsync(new Uri("/api/analyses", UriKind.Relative)));
        Assert.DoesNotContain(tanzanian.GetProperty("items").EnumerateArray(), j => j.GetProperty("country").GetString() == "KE");
        var anonymous = await JsonAsync(await factory.CreateClient().GetAsync(new Uri("/api/analyses", UriKind.Relative)));
        Assert.All(anonymous.GetProperty("items").EnumerateArray(), j => Assert.Equal("public", j.GetProperty("tier").GetString()));
    }

    [Fact]
    public async Task A_regional_analyst_runs_border_coverage_over_the_shared_cases_only()
    {
        var client = factory.BasicClient("latf-analyst");

        var response = await client.PostAsJsonAsync(new Uri("/api/analyses/border", UriKind.Relative), new { segmentKm = 25 });
        var job = await WaitAsync(client, response.Headers.Location!);

        Assert.Equal("succeeded", job.GetProperty("status").GetString());
        Assert.Equal("regional", job.GetProperty("tier").GetString());
        // The regional tier reads the shared (transboundary) cases of the region's members only.
        var shared = await ScalarAsync<long>("""
            select count(*) from seizure_case where deleted_at is null and transboundary
              and country in (select country from region_member where region_code = 'LATF')
            """);
        Assert.Equal(shared, job.GetProperty("inputCases").GetInt32());
        Assert.Contains(job.GetProperty("links").EnumerateArray(), l => l.GetProperty("href").GetString() == "/ogc/collections/border-gaps/items");
    }

    [Fact]
    public async Task A_run_that_cannot_be_computed_ends_failed_with_the_reason()
    {
        var client = factory.BasicClient("ke-analyst");

        // No case is dated in 1900: no density can be computed.
        var response = await client.PostAsJsonAsync(new Uri("/api/analyses/density", UriKind.Relative), new { from = "1900-01-01", to = "1900-12-31" });
        var job = await WaitAsync(client, response.Headers.Location!);

        Assert.Equal("failed", job.GetProperty("status").GetString());
        Assert.Contains("no cases", job.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var command = factory.Database.DataSource.CreateCommand(sql);
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync())!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }
}
