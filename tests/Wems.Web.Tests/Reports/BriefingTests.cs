using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Wems.Web.Tests.Cases;
using Wems.Web.Tests.Support;
using Wems.Web.Tests.Trends;

namespace Wems.Web.Tests.Reports;

/// <summary>
/// <c>GET /api/reports/briefing</c> on the 2,000 demo cases: its key figures against independent SQL counts and
/// sums (run as the database owner, filtered by hand to the caller's tier), the inline SVG map, the caveat and the
/// tier rules.
/// </summary>
[Collection(ReportServer.Name)]
public sealed partial class BriefingTests(WemsFactory factory)
{
    private const string KenyaYear = "/api/reports/briefing?country=KE&from=2023-01-01&to=2023-12-31";

    [GeneratedRegex("data-figure=\"(?<key>[a-z-]+)\" data-value=\"(?<value>[0-9.]+)\"")]
    private static partial Regex FigurePattern();

    private static Dictionary<string, double> Figures(string html) => FigurePattern().Matches(html)
        .ToDictionary(m => m.Groups["key"].Value, m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));

    private async Task<(HttpResponseMessage Response, string Html)> GetAsync(string? user, string query)
    {
        var client = user is null ? factory.CreateClient() : factory.BasicClient(user);
        var response = await client.GetAsync(new Uri(query, UriKind.Relative));
        return (response, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_national_briefing_has_the_cases_and_kilograms_that_sql_counts_for_the_country_and_year()
    {
        var (response, html) = await GetAsync("ke-analyst", KenyaYear);
        var cases = await factory.ScalarAsync<long>(
            "select count(*) from seizure_case where country = 'KE' and deleted_at is null and event_date between '2023-01-01' and '2023-12-31'");
        var kilograms = await factory.ScalarAsync<decimal>("""
            select coalesce(sum(case p.unit when 'KIL' then p.quantity when 'GRM' then p.quantity / 1000 else 0 end), 0)
            from seizure_case c join specimen p on p.case_id = c.id
            where c.country = 'KE' and c.deleted_at is null and c.event_date between '2023-01-01' and '2023-12-31'
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        var figures = Figures(html);
        Assert.True(cases > 0);
        Assert.Equal(cases, figures["cases"]);
        Assert.Equal((double)kilograms, figures["kilograms"], 1e-3);
    }

    [Fact]
    public async Task The_briefing_draws_the_hotspot_map_as_inline_svg_with_hexagons_and_countries()
    {
        var (_, html) = await GetAsync("ke-analyst", KenyaYear);

        Assert.Contains("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"hotspot-map\"", html, StringComparison.Ordinal);
        Assert.True(Regex.Count(html, "<path class=\"hex bin") > 0);
        Assert.Contains("<path class=\"country scope\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"chart-months\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_briefing_carries_the_detection_bias_caveat()
    {
        var (_, html) = await GetAsync("ke-analyst", KenyaYear);

        Assert.Contains("detection hotspots", html, StringComparison.Ordinal);
        Assert.Contains("enforcement effort", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_regional_briefing_counts_only_the_shared_cases_of_the_region_and_names_no_offender()
    {
        var (response, html) = await GetAsync("latf-analyst", "/api/reports/briefing?region=LATF&from=2022-01-01&to=2023-12-31");
        var cases = await factory.ScalarAsync<long>("""
            select count(*) from seizure_case c
            where c.transboundary and c.deleted_at is null and c.event_date between '2022-01-01' and '2023-12-31'
              and c.country in (select country from region_member where region_code = 'LATF')
            """);
        var offenders = new List<string>();
        await using (var command = factory.Database.DataSource.CreateCommand("""
            select o.name from case_offender o join seizure_case c on c.id = o.case_id
            where c.transboundary and c.event_date between '2022-01-01' and '2023-12-31'
            """))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                offenders.Add(reader.GetString(0));
            }
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(cases, Figures(html)["cases"]);
        Assert.Contains("Regional tier", html, StringComparison.Ordinal);
        Assert.NotEmpty(offenders);
        Assert.All(offenders, name => Assert.DoesNotContain(WebUtility.HtmlEncode(name), html, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_anonymous_caller_gets_401()
    {
        var (response, _) = await GetAsync(null, KenyaYear);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("ke-analyst", "/api/reports/briefing?country=TZ")]
    [InlineData("ke-analyst", "/api/reports/briefing?region=LATF")]
    [InlineData("latf-analyst", "/api/reports/briefing?country=KE")]
    public async Task A_caller_asking_for_another_area_gets_403(string user, string query)
    {
        var (response, _) = await GetAsync(user, query);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("country=KE&region=LATF", "region")]
    [InlineData("", "country")]
    [InlineData("country=KE&from=2023-02-30", "from")]
    [InlineData("country=KE&from=2023-02-01&to=2023-01-01", "to")]
    [InlineData("country=KE&format=pdf", "format")]
    public async Task A_bad_parameter_is_a_400_naming_it(string query, string parameter)
    {
        var (response, _) = await GetAsync("ke-analyst", "/api/reports/briefing?" + query);
        var body = await response.JsonAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(parameter, body.GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task The_stylesheet_the_page_links_is_served_from_this_server_as_the_csp_allows()
    {
        var (page, html) = await GetAsync("ke-analyst", KenyaYear);
        var (css, text) = await GetAsync(null, "/api/reports/briefing.css");

        Assert.Contains("<link rel=\"stylesheet\" href=\"/api/reports/briefing.css\">", html, StringComparison.Ordinal);
        Assert.Contains("style-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal("text/css", css.Content.Headers.ContentType!.MediaType);
        Assert.Contains("@media print", text, StringComparison.Ordinal);
    }
}
