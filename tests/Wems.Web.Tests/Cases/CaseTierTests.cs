using System.Net;
using System.Text.Json;
using Wems.Web.Cases;
using Wems.Web.Tests.Support;

namespace Wems.Web.Tests.Cases;

/// <summary>What each tier reads through <c>/api/cases</c>.</summary>
[Collection(CaseApiServer.Name)]
public sealed class CaseTierTests(WemsFactory factory)
{
    // Jomo Kenyatta International Airport: an airport seizure is transboundary by rule.
    private static CaseRequest Shared(string reference) =>
        CaseApi.Valid(reference) with { Location = new LocationDto(36.9275, -1.3192), LocationType = "airport", TransportMode = "air-passenger-baggage" };

    [Fact]
    public async Task A_regional_analyst_reads_a_shared_case_with_no_nominal_field_at_all()
    {
        var (id, _) = await CaseApi.CreateAsync(factory.BasicClient("ke-officer"), Shared("API-TIER-SHARED-1"));

        var response = await factory.BasicClient("latf-analyst").GetAsync(CaseApi.Case(id));
        var text = await response.Content.ReadAsStringAsync();
        var json = JsonDocument.Parse(text).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(json.GetProperty("transboundary").GetBoolean());
        Assert.False(json.TryGetProperty("nominal", out _));
        Assert.DoesNotContain("Api Test Offender", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Tip-off", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_regional_analyst_does_not_see_a_domestic_case()
    {
        var (id, _) = await CaseApi.CreateAsync(factory.BasicClient("ke-officer"), CaseApi.Valid("API-TIER-DOMESTIC-1"));

        var response = await factory.BasicClient("latf-analyst").GetAsync(CaseApi.Case(id));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("tz-analyst")]
    [InlineData("admin")]
    public async Task A_caller_outside_the_cases_country_gets_404(string username)
    {
        var (id, _) = await CaseApi.CreateAsync(factory.BasicClient("ke-officer"), Shared($"API-TIER-OTHER-{username}"));

        var response = await factory.BasicClient(username).GetAsync(CaseApi.Case(id));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_national_analyst_lists_only_its_countrys_cases_page_by_page()
    {
        var client = factory.BasicClient("ke-analyst");

        var first = await (await client.GetAsync(new Uri("/api/cases?limit=50", UriKind.Relative))).JsonAsync();
        var next = first.GetProperty("next").GetString()!;
        var second = await (await client.GetAsync(new Uri(next, UriKind.Relative))).JsonAsync();
        var items = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).ToList();

        Assert.Equal(100, items.Count);
        Assert.All(items, i => Assert.Equal("KE", i.GetProperty("country").GetString()));
        Assert.Equal(100, items.Select(i => i.GetProperty("id").GetGuid()).Distinct().Count());
        Assert.All(items, i => Assert.False(i.TryGetProperty("nominal", out _)));
    }

    [Fact]
    public async Task A_regional_analyst_lists_only_shared_cases()
    {
        var page = await (await factory.BasicClient("latf-analyst").GetAsync(new Uri("/api/cases?limit=200", UriKind.Relative))).JsonAsync();

        Assert.NotEmpty(page.GetProperty("items").EnumerateArray());
        Assert.All(page.GetProperty("items").EnumerateArray(), i => Assert.True(i.GetProperty("transboundary").GetBoolean()));
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=abc")]
    [InlineData("cursor=not-a-cursor")]
    [InlineData("bbox=1,2,3,4")]
    public async Task A_malformed_or_unknown_listing_parameter_is_400(string query)
    {
        var response = await factory.BasicClient("ke-analyst").GetAsync(new Uri($"/api/cases?{query}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
