using System.Net;
using System.Net.Http.Json;
using Wems.Web.Cases;
using Wems.Web.Tests.Support;

namespace Wems.Web.Tests.Cases;

/// <summary>Updates with optimistic concurrency, closing and soft deletion, and who may do them.</summary>
[Collection(CaseApiServer.Name)]
public sealed class CaseChangeTests(WemsFactory factory)
{
    private HttpClient Officer => factory.BasicClient("ke-officer");

    [Fact]
    public async Task An_update_at_the_current_version_is_stored_and_answers_the_next_ETag()
    {
        var (id, etag) = await CaseApi.CreateAsync(Officer, CaseApi.Valid("API-PUT-1"));

        var response = await Officer.SendAsync(CaseApi.Put(id, CaseApi.Valid("API-PUT-1") with { PlaceName = "Langata gate" }, etag));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"2\"", response.Headers.ETag!.Tag);
        Assert.Equal("Langata gate", (await response.JsonAsync()).GetProperty("placeName").GetString());
        Assert.Equal("ke-officer", await factory.ScalarAsync<string>("select updated_by from seizure_case where id = $1", id));
    }

    [Fact]
    public async Task An_update_with_a_stale_If_Match_is_412_and_the_stored_case_is_unchanged()
    {
        var (id, stale) = await CaseApi.CreateAsync(Officer, CaseApi.Valid("API-PUT-STALE"));
        var first = await Officer.SendAsync(CaseApi.Put(id, CaseApi.Valid("API-PUT-STALE") with { PlaceName = "first edit" }, stale));

        var second = await Officer.SendAsync(CaseApi.Put(id, CaseApi.Valid("API-PUT-STALE") with { PlaceName = "lost edit" }, stale));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, second.StatusCode);
        Assert.Equal(2, (await second.JsonAsync()).GetProperty("currentVersion").GetInt32());
        Assert.Equal("first edit", await factory.ScalarAsync<string>("select place_name from seizure_case where id = $1", id));
        Assert.Equal(2, await factory.ScalarAsync<int>("select version from seizure_case where id = $1", id));
    }

    [Fact]
    public async Task An_update_without_If_Match_is_428_and_changes_nothing()
    {
        var (id, _) = await CaseApi.CreateAsync(Officer, CaseApi.Valid("API-PUT-NOMATCH"));

        var response = await Officer.SendAsync(CaseApi.Put(id, CaseApi.Valid("API-PUT-NOMATCH") with { PlaceName = "x" }, ifMatch: null));

        Assert.Equal((HttpStatusCode)428, response.StatusCode);
        Assert.Equal(1, await factory.ScalarAsync<int>("select version from seizure_case where id = $1", id));
    }

    [Fact]
    public async Task A_Kenyan_officer_cannot_create_a_Tanzanian_case()
    {
        var request = CaseApi.Valid("API-TZ-1") with { Country = "TZ", AgencyCode = "TAWA", Location = new LocationDto(36.6827, -3.3869) };

        var response = await Officer.PostAsJsonAsync(CaseApi.Cases, request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, await factory.ScalarAsync<long>("select count(*) from seizure_case where reference = 'API-TZ-1'"));
    }

    [Fact]
    public async Task A_Kenyan_officer_cannot_update_close_or_delete_a_Tanzanian_case()
    {
        var tanzanian = await factory.ScalarAsync<Guid>("select id from seizure_case where country = 'TZ' and deleted_at is null order by id limit 1");
        var before = await factory.ScalarAsync<string>("select to_jsonb(c)::text from seizure_case c where id = $1", tanzanian);

        var update = await Officer.SendAsync(CaseApi.Put(tanzanian, CaseApi.Valid("API-TZ-2"), "\"1\""));
        var close = await Officer.PostAsync(CaseApi.Case(tanzanian, "/close"), null);
        var delete = await Officer.DeleteAsync(CaseApi.Case(tanzanian));

        Assert.Equal(HttpStatusCode.NotFound, update.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, close.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        Assert.Equal(before, await factory.ScalarAsync<string>("select to_jsonb(c)::text from seizure_case c where id = $1", tanzanian));
    }

    [Fact]
    public async Task A_Kenyan_officer_may_read_but_not_change_another_Kenyan_agencys_case()
    {
        var customs = await factory.ScalarAsync<Guid>(
            "select id from seizure_case where country = 'KE' and agency_code <> 'KWS' and deleted_at is null order by id limit 1");

        var read = await Officer.GetAsync(CaseApi.Case(customs));
        var delete = await Officer.DeleteAsync(CaseApi.Case(customs));

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
        Assert.Null(await factory.ScalarAsync<DateTime?>("select deleted_at from seizure_case where id = $1", customs));
    }

    [Fact]
    public async Task Closing_a_case_marks_it_closed_at_the_next_version()
    {
        var (id, etag) = await CaseApi.CreateAsync(Officer, CaseApi.Valid("API-CLOSE-1"));
        using var close = new HttpRequestMessage(HttpMethod.Post, CaseApi.Case(id, "/close"));
        close.Headers.TryAddWithoutValidation("If-Match", etag);

        var response = await Officer.SendAsync(close);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("closed", (await response.JsonAsync()).GetProperty("status").GetString());
        Assert.Equal("\"2\"", response.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task Deleting_is_soft_and_audited_with_its_actor()
    {
        var (id, _) = await CaseApi.CreateAsync(Officer, CaseApi.Valid("API-DELETE-1"));

        var delete = await Officer.DeleteAsync(CaseApi.Case(id));
        var read = await Officer.GetAsync(CaseApi.Case(id));

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.NotNull(await factory.ScalarAsync<DateTime?>("select deleted_at from seizure_case where id = $1", id));
        Assert.Equal(1, await factory.ScalarAsync<long>(
            """
            select count(*) from audit_log where case_id = $1 and table_name = 'seizure_case' and operation = 'UPDATE'
              and actor = 'ke-officer' and before ->> 'deleted_at' is null and after ->> 'deleted_at' is not null
            """, id));
    }
}
