using System.Net;
using System.Text.Json;
using Wems.Web.Tests.Cases;
using Wems.Web.Tests.Support;

namespace Wems.Web.Tests.Governance;

/// <summary><c>GET /api/public/stats</c> and <c>/api/public/stats/countries</c>, anonymous.</summary>
[Collection(GovernanceServer.Name)]
public sealed class PublicStatisticsTests(WemsFactory factory)
{
    private static readonly HashSet<string> Aggregates = ["country", "year", "commodity_group", "cases", "kilograms"];
    private static readonly string[] CountryFields = ["country", "cases", "kilograms"];

    private static Uri Stats(string query = "") => new($"/api/public/stats{query}", UriKind.Relative);

    [Fact]
    public async Task An_anonymous_caller_gets_groups_of_at_least_three_cases_with_aggregates_only()
    {
        var response = await factory.CreateClient().GetAsync(Stats("?by=country,year,commodity"));
        var rows = (await response.JsonAsync()).GetProperty("rows").EnumerateArray().ToList();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.True(r.GetProperty("cases").GetInt64() >= 3));
        Assert.All(rows, r => Assert.All(r.EnumerateObject(), p => Assert.Contains(p.Name, Aggregates)));
        Assert.All(rows, r => Assert.Equal(2, r.GetProperty("country").GetString()!.Length));
    }

    [Fact]
    public async Task Country_totals_have_the_same_suppression()
    {
        var response = await factory.CreateClient().GetAsync(Stats("/countries"));
        var rows = (await response.JsonAsync()).GetProperty("rows").EnumerateArray().ToList();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.True(r.GetProperty("cases").GetInt64() >= 3));
        Assert.All(rows, r => Assert.Equal(CountryFields, r.EnumerateObject().Select(p => p.Name)));
    }

    [Fact]
    public async Task A_country_with_fewer_cases_than_the_threshold_does_not_appear_until_it_reaches_it()
    {
        // A country with no demo case gets old, closed cases (which the public view may count) one by one.
        var country = (await factory.ScalarAsync<string>(
            "select iso2 from country c where not exists (select 1 from seizure_case s where s.country = c.iso2) order by iso2 limit 1"))!;
        var client = factory.BasicClient("ke-officer");
        for (var i = 0; i < 2; i++)
        {
            await MoveToAsync(client, $"GOV-STATS-{country}-{i}", country);
        }

        var below = await CountriesAsync();
        await MoveToAsync(client, $"GOV-STATS-{country}-2", country);
        var reached = await CountriesAsync();

        Assert.DoesNotContain(below, r => r.GetProperty("country").GetString() == country);
        Assert.Contains(reached, r => r.GetProperty("country").GetString() == country && r.GetProperty("cases").GetInt64() == 3);
    }

    [Theory]
    [InlineData("?by=place")]
    [InlineData("?by=country&case=1")]
    public async Task An_unknown_grouping_or_parameter_is_400(string query)
    {
        var response = await factory.CreateClient().GetAsync(Stats(query));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private async Task<List<JsonElement>> CountriesAsync() =>
        (await (await factory.CreateClient().GetAsync(Stats("/countries"))).JsonAsync()).GetProperty("rows").EnumerateArray().ToList();

    private async Task MoveToAsync(HttpClient client, string reference, string country)
    {
        var (id, _) = await CaseApi.CreateAsync(client, CaseApi.Valid(reference));
        await factory.ScalarAsync<object>(
            "update seizure_case set country = $1, status = 'closed', event_date = '2020-06-01' where id = $2", country, id);
    }
}
