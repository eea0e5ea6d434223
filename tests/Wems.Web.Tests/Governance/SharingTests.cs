using System.Net;
using Wems.Web.Cases;
using Wems.Web.Tests.Cases;
using Wems.Web.Tests.Support;

namespace Wems.Web.Tests.Governance;

/// <summary><c>POST /api/cases/{id}/share</c> and <c>/unshare</c>.</summary>
[Collection(GovernanceServer.Name)]
public sealed class SharingTests(WemsFactory factory)
{
    [Fact]
    public async Task A_shared_case_is_seen_by_the_region_at_once_and_lost_again_when_unshared()
    {
        var (id, _) = await CaseApi.CreateAsync(factory.BasicClient("ke-officer"), CaseApi.Valid("GOV-SHARE-1"));
        var analyst = factory.BasicClient("ke-analyst");
        var region = factory.BasicClient("latf-analyst");
        Assert.Equal(HttpStatusCode.NotFound, (await region.GetAsync(CaseApi.Case(id))).StatusCode);

        var shared = await analyst.PostAsync(CaseApi.Case(id, "/share"), null);
        var sharedState = await shared.JsonAsync();
        var seen = await region.GetAsync(CaseApi.Case(id));
        var seenOgc = await region.GetAsync(new Uri($"/ogc/collections/cases/items/{id}", UriKind.Relative));
        var unshared = await analyst.PostAsync(CaseApi.Case(id, "/unshare"), null);
        var lost = await region.GetAsync(CaseApi.Case(id));

        Assert.Equal(HttpStatusCode.OK, shared.StatusCode);
        Assert.True(sharedState.GetProperty("transboundary").GetBoolean());
        Assert.True(sharedState.GetProperty("sharedManually").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, seen.StatusCode);
        Assert.Equal(HttpStatusCode.OK, seenOgc.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unshared.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, lost.StatusCode);
    }

    [Fact]
    public async Task Sharing_and_unsharing_are_audited_with_the_analyst_as_actor()
    {
        var (id, _) = await CaseApi.CreateAsync(factory.BasicClient("ke-officer"), CaseApi.Valid("GOV-SHARE-AUDIT"));
        var analyst = factory.BasicClient("ke-analyst");

        await analyst.PostAsync(CaseApi.Case(id, "/share"), null);
        await analyst.PostAsync(CaseApi.Case(id, "/unshare"), null);
        var audited = await factory.ScalarAsync<long>(
            "select count(*) from audit_log where case_id = $1 and table_name = 'seizure_case' and operation = 'UPDATE' and actor = 'ke-analyst' " +
            "and (before ->> 'shared_manually') is distinct from (after ->> 'shared_manually')", id);

        Assert.Equal(2, audited);
    }

    [Fact]
    public async Task A_case_shared_by_rule_cannot_be_unshared_by_hand()
    {
        // Jomo Kenyatta International Airport: an airport seizure is transboundary by rule.
        var airport = CaseApi.Valid("GOV-SHARE-RULE") with
        {
            Location = new LocationDto(36.9275, -1.3192), LocationType = "airport", TransportMode = "air-passenger-baggage",
        };
        var (id, _) = await CaseApi.CreateAsync(factory.BasicClient("ke-officer"), airport);

        var response = await factory.BasicClient("ke-analyst").PostAsync(CaseApi.Case(id, "/unshare"), null);
        var problem = await response.JsonAsync();

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("sharing rule", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await factory.BasicClient("latf-analyst").GetAsync(CaseApi.Case(id))).StatusCode);
    }

    [Theory]
    [InlineData("ke-officer", HttpStatusCode.Forbidden)]
    [InlineData("latf-analyst", HttpStatusCode.Forbidden)]
    [InlineData("admin", HttpStatusCode.Forbidden)]
    [InlineData("tz-analyst", HttpStatusCode.NotFound)]
    public async Task Only_a_national_analyst_or_admin_of_the_cases_country_shares_it(string username, HttpStatusCode expected)
    {
        var (id, _) = await CaseApi.CreateAsync(factory.BasicClient("ke-officer"), CaseApi.Valid($"GOV-SHARE-WHO-{username}"));

        var response = await factory.BasicClient(username).PostAsync(CaseApi.Case(id, "/share"), null);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(0, await factory.ScalarAsync<long>("select count(*) from seizure_case where id = $1 and shared_manually", id));
    }

    [Fact]
    public async Task An_anonymous_caller_is_asked_to_sign_in()
    {
        var response = await factory.CreateClient().PostAsync(CaseApi.Case(Guid.NewGuid(), "/share"), null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
