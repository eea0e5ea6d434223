using System.Net;
using System.Text.Json;
using Wems.Web.Tests.Support;

namespace Wems.Web.Tests.OgcFeatures;

/// <summary>The cases collection through OGC API – Features, as each tier sees it.</summary>
public sealed class CaseTierTests(WemsFactory factory) : IClassFixture<WemsFactory>
{
    private static readonly string[] NominalProperties = ["offenders", "conveyances"];
    private static readonly string[] LatfMembers = ["KE", "TZ", "UG", "CG"];

    private static async Task<List<JsonElement>> AllFeaturesAsync(HttpClient client)
    {
        var features = new List<JsonElement>();
        var url = new Uri("/ogc/collections/cases/items?limit=500", UriKind.Relative);
        while (true)
        {
            var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            features.AddRange(page.GetProperty("features").EnumerateArray());
            var next = page.GetProperty("links").EnumerateArray().FirstOrDefault(l => l.GetProperty("rel").GetString() == "next");
            if (next.ValueKind == JsonValueKind.Undefined)
            {
                return features;
            }

            url = new Uri(next.GetProperty("href").GetString()!);
        }
    }

    [Fact]
    public async Task An_anonymous_caller_has_no_cases_collection()
    {
        var client = factory.CreateClient();

        var collections = await client.GetStringAsync(new Uri("/ogc/collections", UriKind.Relative));
        var items = await client.GetAsync(new Uri("/ogc/collections/cases/items", UriKind.Relative));

        Assert.DoesNotContain("\"id\":\"cases\"", collections, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, items.StatusCode);
    }

    [Fact]
    public async Task A_national_analyst_gets_every_case_of_its_country_with_nominal_fields_and_no_other()
    {
        var features = await AllFeaturesAsync(factory.BasicClient("ke-analyst"));

        await using var command = factory.Database.DataSource.CreateCommand("select count(*) from seizure_case where country = 'KE'");
        Assert.Equal((long)(await command.ExecuteScalarAsync())!, features.Count);
        Assert.All(features, f => Assert.Equal("KE", f.GetProperty("properties").GetProperty("country").GetString()));
        Assert.Contains(features, f => f.GetProperty("properties").GetProperty("offenders").ValueKind == JsonValueKind.String);
    }

    [Fact]
    public async Task A_regional_analyst_gets_exactly_the_shared_cases_of_the_member_countries_without_nominal_fields()
    {
        var features = await AllFeaturesAsync(factory.BasicClient("latf-analyst"));

        await using var command = factory.Database.DataSource.CreateCommand(
            "select count(*) from seizure_case where transboundary and country in ('KE', 'TZ', 'UG', 'CG')");
        Assert.Equal((long)(await command.ExecuteScalarAsync())!, features.Count);
        Assert.All(features, f =>
        {
            var properties = f.GetProperty("properties");
            Assert.True(properties.GetProperty("transboundary").GetBoolean());
            Assert.Contains(properties.GetProperty("country").GetString(), LatfMembers);
            Assert.All(NominalProperties, name => Assert.False(properties.TryGetProperty(name, out _), $"{name} leaked"));
        });
    }

    [Fact]
    public async Task A_national_analyst_cannot_read_another_countrys_case_by_id()
    {
        await using var command = factory.Database.DataSource.CreateCommand("select id::text from seizure_case where country = 'TZ' limit 1");
        var tanzanian = (string)(await command.ExecuteScalarAsync())!;

        var response = await factory.BasicClient("ke-analyst").GetAsync(new Uri($"/ogc/collections/cases/items/{tanzanian}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task The_regional_schema_has_no_nominal_property()
    {
        var schema = await factory.BasicClient("latf-analyst").GetStringAsync(new Uri("/ogc/collections/cases/schema", UriKind.Relative));

        Assert.All(NominalProperties, name => Assert.DoesNotContain($"\"{name}\"", schema, StringComparison.Ordinal));
    }
}
