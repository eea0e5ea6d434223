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

    [Theory]
    [InlineData("text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8", "text/html")]
    [InlineData("application/geo+json;q=0.5, text/html;q=0.9", "text/html")]
    [InlineData("text/html;q=0.1, application/json", "application/geo+json")]
    [InlineData("text/html;q=0, */*", "application/geo+json")]
    [InlineData("*/*", "application/geo+json")]
    [InlineData("text/*", "text/html")]
    [InlineData("image/png", "application/geo+json")]
    [InlineData("text/csv", "text/csv")]
    [InlineData("application/geopackage+sqlite3;q=0.9, application/geo+json;q=0.2", "application/geopackage+sqlite3")]
    public async Task Accept_negotiation_follows_the_quality_values(string accept, string expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/ogc/collections/ports/items?limit=2", UriKind.Relative));
        request.Headers.TryAddWithoutValidation("Accept", accept);

        var response = await factory.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/ogc?colour=red", "colour")]
    [InlineData("/ogc/conformance?limit=3", "limit")]
    [InlineData("/ogc/collections?bbox=0,0,1,1", "bbox")]
    [InlineData("/ogc/collections/ports?limit=3", "limit")]
    [InlineData("/ogc/collections/ports/queryables?filter=x", "filter")]
    [InlineData("/ogc/collections/ports/schema?crs=x", "crs")]
    [InlineData("/ogc/collections/airports/items/1?bbox=0,0,1,1", "bbox")]
    [InlineData("/ogc/collections/ports/items?bbox=0,0,1,1&bbox=0,0,2,2", "bbox")]
    [InlineData("/ogc/collections/ports/items?crs=http://www.opengis.net/def/crs/EPSG/0/99999", "crs")]
    [InlineData("/ogc/collections/ports/items?bbox=0,0,1,1&bbox-crs=EPSG:xyz", "bbox-crs")]
    [InlineData("/ogc/collections/ports/items?filter=name%20%3D", "filter")]
    [InlineData("/ogc/collections/ports/items?filter=colour%20%3D%20%27red%27", "filter")]
    [InlineData("/ogc/collections/ports/items?filter=name%3D%27x%27&filter-lang=sql", "filter-lang")]
    [InlineData("/ogc/collections/ports/items?sortby=colour", "sortby")]
    [InlineData("/ogc/collections/ports/items?properties=colour", "properties")]
    [InlineData("/ogc/collections/ports/items?datetime=2020-13-01", "datetime")]
    [InlineData("/ogc/collections/ports/items?bbox=-190,0,10,10", "bbox")]
    [InlineData("/ogc/collections/ports/items?limit=-5", "limit")]
    [InlineData("/ogc/collections/ports/items/1?f=csv", "f")]
    public async Task Every_bad_parameter_of_every_resource_is_a_400_with_the_OGC_code(string url, string parameter)
    {
        var response = await factory.CreateClient().GetAsync(new Uri(url, UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("InvalidParameterValue", problem.GetProperty("code").GetString());
        Assert.Equal(parameter, problem.GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task A_limit_with_more_digits_than_any_integer_is_clamped_too()
    {
        var items = await GetJsonAsync("/ogc/collections/ports/items?limit=123456789012345678901234567890");

        Assert.Equal(items.GetProperty("numberMatched").GetInt64(), items.GetProperty("numberReturned").GetInt64());
    }

    [Fact]
    public async Task An_antimeridian_crossing_bbox_returns_the_features_on_both_sides_and_none_between()
    {
        var items = await GetJsonAsync("/ogc/collections/countries/items?bbox=170,40,-170,70&limit=50");
        var ids = items.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetString()).ToList();

        // 170 E to 170 W across the antimeridian, 40-70 N: Russia (Chukotka) and the United States (Aleutians, Alaska)
        // are the only countries whose bounding boxes meet it in data/countries-*.geojson. Read as 170 W to 170 E
        // instead, the box would take in Canada, China, Kazakhstan, France and the rest of the band.
        Assert.Equal(["RU", "US"], ids.Order(StringComparer.Ordinal));
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

/// <summary>The HTML pages' maps: the container, the static script and the features as an inert GeoJSON data block.</summary>
public sealed partial class OgcHtmlMapTests(WemsFactory factory) : IClassFixture<WemsFactory>
{
    private async Task<string> GetHtmlAsync(string url)
    {
        var response = await factory.CreateClient().GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The map data block of <paramref name="html"/>, parsed.</summary>
    private static JsonElement MapData(string html)
    {
        var match = DataBlock().Match(html);
        Assert.True(match.Success, "no map data block");
        return JsonDocument.Parse(match.Groups[1].Value).RootElement;
    }

    [System.Text.RegularExpressions.GeneratedRegex("<script type=\"application/geo\\+json\" id=\"ogc-map-data\">(.*?)</script>",
        System.Text.RegularExpressions.RegexOptions.Singleline)]
    private static partial System.Text.RegularExpressions.Regex DataBlock();

    [System.Text.RegularExpressions.GeneratedRegex("<script(?<attributes>[^>]*)>(?<body>.*?)</script>", System.Text.RegularExpressions.RegexOptions.Singleline)]
    private static partial System.Text.RegularExpressions.Regex Scripts();

    [Fact]
    public async Task The_items_page_has_a_map_of_exactly_its_features()
    {
        var html = await GetHtmlAsync("/ogc/collections/border-posts/items?f=html&limit=7");
        var json = await factory.CreateClient().GetStringAsync(new Uri("/ogc/collections/border-posts/items?f=json&limit=7", UriKind.Relative));
        var expected = JsonDocument.Parse(json).RootElement.GetProperty("features").EnumerateArray().ToList();

        var data = MapData(html);
        var features = data.GetProperty("features").EnumerateArray().ToList();

        Assert.Contains("<div id=\"ogc-map\"", html, StringComparison.Ordinal);
        Assert.Contains("<script type=\"module\" src=\"/ogc-map.js\"></script>", html, StringComparison.Ordinal);
        Assert.Contains("/lib/maplibre-gl/maplibre-gl.css", html, StringComparison.Ordinal);
        Assert.Equal(7, features.Count);
        Assert.Equal(expected.Select(f => f.GetProperty("id").ToString()), features.Select(f => f.GetProperty("id").GetString()));
        Assert.Equal(expected.Select(f => f.GetProperty("geometry").GetRawText()), features.Select(f => f.GetProperty("geometry").GetRawText()));
    }

    [Fact]
    public async Task The_item_page_maps_its_feature_and_the_collection_page_its_extent()
    {
        var item = await GetHtmlAsync("/ogc/collections/countries/items/KE?f=html");
        var collectionJson = JsonDocument.Parse(await factory.CreateClient().GetStringAsync(new Uri("/ogc/collections/countries?f=json", UriKind.Relative))).RootElement;
        var collection = await GetHtmlAsync("/ogc/collections/countries?f=html");

        var kenya = Assert.Single(MapData(item).GetProperty("features").EnumerateArray());
        Assert.Equal("KE", kenya.GetProperty("id").GetString());
        Assert.Equal("MultiPolygon", kenya.GetProperty("geometry").GetProperty("type").GetString());

        var extent = Assert.Single(MapData(collection).GetProperty("features").EnumerateArray());
        var bbox = collectionJson.GetProperty("extent").GetProperty("spatial").GetProperty("bbox")[0].EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var ring = extent.GetProperty("geometry").GetProperty("coordinates")[0].EnumerateArray()
            .Select(p => (X: p[0].GetDouble(), Y: p[1].GetDouble())).ToList();
        Assert.Equal(5, ring.Count);
        Assert.Equal(bbox[0], ring.Min(p => p.X));
        Assert.Equal(bbox[1], ring.Min(p => p.Y));
        Assert.Equal(bbox[2], ring.Max(p => p.X));
        Assert.Equal(bbox[3], ring.Max(p => p.Y));
    }

    [Fact]
    public async Task No_page_inlines_a_script_the_content_security_policy_would_block()
    {
        var response = await factory.CreateClient().GetAsync(new Uri("/ogc/collections/ports/items?f=html", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        var scripts = Scripts().Matches(html);
        Assert.Equal(2, scripts.Count);
        Assert.All(scripts, s => Assert.True(
            s.Groups["attributes"].Value.Contains("src=", StringComparison.Ordinal) && s.Groups["body"].Value.Length == 0
            || s.Groups["attributes"].Value.Contains("type=\"application/geo+json\"", StringComparison.Ordinal),
            $"an executable inline script: {s.Value[..Math.Min(80, s.Value.Length)]}"));
    }

    [Fact]
    public async Task The_data_block_of_a_whole_collection_holds_every_feature_and_no_markup_character()
    {
        var html = await GetHtmlAsync("/ogc/collections/countries/items?f=html&limit=300");
        var json = JsonDocument.Parse(await factory.CreateClient().GetStringAsync(
            new Uri("/ogc/collections/countries/items?f=json&limit=300", UriKind.Relative))).RootElement;

        var block = DataBlock().Match(html).Groups[1].Value;
        Assert.DoesNotContain('<', block);
        Assert.Equal(json.GetProperty("numberReturned").GetInt32(), MapData(html).GetProperty("features").GetArrayLength());
    }

    [Fact]
    public async Task Items_in_another_crs_get_no_map_rather_than_a_wrong_one()
    {
        var html = await GetHtmlAsync("/ogc/collections/ports/items?f=html&crs=http://www.opengis.net/def/crs/EPSG/0/3857");

        Assert.DoesNotContain("ogc-map-data", html, StringComparison.Ordinal);
    }
}
