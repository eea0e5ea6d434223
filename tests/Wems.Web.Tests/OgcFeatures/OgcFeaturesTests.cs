using System.Net;
using System.Text.Json;
using Wems.Web.Tests.Support;

namespace Wems.Web.Tests.OgcFeatures;

public sealed class OgcFeaturesTests(WemsFactory factory) : IClassFixture<WemsFactory>
{
    private async Task<JsonElement> GetJsonAsync(string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await factory.CreateClient().GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(expected, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    private static IEnumerable<string> Rels(JsonElement document) =>
        document.GetProperty("links").EnumerateArray().Select(l => l.GetProperty("rel").GetString()!);

    [Fact]
    public async Task The_landing_page_links_the_api_definition_conformance_and_data()
    {
        var landing = await GetJsonAsync("/ogc");

        Assert.Superset(new HashSet<string> { "self", "alternate", "service-desc", "service-doc", "conformance", "data" }, Rels(landing).ToHashSet());
    }

    [Fact]
    public async Task Conformance_declares_core_and_geojson()
    {
        var conformance = await GetJsonAsync("/ogc/conformance");

        var classes = conformance.GetProperty("conformsTo").EnumerateArray().Select(c => c.GetString()).ToList();
        Assert.Contains("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core", classes);
        Assert.Contains("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson", classes);
    }

    [Fact]
    public async Task Collections_list_the_reference_layers_with_their_extent()
    {
        var collections = await GetJsonAsync("/ogc/collections");

        var byId = collections.GetProperty("collections").EnumerateArray().ToDictionary(c => c.GetProperty("id").GetString()!);
        Assert.Superset(new HashSet<string> { "countries", "borders", "border-posts", "ports", "airports", "protected-areas" }, byId.Keys.ToHashSet());
        var bbox = byId["airports"].GetProperty("extent").GetProperty("spatial").GetProperty("bbox")[0];
        Assert.InRange(bbox[0].GetDouble(), -20, 40);
    }

    [Fact]
    public async Task Following_next_links_returns_every_feature_once()
    {
        var first = await GetJsonAsync("/ogc/collections/airports/items?limit=4");
        var matched = first.GetProperty("numberMatched").GetInt64();
        var ids = new List<long>();
        var page = first;
        var client = factory.CreateClient();
        while (true)
        {
            ids.AddRange(page.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetInt64()));
            var next = page.GetProperty("links").EnumerateArray().FirstOrDefault(l => l.GetProperty("rel").GetString() == "next");
            if (next.ValueKind == JsonValueKind.Undefined)
            {
                break;
            }

            page = JsonDocument.Parse(await client.GetStringAsync(new Uri(next.GetProperty("href").GetString()!))).RootElement;
        }

        Assert.True(matched > 10);
        Assert.Equal(matched, ids.Count);
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public async Task A_bbox_around_Kenya_returns_only_border_posts_inside_it()
    {
        var items = await GetJsonAsync("/ogc/collections/border-posts/items?bbox=33.9,-4.7,41.9,5.0&limit=1000");

        var features = items.GetProperty("features").EnumerateArray().ToList();
        Assert.NotEmpty(features);
        Assert.All(features, f =>
        {
            var c = f.GetProperty("geometry").GetProperty("coordinates");
            Assert.InRange(c[0].GetDouble(), 33.9, 41.9);
            Assert.InRange(c[1].GetDouble(), -4.7, 5.0);
        });
        Assert.Equal(features.Count, items.GetProperty("numberReturned").GetInt32());
    }

    [Fact]
    public async Task An_antimeridian_crossing_bbox_is_accepted()
    {
        var items = await GetJsonAsync("/ogc/collections/countries/items?bbox=170,-20,-170,-10&limit=50");

        Assert.Contains(items.GetProperty("features").EnumerateArray(), f => f.GetProperty("id").GetString() == "FJ");
    }

    [Fact]
    public async Task Items_are_geojson_with_the_geojson_media_type()
    {
        var response = await factory.CreateClient().GetAsync(new Uri("/ogc/collections/ports/items?limit=2", UriKind.Relative));

        Assert.Equal("application/geo+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_limit_over_the_maximum_is_clamped_not_refused()
    {
        var items = await GetJsonAsync("/ogc/collections/cities/items?limit=99999999999");

        Assert.Equal(items.GetProperty("numberMatched").GetInt64(), items.GetProperty("numberReturned").GetInt64());
    }

    [Theory]
    [InlineData("/ogc/collections/ports/items?bbox=1,2,3", "bbox")]
    [InlineData("/ogc/collections/ports/items?bbox=a,b,c,d", "bbox")]
    [InlineData("/ogc/collections/ports/items?bbox=0,10,1,5", "bbox")]
    [InlineData("/ogc/collections/ports/items?limit=0", "limit")]
    [InlineData("/ogc/collections/ports/items?limit=ten", "limit")]
    [InlineData("/ogc/collections/ports/items?datetime=yesterday", "datetime")]
    [InlineData("/ogc/collections/ports/items?datetime=../..", "datetime")]
    [InlineData("/ogc/collections/ports/items?cursor=%%%", "cursor")]
    [InlineData("/ogc/collections/ports/items?colour=red", "colour")]
    [InlineData("/ogc/collections/ports/items?f=xml", "f")]
    public async Task A_bad_parameter_is_a_400_naming_it_with_the_OGC_code(string url, string parameter)
    {
        var problem = await GetJsonAsync(url, HttpStatusCode.BadRequest);

        Assert.Equal("InvalidParameterValue", problem.GetProperty("code").GetString());
        Assert.Equal(parameter, problem.GetProperty("parameter").GetString());
    }

    [Theory]
    [InlineData("/ogc/collections/no-such-layer")]
    [InlineData("/ogc/collections/no-such-layer/items")]
    [InlineData("/ogc/collections/airports/items/999999999")]
    [InlineData("/ogc/collections/airports/items/not-a-number")]
    public async Task An_unknown_collection_or_feature_is_a_404(string url)
    {
        var problem = await GetJsonAsync(url, HttpStatusCode.NotFound);

        Assert.Equal("NotFound", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_single_feature_reads_back_by_its_id()
    {
        var kenya = await GetJsonAsync("/ogc/collections/countries/items/KE");

        Assert.Equal("Kenya", kenya.GetProperty("properties").GetProperty("name_en").GetString());
        Assert.Equal("MultiPolygon", kenya.GetProperty("geometry").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Queryables_list_each_property_with_its_type()
    {
        var queryables = await GetJsonAsync("/ogc/collections/borders/queryables");

        Assert.Equal("number", queryables.GetProperty("properties").GetProperty("length_km").GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_browser_gets_an_html_page_with_the_encoded_names()
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html");

        var html = await client.GetStringAsync(new Uri("/ogc/collections/countries/items?limit=300", UriKind.Relative));

        Assert.Contains("<h1>Countries", html, StringComparison.Ordinal);
        Assert.Contains("Cote d&#39;Ivoire", html, StringComparison.Ordinal);
    }
}

public sealed class OgcProjectionAndCachingTests(WemsFactory factory) : IClassFixture<WemsFactory>
{
    [Fact]
    public async Task Properties_limits_each_feature_to_the_named_properties()
    {
        var page = JsonDocument.Parse(await factory.CreateClient().GetStringAsync(
            new Uri("/ogc/collections/airports/items?limit=3&properties=code,name", UriKind.Relative))).RootElement;

        Assert.All(page.GetProperty("features").EnumerateArray(), f =>
            Assert.Equal(["code", "name"], f.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToArray()));
    }

    [Fact]
    public async Task An_unknown_property_name_is_a_400()
    {
        var response = await factory.CreateClient().GetAsync(new Uri("/ogc/collections/airports/items?properties=code,secret", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'secret' is not a property", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_regional_user_cannot_project_a_nominal_property_into_cases()
    {
        var response = await factory.BasicClient("latf-analyst").GetAsync(new Uri("/ogc/collections/cases/items?properties=offenders", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Revalidating_with_the_ETag_gives_304_and_a_changed_query_a_new_body()
    {
        var client = factory.CreateClient();
        var first = await client.GetAsync(new Uri("/ogc/collections/ports/items?limit=5", UriKind.Relative));
        var etag = first.Headers.ETag!;

        using var revalidate = new HttpRequestMessage(HttpMethod.Get, new Uri("/ogc/collections/ports/items?limit=5", UriKind.Relative));
        revalidate.Headers.IfNoneMatch.Add(etag);
        var second = await client.SendAsync(revalidate);
        var other = await client.GetAsync(new Uri("/ogc/collections/ports/items?limit=6", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.NotEqual(etag, other.Headers.ETag);
    }
}
