using System.Net;
using System.Text.Json;
using Wems.Web.Tests.Support;

namespace Wems.Web.Tests.OgcFeatures;

/// <summary>
/// <c>sortby</c> on items, with keyset paging over the sort keys. The test cluster's collation is C.UTF-8, so
/// PostgreSQL orders text by code point, as <see cref="string.CompareOrdinal(string, string)"/> does.
/// </summary>
public sealed class SortByTests(WemsFactory factory) : IClassFixture<WemsFactory>
{
    private async Task<List<JsonElement>> AllPagesAsync(string url)
    {
        var client = factory.CreateClient();
        var features = new List<JsonElement>();
        var next = new Uri(url, UriKind.Relative);
        while (true)
        {
            var response = await client.GetAsync(next);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            features.AddRange(page.GetProperty("features").EnumerateArray());
            var link = page.GetProperty("links").EnumerateArray().FirstOrDefault(l => l.GetProperty("rel").GetString() == "next");
            if (link.ValueKind == JsonValueKind.Undefined)
            {
                return features;
            }

            next = new Uri(link.GetProperty("href").GetString()!);
        }
    }

    private static string? Text(JsonElement feature, string property) => feature.GetProperty("properties").GetProperty(property).GetString();

    [Fact]
    public async Task Sortby_a_name_returns_features_in_ascending_order()
    {
        var features = await AllPagesAsync("/ogc/collections/airports/items?sortby=%2Bname&limit=1000");

        var names = features.Select(f => Text(f, "name")!).ToList();
        Assert.True(names.Count > 10);
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
    }

    [Fact]
    public async Task Paging_to_the_end_of_countries_sorted_by_descending_name_gives_every_id_once_in_order()
    {
        var features = await AllPagesAsync("/ogc/collections/countries/items?sortby=-name_en&limit=7");

        await using var command = factory.Database.DataSource.CreateCommand("select count(*) from country");
        var expected = (long)(await command.ExecuteScalarAsync())!;
        var ids = features.Select(f => f.GetProperty("id").GetString()).ToList();
        Assert.Equal(expected, ids.Count);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        var names = features.Select(f => Text(f, "name_en")!).ToList();
        Assert.Equal(names.OrderDescending(StringComparer.Ordinal), names);
    }

    [Fact]
    public async Task Mixed_directions_sort_by_the_first_key_then_the_second_within_it_across_pages()
    {
        var features = await AllPagesAsync("/ogc/collections/borders/items?sortby=iso2_a,-length_km&limit=9");

        var rows = features.Select(f => (A: Text(f, "iso2_a")!, Km: f.GetProperty("properties").GetProperty("length_km").GetDouble())).ToList();
        Assert.True(rows.Count > 20);
        Assert.Equal(rows.Count, features.Select(f => f.GetProperty("id").GetString()).Distinct().Count());
        for (var i = 1; i < rows.Count; i++)
        {
            var order = string.CompareOrdinal(rows[i - 1].A, rows[i].A);
            Assert.True(order < 0 || (order == 0 && rows[i - 1].Km >= rows[i].Km), $"rows {i - 1} and {i} out of order");
        }
    }

    [Fact]
    public async Task Paging_over_a_key_with_nulls_gives_every_feature_once_with_the_nulls_last()
    {
        var all = await AllPagesAsync("/ogc/collections/ports/items?limit=1000");
        var sorted = await AllPagesAsync("/ogc/collections/ports/items?sortby=code,-name&limit=3");

        Assert.Equal(all.Count, sorted.Count);
        Assert.Equal(sorted.Count, sorted.Select(f => f.GetProperty("id").GetInt64()).Distinct().Count());
        var codes = sorted.Select(f => Text(f, "code")).ToList();
        Assert.DoesNotContain(codes.SkipWhile(c => c is not null), c => c is not null);
    }

    [Fact]
    public async Task An_unknown_sortby_property_is_a_400_naming_it()
    {
        var response = await factory.CreateClient().GetAsync(new Uri("/ogc/collections/countries/items?sortby=-population", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("sortby", problem.GetProperty("parameter").GetString());
        Assert.Contains("'population'", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cursor_made_for_another_sort_order_is_a_400()
    {
        var first = JsonDocument.Parse(await factory.CreateClient().GetStringAsync(
            new Uri("/ogc/collections/countries/items?sortby=-name_en&limit=7", UriKind.Relative))).RootElement;
        var next = first.GetProperty("links").EnumerateArray().First(l => l.GetProperty("rel").GetString() == "next").GetProperty("href").GetString()!;

        var response = await factory.CreateClient().GetAsync(new Uri(next.Replace("sortby=-name_en", "sortby=iso3,name_en", StringComparison.Ordinal)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
