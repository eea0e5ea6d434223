using System.Net;
using System.Text.Json;
using Wems.Web.Tests.Support;

namespace Wems.Web.Tests.OgcFeatures;

/// <summary>OGC API – Features Part 3: CQL2 filters on items, end to end against PostGIS.</summary>
public sealed class FilterTests(WemsFactory factory) : IClassFixture<WemsFactory>
{
    private async Task<List<JsonElement>> FeaturesAsync(string collection, string query, HttpClient? client = null)
    {
        var response = await (client ?? factory.CreateClient()).GetAsync(new Uri($"/ogc/collections/{collection}/items?limit=10000&{query}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("features").EnumerateArray().ToList();
    }

    private static string Q(string filter) => "filter=" + Uri.EscapeDataString(filter);

    [Fact]
    public async Task A_text_comparison_filter_keeps_only_matching_features()
    {
        var posts = await FeaturesAsync("border-posts", Q("country = 'KE' AND neighbour = 'TZ'"));

        Assert.NotEmpty(posts);
        Assert.All(posts, p => Assert.Equal(("KE", "TZ"),
            (p.GetProperty("properties").GetProperty("country").GetString(), p.GetProperty("properties").GetProperty("neighbour").GetString())));
    }

    [Fact]
    public async Task The_json_encoding_selects_the_same_features_as_the_text_one()
    {
        var text = await FeaturesAsync("airports", Q("country IN ('KE', 'TZ')"));
        var json = await FeaturesAsync("airports",
            Q("""{"op":"in","args":[{"property":"country"},["KE","TZ"]]}""") + "&filter-lang=cql2-json");

        Assert.Equal(text.Select(f => f.GetProperty("id").GetInt64()), json.Select(f => f.GetProperty("id").GetInt64()));
        Assert.NotEmpty(text);
    }

    [Fact]
    public async Task A_spatial_filter_with_a_polygon_finds_the_airports_inside_it()
    {
        var inKenya = await FeaturesAsync("airports", Q("S_INTERSECTS(geometry, POLYGON((33.9 -4.7, 41.9 -4.7, 41.9 5.0, 33.9 5.0, 33.9 -4.7)))"));

        Assert.Contains(inKenya, f => f.GetProperty("properties").GetProperty("code").GetString() == "NBO");
        Assert.DoesNotContain(inKenya, f => f.GetProperty("properties").GetProperty("code").GetString() == "DAR");
    }

    [Fact]
    public async Task A_like_and_a_between_filter_work_on_the_borders()
    {
        var borders = await FeaturesAsync("borders", Q("iso2_a LIKE 'K%' AND length_km BETWEEN 700 AND 800"));

        Assert.Contains(borders, b => b.GetProperty("id").GetString() == "KE-TZ");
        Assert.All(borders, b => Assert.InRange(b.GetProperty("properties").GetProperty("length_km").GetDouble(), 700, 800));
    }

    [Fact]
    public async Task A_temporal_filter_on_the_case_date_keeps_the_cases_after_it()
    {
        var cases = await FeaturesAsync("cases", Q("T_AFTER(date, DATE('2022-12-31'))"), factory.BasicClient("ke-analyst"));

        Assert.NotEmpty(cases);
        Assert.All(cases, c => Assert.True(string.CompareOrdinal(c.GetProperty("properties").GetProperty("date").GetString(), "2023-01-01") >= 0));
    }

    [Theory]
    [InlineData("country = ", "filter")]
    [InlineData("colour = 'red'", "filter")]
    [InlineData("country = 3", "filter")]
    [InlineData("\"a; drop table site\" = 1", "filter")]
    public async Task A_bad_filter_is_a_400_saying_why(string filter, string parameter)
    {
        var response = await factory.CreateClient().GetAsync(new Uri($"/ogc/collections/border-posts/items?{Q(filter)}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(parameter, problem.GetProperty("parameter").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task An_unsupported_filter_language_is_a_400()
    {
        var response = await factory.CreateClient().GetAsync(new Uri($"/ogc/collections/ports/items?{Q("x = 1")}&filter-lang=sql", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_quoted_injection_attempt_is_only_a_string_that_matches_nothing()
    {
        var posts = await FeaturesAsync("border-posts", Q("name = 'x'' OR 1=1 --'"));

        Assert.Empty(posts);
    }

    [Fact]
    public async Task A_regional_user_cannot_filter_on_a_nominal_field()
    {
        var response = await factory.BasicClient("latf-analyst").GetAsync(
            new Uri($"/ogc/collections/cases/items?{Q("offenders LIKE '%a%'")}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
