using System.Net;
using System.Net.Http.Json;
using System.Text;
using Wems.Web.Cases;
using Wems.Web.Tests.Support;

namespace Wems.Web.Tests.Cases;

[Collection(CaseApiServer.Name)]
public sealed class CaseCreateTests(WemsFactory factory)
{
    private Task<long> CountAsync(string reference) =>
        factory.ScalarAsync<long>("select count(*) from seizure_case where agency_code = 'KWS' and reference = $1", reference);

    [Fact]
    public async Task A_created_case_reads_back_with_every_field_and_its_nominal_data()
    {
        var client = factory.BasicClient("ke-officer");

        var created = await client.PostAsJsonAsync(CaseApi.Cases, CaseApi.Valid("API-ROUNDTRIP-1"));
        var id = (await created.JsonAsync()).GetProperty("id").GetGuid();
        var read = await client.GetAsync(CaseApi.Case(id));
        var json = await read.JsonAsync();

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/cases/{id}", created.Headers.Location!.OriginalString);
        Assert.Equal("\"1\"", created.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("\"1\"", read.Headers.ETag!.Tag);
        Assert.Equal("KWS", json.GetProperty("agencyCode").GetString());
        Assert.Equal("KE", json.GetProperty("country").GetString());
        Assert.Equal("2024-03-14", json.GetProperty("date").GetString());
        Assert.Equal(36.8402, json.GetProperty("location").GetProperty("x").GetDouble(), 9);
        Assert.Equal(-1.3731, json.GetProperty("location").GetProperty("y").GetDouble(), 9);
        Assert.Equal("approximate", json.GetProperty("locationPrecision").GetString());
        Assert.Equal("open", json.GetProperty("status").GetString());
        Assert.Equal(14.5m, json.GetProperty("specimens")[1].GetProperty("quantity").GetDecimal());
        Assert.Equal("KIL", json.GetProperty("specimens")[1].GetProperty("unit").GetString());
        Assert.Equal("held-as-evidence", json.GetProperty("outcome").GetProperty("disposal").GetString());
        Assert.Equal("Api Test Offender", json.GetProperty("nominal").GetProperty("offenders")[0].GetProperty("name").GetString());
        Assert.True(json.GetProperty("nominal").GetProperty("notes")[0].GetProperty("informantRelated").GetBoolean());
        Assert.Equal(0, json.GetProperty("warnings").GetArrayLength());
    }

    [Fact]
    public async Task A_point_outside_the_stated_country_is_a_warning_and_the_case_is_stored()
    {
        // Arusha, Tanzania, about 100 km south of the Kenyan border, on a case that says Kenya.
        var request = CaseApi.Valid("API-WARN-1") with { Location = new LocationDto(36.6827, -3.3869), LocationType = "road-check" };

        var response = await factory.BasicClient("ke-officer").PostAsJsonAsync(CaseApi.Cases, request);
        var warning = Assert.Single((await response.JsonAsync()).GetProperty("warnings").EnumerateArray());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("location", warning.GetProperty("field").GetString());
        Assert.Contains("lies outside KE", warning.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, await CountAsync("API-WARN-1"));
    }

    [Fact]
    public async Task Retrying_the_identical_create_returns_the_same_case_and_stores_no_second_one()
    {
        var client = factory.BasicClient("ke-officer");

        var first = await client.PostAsJsonAsync(CaseApi.Cases, CaseApi.Valid("API-RETRY-1"));
        var retry = await client.PostAsJsonAsync(CaseApi.Cases, CaseApi.Valid("API-RETRY-1"));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal((await first.JsonAsync()).GetProperty("id").GetGuid(), (await retry.JsonAsync()).GetProperty("id").GetGuid());
        Assert.Equal(1, await CountAsync("API-RETRY-1"));
    }

    [Fact]
    public async Task Concurrent_identical_creates_store_one_case()
    {
        var client = factory.BasicClient("ke-officer");

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => client.PostAsJsonAsync(CaseApi.Cases, CaseApi.Valid("API-RACE-1"))));
        var ids = await Task.WhenAll(responses.Select(async r => (await r.JsonAsync()).GetProperty("id").GetGuid()));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Single(ids.Distinct());
        Assert.Equal(1, await CountAsync("API-RACE-1"));
    }

    [Fact]
    public async Task Another_case_under_a_used_reference_is_refused_with_409_naming_the_existing_case()
    {
        var client = factory.BasicClient("ke-officer");
        var (id, _) = await CaseApi.CreateAsync(client, CaseApi.Valid("API-DUP-1"));

        var response = await client.PostAsJsonAsync(CaseApi.Cases, CaseApi.Valid("API-DUP-1") with { PlaceName = "somewhere else" });
        var problem = await response.JsonAsync();

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(id, problem.GetProperty("existingCaseId").GetGuid());
        Assert.Contains(id.ToString(), problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, await CountAsync("API-DUP-1"));
        Assert.Equal("Nairobi National Park, south boundary",
            await factory.ScalarAsync<string>("select place_name from seizure_case where id = $1", id));
    }

    [Fact]
    public async Task An_anonymous_caller_gets_401_from_every_case_endpoint()
    {
        var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(CaseApi.Cases)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(CaseApi.Case(Guid.NewGuid()))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync(CaseApi.Cases, CaseApi.Valid("API-ANON-1"))).StatusCode);
        Assert.Equal(0, await CountAsync("API-ANON-1"));
    }

    [Fact]
    public async Task Malformed_JSON_is_a_400_problem_not_a_500()
    {
        using var body = new StringContent("{\"reference\": \"API-BAD-1\", \"date\": ", Encoding.UTF8, "application/json");

        var response = await factory.BasicClient("ke-officer").PostAsync(CaseApi.Cases, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_is_a_400_naming_the_field()
    {
        using var body = new StringContent("{\"reference\": \"API-BAD-2\", \"date\": \"14 March\"}", Encoding.UTF8, "application/json");

        var response = await factory.BasicClient("ke-officer").PostAsync(CaseApi.Cases, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty("date", out _));
    }

    [Fact]
    public async Task A_misspelt_field_is_a_400_naming_it_rather_than_being_dropped()
    {
        using var body = new StringContent("{\"reference\": \"API-BAD-3\", \"quantiy\": 3}", Encoding.UTF8, "application/json");

        var response = await factory.BasicClient("ke-officer").PostAsync(CaseApi.Cases, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty("quantiy", out _));
    }

    [Fact]
    public async Task A_regional_analyst_cannot_record_a_case()
    {
        var response = await factory.BasicClient("latf-analyst").PostAsJsonAsync(CaseApi.Cases, CaseApi.Valid("API-REGIONAL-1"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, await CountAsync("API-REGIONAL-1"));
    }
}
