using System.Net;
using System.Text.Json;
using Wems.Web.Tests.Cases;
using Wems.Web.Tests.Support;

namespace Wems.Web.Tests.Trends;

/// <summary>Trend and briefing tests share one seeded server; none of them writes.</summary>
[CollectionDefinition(Name)]
public sealed class ReportServer : ICollectionFixture<WemsFactory>
{
    public const string Name = "reports";
}

/// <summary>
/// <c>/api/trends/...</c> on the 2,000 demo cases, each figure checked against an independent GROUP BY in PostGIS
/// run as the database owner (no row-level security), filtered by hand to what the caller's tier may see.
/// </summary>
[Collection(ReportServer.Name)]
public sealed class TrendEndpointsTests(WemsFactory factory)
{
    private async Task<Dictionary<string, double>> SqlAsync(string sql)
    {
        var result = new Dictionary<string, double>();
        await using var command = factory.Database.DataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            result[reader.GetString(0).Trim()] = Convert.ToDouble(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture);
        }

        return result;
    }

    private static Dictionary<string, double> Points(JsonElement body) => body.GetProperty("points").EnumerateArray()
        .ToDictionary(p => p.GetProperty("key").GetString()!, p => p.GetProperty("value").GetDouble());

    private async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(string? user, string query)
    {
        var client = user is null ? factory.CreateClient() : factory.BasicClient(user);
        var response = await client.GetAsync(new Uri(query, UriKind.Relative));
        return (response.StatusCode, await response.JsonAsync());
    }

    [Fact]
    public async Task A_national_analyst_gets_the_monthly_counts_of_the_country_as_sql_counts_them()
    {
        var (status, body) = await GetAsync("ke-analyst", "/api/trends/series?by=month&measure=count&from=2020-01-01&to=2020-12-31");
        var expected = await SqlAsync("""
            select to_char(event_date, 'YYYY-MM'), count(*) from seizure_case
            where country = 'KE' and deleted_at is null and event_date between '2020-01-01' and '2020-12-31' group by 1
            """);

        Assert.Equal(HttpStatusCode.OK, status);
        var points = Points(body);
        Assert.Equal(12, points.Count);
        Assert.NotEmpty(expected);
        Assert.All(points, p => Assert.Equal(expected.GetValueOrDefault(p.Key), p.Value));
    }

    [Fact]
    public async Task Kilograms_by_commodity_equal_the_sql_sum_of_the_lines_in_kilograms_and_grams()
    {
        var (status, body) = await GetAsync("ke-analyst", "/api/trends/series?by=commodity&measure=weight");
        var expected = await SqlAsync("""
            select s.commodity_group, sum(case p.unit when 'KIL' then p.quantity when 'GRM' then p.quantity / 1000 else 0 end)
            from seizure_case c join specimen p on p.case_id = c.id join species s on s.id = p.species_id
            where c.country = 'KE' and c.deleted_at is null group by 1
            """);

        Assert.Equal(HttpStatusCode.OK, status);
        var points = Points(body);
        Assert.Equal(expected.Keys.Order(), points.Keys.Order());
        Assert.All(points, p => Assert.Equal(expected[p.Key], p.Value, 1e-6));
    }

    [Fact]
    public async Task A_regional_analyst_counts_only_the_shared_cases_of_the_region()
    {
        var (status, body) = await GetAsync("latf-analyst", "/api/trends/series?by=country");
        var expected = await SqlAsync("""
            select c.country, count(*) from seizure_case c
            where c.transboundary and c.deleted_at is null
              and c.country in (select country from region_member where region_code = 'LATF') group by 1
            """);
        var all = await SqlAsync("select country, count(*) from seizure_case where deleted_at is null group by 1");

        Assert.Equal(HttpStatusCode.OK, status);
        var points = Points(body);
        Assert.Equal(expected, points);
        Assert.True(points.Values.Sum() < all.Values.Sum());
    }

    [Fact]
    public async Task A_national_analyst_asking_for_another_country_is_refused()
    {
        var (status, _) = await GetAsync("ke-analyst", "/api/trends/series?country=TZ");

        Assert.Equal(HttpStatusCode.Forbidden, status);
    }

    [Fact]
    public async Task An_anonymous_caller_gets_country_totals_with_small_groups_suppressed()
    {
        var (status, body) = await GetAsync(null, "/api/trends/series?by=country&measure=count");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("public", body.GetProperty("tier").GetString());
        Assert.Equal(3, body.GetProperty("minCount").GetInt32());
        var points = body.GetProperty("points").EnumerateArray().ToList();
        Assert.NotEmpty(points);
        Assert.All(points, p => Assert.True(p.GetProperty("cases").GetInt64() >= 3));
    }

    [Theory]
    [InlineData("by=month", "by")]
    [InlineData("by=country&measure=value", "measure")]
    [InlineData("by=year&species=Loxodonta%20africana", "species")]
    public async Task An_anonymous_caller_asking_for_unpublished_detail_gets_a_400_naming_the_parameter(string query, string parameter)
    {
        var (status, body) = await GetAsync(null, "/api/trends/series?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(parameter, body.GetProperty("parameter").GetString());
    }

    [Theory]
    [InlineData("measure=tonnes", "measure")]
    [InlineData("by=weekday", "by")]
    [InlineData("from=2024-13-01", "from")]
    [InlineData("from=2024-02-01&to=2024-01-01", "to")]
    [InlineData("country=kenya", "country")]
    [InlineData("colour=red", "colour")]
    public async Task A_bad_parameter_is_a_400_naming_it(string query, string parameter)
    {
        var (status, body) = await GetAsync("ke-analyst", "/api/trends/series?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(parameter, body.GetProperty("parameter").GetString());
        Assert.Contains(parameter, body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_data_clock_needs_a_signed_in_caller()
    {
        var (status, _) = await GetAsync(null, "/api/trends/data-clock");

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task The_data_clock_cells_add_up_to_the_sql_count_per_year()
    {
        var (status, body) = await GetAsync("ke-analyst", "/api/trends/data-clock?measure=count");
        var expected = await SqlAsync("""
            select extract(year from event_date)::int::text, count(*) from seizure_case where country = 'KE' and deleted_at is null group by 1
            """);

        Assert.Equal(HttpStatusCode.OK, status);
        var rows = body.GetProperty("rows").EnumerateArray().ToList();
        Assert.All(rows, r => Assert.Equal(12, r.GetProperty("months").GetArrayLength()));
        Assert.Equal(expected, rows.ToDictionary(r => r.GetProperty("year").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture),
            r => r.GetProperty("months").EnumerateArray().Sum(m => m.GetDouble())));
    }

    [Fact]
    public async Task A_yearly_change_compares_the_sql_counts_of_two_years()
    {
        var (status, body) = await GetAsync("ke-analyst", "/api/trends/change?period=year&to=2020-06-30");
        var expected = await SqlAsync("""
            select extract(year from event_date)::int::text, count(*) from seizure_case
            where country = 'KE' and deleted_at is null and event_date between '2019-01-01' and '2020-12-31' group by 1
            """);

        Assert.Equal(HttpStatusCode.OK, status);
        var (current, previous) = (expected["2020"], expected["2019"]);
        Assert.Equal("2020-01-01", body.GetProperty("current").GetProperty("from").GetString());
        Assert.Equal(current, body.GetProperty("current").GetProperty("value").GetDouble());
        Assert.Equal(previous, body.GetProperty("previous").GetProperty("value").GetDouble());
        Assert.Equal(current - previous, body.GetProperty("absolute").GetDouble());
        Assert.Equal(100 * (current - previous) / previous, body.GetProperty("percent").GetDouble(), 1e-9);
    }

    [Fact]
    public async Task The_trend_and_briefing_resources_are_in_the_openapi_document_under_their_tags()
    {
        var (status, body) = await GetAsync(null, "/openapi/v1.json");
        var paths = body.GetProperty("paths");

        Assert.Equal(HttpStatusCode.OK, status);
        foreach (var path in new[] { "/api/trends/series", "/api/trends/data-clock", "/api/trends/change" })
        {
            Assert.Equal("Trends", paths.GetProperty(path).GetProperty("get").GetProperty("tags")[0].GetString());
        }

        Assert.Equal("Reports", paths.GetProperty("/api/reports/briefing").GetProperty("get").GetProperty("tags")[0].GetString());
    }

    [Fact]
    public async Task The_public_change_is_yearly_only()
    {
        var (status, body) = await GetAsync(null, "/api/trends/change?period=month");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("period", body.GetProperty("parameter").GetString());
    }
}
