using System.Net.Http.Json;
using System.Text.Json;
using Wems.Web.Cases;
using Wems.Web.Tests.Support;

namespace Wems.Web.Tests.Cases;

/// <summary>The case API tests share one server and database; every test uses its own case references.</summary>
[CollectionDefinition(Name)]
public sealed class CaseApiServer : ICollectionFixture<WemsFactory>
{
    public const string Name = "case api";
}

/// <summary>Requests and reads of <c>/api/cases</c> for the tests.</summary>
internal static class CaseApi
{
    public static Uri Cases { get; } = new("/api/cases", UriKind.Relative);

    public static Uri Case(Guid id, string suffix = "") => new($"/api/cases/{id}{suffix}", UriKind.Relative);

    /// <summary>
    /// A valid Kenyan case, as the Kenya Wildlife Service records it (agency and country left to the server):
    /// two ivory lines seized on patrol inside Nairobi National Park, > 100 km from any border.
    /// </summary>
    public static CaseRequest Valid(string reference) => new()
    {
        Reference = reference,
        Date = new DateOnly(2024, 3, 14),
        Time = new TimeOnly(6, 45),
        PlaceName = "Nairobi National Park, south boundary",
        Location = new LocationDto(36.8402, -1.3731),
        LocationPrecision = "approximate",
        LocationType = "protected-area",
        Reason = "poaching",
        DetectionMethod = "patrol",
        TransportMode = "on-foot",
        Concealment = "none",
        Specimens = [new SpecimenDto("Loxodonta africana", "TUS", 2, null, 9000m, "USD"), new SpecimenDto("Loxodonta africana", "TUS", 14.5m, "KIL")],
        Outcome = new OutcomeDto(Arrests: 1, Law: "Wildlife Conservation and Management Act 2013", Disposal: "held-as-evidence"),
        IccwcConsent = true,
        Nominal = new NominalDto(
            Offenders: [new OffenderDto("Api Test Offender", ["ATO"], "M", new DateOnly(1980, 1, 2), "KE", ["P1234567"], "poacher")],
            Notes: [new NoteDto("Tip-off from park staff.", InformantRelated: true)]),
    };

    /// <summary>Creates <paramref name="request"/> as <paramref name="client"/> and returns the new case's id and ETag.</summary>
    public static async Task<(Guid Id, string ETag)> CreateAsync(HttpClient client, CaseRequest request)
    {
        var response = await client.PostAsJsonAsync(Cases, request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return (JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid(), response.Headers.ETag!.Tag);
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    public static HttpRequestMessage Put(Guid id, CaseRequest body, string? ifMatch)
    {
        var message = new HttpRequestMessage(HttpMethod.Put, Case(id)) { Content = JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            message.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return message;
    }

    public static async Task<T?> ScalarAsync<T>(this WemsFactory factory, string sql, params object[] parameters)
    {
        await using var command = factory.Database.DataSource.CreateCommand(sql);
        foreach (var p in parameters)
        {
            command.Parameters.AddWithValue(p);
        }

        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? default : (T)value;
    }
}
