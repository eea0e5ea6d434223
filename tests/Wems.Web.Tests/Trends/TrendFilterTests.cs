using System.Globalization;
using System.Net;
using System.Text.Json;
using Wems.Web.Tests.Cases;
using Wems.Web.Tests.Support;

namespace Wems.Web.Tests.Trends;

/// <summary>
/// The filters the operations map sends with its charts (species, agency, transport mode, with the period, country and
/// commodity): each narrows the trends exactly as an independent SQL count over the same cases does, and a value that
/// names nothing is a 400 naming the parameter.
/// </summary>
[Collection(ReportServer.Name)]
public sealed class TrendFilterTests(WemsFactory factory)
{
    private async Task<string> ScalarAsync(string sql)
    {
        await using var command = factory.Database.DataSource.CreateCommand(sql);
        return Convert.ToString(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture)!.Trim();
    }

    private async Task<Dictionary<string, double>> SqlAsync(string sql)
    {
        var result = new Dictionary<string, double>();
        await using var command = factory.Database.DataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            result[reader.GetString(0).Trim()] = Convert.ToDouble(reader.GetValue(1), CultureInfo.InvariantCulture);
        }

        return result;
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(string? user, string query)
    {
        var client = user is null ? factory.CreateClient() : factory.BasicClient(user);
        var response = await client.GetAsync(new Uri(query, UriKind.Relative));
        return (response.StatusCode, await response.JsonAsync());
    }

    private static Dictionary<string, double> Points(JsonElement body) => body.GetProperty("points").EnumerateArray()
        .ToDictionary(p => p.GetProperty("key").GetString()!, p => p.GetProperty("value").GetDouble());

    private static double Total(JsonElement body) => Points(body).Values.Sum();

    [Fact]
    public async Task The_transport_mode_filter_counts_only_the_cases_of_that_mode()
    {
        var mode = await ScalarAsync("""
            select transport_mode from seizure_case where country = 'KE' and deleted_at is null and transport_mode is not null
            group by 1 order by count(*) desc, 1 limit 1
            """);
        var expected = await SqlAsync($"""
            select country, count(*) from seizure_case where country = 'KE' and deleted_at is null and transport_mode = '{mode}' group by 1
            """);

        var (status, body) = await GetAsync("ke-analyst", $"/api/trends/series?by=country&transport_mode={mode}");
        var (_, all) = await GetAsync("ke-analyst", "/api/trends/series?by=country");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(expected, Points(body));
        Assert.True(Total(body) < Total(all), "a transport mode is a part of the cases, not all of them");
    }

    [Fact]
    public async Task The_agency_filter_counts_only_the_cases_the_agency_recorded()
    {
        var agency = await ScalarAsync("""
            select agency_code from seizure_case where country = 'KE' and deleted_at is null group by 1 order by count(*) desc, 1 limit 1
            """);
        var expected = await SqlAsync($"""
            select to_char(event_date, 'YYYY'), count(*) from seizure_case
            where country = 'KE' and deleted_at is null and agency_code = '{agency}' group by 1
            """);

        var (status, body) = await GetAsync("ke-analyst", $"/api/trends/series?by=year&agency={agency}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotEmpty(expected);
        Assert.Equal(expected, Points(body).Where(p => p.Value > 0).ToDictionary());
    }

    [Fact]
    public async Task The_species_filter_counts_only_the_cases_holding_that_species()
    {
        var species = await ScalarAsync("""
            select s.scientific_name from seizure_case c join specimen p on p.case_id = c.id join species s on s.id = p.species_id
            where c.country = 'KE' and c.deleted_at is null group by 1 order by count(distinct c.id) desc, 1 limit 1
            """);
        var expected = await SqlAsync($"""
            select c.country, count(distinct c.id) from seizure_case c join specimen p on p.case_id = c.id join species s on s.id = p.species_id
            where c.country = 'KE' and c.deleted_at is null and s.scientific_name = '{species}' group by 1
            """);

        var (status, body) = await GetAsync("ke-analyst", $"/api/trends/series?by=country&species={Uri.EscapeDataString(species)}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(expected, Points(body));
    }

    [Fact]
    public async Task The_data_clock_takes_the_transport_mode_filter_too()
    {
        var mode = await ScalarAsync("""
            select transport_mode from seizure_case where country = 'KE' and deleted_at is null and transport_mode is not null
            group by 1 order by count(*) asc, 1 limit 1
            """);
        var expected = await ScalarAsync($"select count(*) from seizure_case where country = 'KE' and deleted_at is null and transport_mode = '{mode}'");

        var (status, body) = await GetAsync("ke-analyst", $"/api/trends/data-clock?transport_mode={mode}");

        Assert.Equal(HttpStatusCode.OK, status);
        var cells = body.GetProperty("rows").EnumerateArray().SelectMany(r => r.GetProperty("months").EnumerateArray()).Sum(m => m.GetDouble());
        Assert.Equal(double.Parse(expected, CultureInfo.InvariantCulture), cells);
    }

    [Fact]
    public async Task The_filters_combine()
    {
        var (mode, agency) = (await ScalarAsync("""
            select transport_mode || '|' || agency_code from seizure_case
            where country = 'KE' and deleted_at is null and transport_mode is not null
            group by transport_mode, agency_code order by count(*) desc, 1 limit 1
            """)).Split('|') switch { var p => (p[0], p[1]) };
        var expected = await ScalarAsync($"""
            select count(*) from seizure_case
            where country = 'KE' and deleted_at is null and transport_mode = '{mode}' and agency_code = '{agency}' and event_date >= '2018-01-01'
            """);

        var (status, body) = await GetAsync("ke-analyst", $"/api/trends/series?by=country&transport_mode={mode}&agency={agency}&from=2018-01-01");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(double.Parse(expected, CultureInfo.InvariantCulture), Total(body));
    }

    [Theory]
    [InlineData("series?transport_mode=teleport", "transport_mode")]
    [InlineData("series?transport_mode=", "transport_mode")]
    [InlineData("series?agency=NO-SUCH-AGENCY", "agency")]
    [InlineData("series?agency=kws%27%20or%201=1--", "agency")]
    [InlineData("series?species=Unicornis%20magica", "species")]
    [InlineData("series?commodity=gold", "commodity")]
    [InlineData("data-clock?transport_mode=teleport", "transport_mode")]
    [InlineData("data-clock?agency=NOPE", "agency")]
    [InlineData("change?period=year&species=Unicornis%20magica", "species")]
    public async Task An_unknown_filter_value_is_a_400_naming_the_parameter(string query, string parameter)
    {
        var (status, body) = await GetAsync("ke-analyst", "/api/trends/" + query);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(parameter, body.GetProperty("parameter").GetString());
    }

    [Theory]
    [InlineData("by=year&agency=KWS", "agency")]
    [InlineData("by=year&transport_mode=air-cargo", "transport_mode")]
    public async Task An_anonymous_caller_cannot_filter_by_agency_or_transport_mode(string query, string parameter)
    {
        var (status, body) = await GetAsync(null, "/api/trends/series?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(parameter, body.GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task The_agency_list_offers_the_agencies_of_the_callers_countries_only()
    {
        var (status, body) = await GetAsync("ke-analyst", "/api/trends/agencies");
        var (_, regional) = await GetAsync("latf-analyst", "/api/trends/agencies");

        Assert.Equal(HttpStatusCode.OK, status);
        var kenyan = body.EnumerateArray().ToList();
        Assert.NotEmpty(kenyan);
        Assert.All(kenyan, a => Assert.Equal("KE", a.GetProperty("country").GetString()));
        Assert.Contains(kenyan, a => a.GetProperty("code").GetString() == "KWS");
        var countries = regional.EnumerateArray().Select(a => a.GetProperty("country").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "KE", "TZ" }, countries);
    }

    private static Dictionary<string, int> Flows(JsonElement body) => body.GetProperty("flows").EnumerateArray()
        .ToDictionary(f => f.GetProperty("from").GetString() + ">" + f.GetProperty("to").GetString(), f => f.GetProperty("cases").GetInt32());

    [Fact]
    public async Task The_corridors_of_the_side_panel_follow_the_transport_mode_filter()
    {
        var mode = await ScalarAsync("""
            select transport_mode from seizure_case where country = 'KE' and deleted_at is null and transport_mode is not null
            group by 1 order by count(*) desc, 1 limit 1
            """);
        var all = await ScalarAsync("select count(*) from seizure_case where country = 'KE' and deleted_at is null");
        var ofMode = await ScalarAsync($"select count(*) from seizure_case where country = 'KE' and deleted_at is null and transport_mode = '{mode}'");

        var (status, unfiltered) = await GetAsync("ke-analyst", "/api/trends/corridors");
        var (filteredStatus, filtered) = await GetAsync("ke-analyst", $"/api/trends/corridors?transport_mode={mode}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(HttpStatusCode.OK, filteredStatus);
        Assert.Equal(int.Parse(all, CultureInfo.InvariantCulture), unfiltered.GetProperty("cases").GetInt32());
        Assert.Equal(int.Parse(ofMode, CultureInfo.InvariantCulture), filtered.GetProperty("cases").GetInt32());
        var before = Flows(unfiltered);
        var after = Flows(filtered);
        Assert.NotEmpty(after);
        Assert.True(after.Values.Zip(after.Values.Skip(1)).All(p => p.First >= p.Second), "flows come largest first");
        Assert.All(after.Where(f => before.ContainsKey(f.Key)), f => Assert.True(f.Value <= before[f.Key], f.Key));
        Assert.True(after.Values.Sum() < before.Values.Sum());
        Assert.NotEmpty(filtered.GetProperty("roles").EnumerateArray());
        Assert.All(filtered.GetProperty("flows").EnumerateArray(), f => Assert.Equal(2, f.GetProperty("fromPoint").GetArrayLength()));
    }

    [Theory]
    [InlineData("ke-analyst", "transport_mode=teleport", HttpStatusCode.BadRequest)]
    [InlineData("ke-analyst", "agency=NOPE", HttpStatusCode.BadRequest)]
    [InlineData("ke-analyst", "by=month", HttpStatusCode.BadRequest)]
    [InlineData("ke-analyst", "country=TZ", HttpStatusCode.Forbidden)]
    [InlineData("admin", "", HttpStatusCode.Forbidden)]
    [InlineData(null, "", HttpStatusCode.Unauthorized)]
    public async Task The_corridors_refuse_bad_filters_and_callers_without_cases(string? user, string query, HttpStatusCode expected)
    {
        var (status, _) = await GetAsync(user, "/api/trends/corridors?" + query);

        Assert.Equal(expected, status);
    }
}
