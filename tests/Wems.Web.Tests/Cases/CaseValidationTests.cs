using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Wems.Web.Cases;
using Wems.Web.Tests.Support;

namespace Wems.Web.Tests.Cases;

/// <summary>Each rule of the case validator, through the API: 422, the field path and the message, nothing stored.</summary>
[Collection(CaseApiServer.Name)]
public sealed class CaseValidationTests(WemsFactory factory)
{
    private async Task<JsonElement> RefusedAsync(CaseRequest request)
    {
        var response = await factory.BasicClient("ke-officer").PostAsJsonAsync(CaseApi.Cases, request);
        var problem = await response.JsonAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(0, await factory.ScalarAsync<long>("select count(*) from seizure_case where reference = $1", request.Reference!));
        return problem.GetProperty("errors");
    }

    private static string Message(JsonElement errors, string field) => Assert.Single(errors.GetProperty(field).EnumerateArray()).GetString()!;

    private static SpecimenDto[] Ivory(decimal quantity, string? unit, string species = "Loxodonta africana", string term = "TUS") =>
        [new SpecimenDto(species, term, quantity, unit)];

    [Fact]
    public async Task A_zero_quantity_is_refused()
    {
        var errors = await RefusedAsync(CaseApi.Valid("API-V-QTY") with { Specimens = Ivory(0, "KIL") });

        Assert.Equal("must be greater than 0 (got 0).", Message(errors, "specimens[0].quantity"));
    }

    [Fact]
    public async Task A_unit_not_valid_for_the_term_is_refused()
    {
        var errors = await RefusedAsync(CaseApi.Valid("API-V-UNIT") with { Specimens = Ivory(3, "MTR") });

        Assert.Equal("unit MTR is not valid for term TUS.", Message(errors, "specimens[0].unit"));
    }

    [Fact]
    public async Task A_date_in_the_future_is_refused()
    {
        var future = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(30);

        var errors = await RefusedAsync(CaseApi.Valid("API-V-DATE") with { Date = future });

        Assert.StartsWith($"{future:yyyy-MM-dd} is in the future", Message(errors, "date"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_species_not_in_the_list_is_refused()
    {
        var errors = await RefusedAsync(CaseApi.Valid("API-V-SPECIES") with { Specimens = Ivory(3, "KIL", species: "Raphus cucullatus") });

        Assert.Equal("'Raphus cucullatus' is not in the species list.", Message(errors, "specimens[0].scientificName"));
    }

    [Fact]
    public async Task A_code_not_in_its_list_is_refused()
    {
        var errors = await RefusedAsync(CaseApi.Valid("API-V-CODE") with { TransportMode = "hot-air-balloon" });

        Assert.Equal("'hot-air-balloon' is not in the transport modes list.", Message(errors, "transportMode"));
    }

    [Fact]
    public async Task A_country_that_is_not_an_ISO_code_is_refused_in_the_trade_chain()
    {
        var request = CaseApi.Valid("API-V-CHAIN") with
        {
            TradeChain = [new TradeChainEntryDto("KE", "origin"), new TradeChainEntryDto("XX", "destination")],
        };

        var errors = await RefusedAsync(request);

        Assert.Equal("'XX' is not an ISO 3166-1 alpha-2 country code.", Message(errors, "tradeChain[1].country"));
    }

    [Fact]
    public async Task A_case_country_that_is_not_an_ISO_code_is_refused()
    {
        var errors = await RefusedAsync(CaseApi.Valid("API-V-COUNTRY") with { Country = "XK1" });

        Assert.Equal("'XK1' is not an ISO 3166-1 alpha-2 country code.", Message(errors, "country"));
    }

    [Fact]
    public async Task An_unknown_trade_role_is_refused_with_the_allowed_roles()
    {
        var errors = await RefusedAsync(CaseApi.Valid("API-V-ROLE") with { TradeChain = [new TradeChainEntryDto("VN", "buyer")] });

        Assert.Equal("'buyer' is not one of origin, export, transit, destination.", Message(errors, "tradeChain[0].role"));
    }

    [Fact]
    public async Task Every_problem_of_a_case_is_listed_at_once()
    {
        var request = CaseApi.Valid("API-V-MANY") with
        {
            Date = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(30),
            Location = null,
            TransportMode = "hot-air-balloon",
            Specimens = [new SpecimenDto("Raphus cucullatus", "TUS", 0, "KIL"), new SpecimenDto("Loxodonta africana", "TUS", 1, "MTR")],
        };

        var errors = await RefusedAsync(request);

        Assert.Equal(
            ["date", "location", "specimens[0].quantity", "specimens[0].scientificName", "specimens[1].unit", "transportMode"],
            errors.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }
}
