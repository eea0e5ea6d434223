using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Wems.Web.Tests.Cases;
using Wems.Web.Tests.Tiers;

namespace Wems.Web.Tests.Auth;

/// <summary>Personal access tokens: created, listed and revoked by their owner, usable as bearer tokens, audited.</summary>
[Collection(TierServerGroup.Name)]
public sealed class AccessTokenTests(TierServer server)
{
    private static Uri Url(string path) => new(path, UriKind.Relative);

    private async Task<JsonElement> CreateAsync(string username, string name, int? days = null)
    {
        var response = await server.Client(username).PostAsJsonAsync(Url("/api/auth/tokens"), new { name, expiresInDays = days });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.JsonAsync();
    }

    [Fact]
    public async Task A_token_is_shown_once_stored_only_hashed_and_opens_api_ogc_and_tiles_at_the_owners_tier()
    {
        var created = await CreateAsync("ke-analyst", "qgis at the office", 30);
        var secret = created.GetProperty("token").GetString()!;
        var listed = await (await server.Client("ke-analyst").GetAsync(Url("/api/auth/tokens"))).Content.ReadAsStringAsync();
        var stored = await server.ScalarAsync<long>(
            $"select count(*) from personal_access_token where id = {created.GetProperty("id").GetInt64()} and token_hash = sha256(convert_to('{secret}', 'UTF8'))");
        var client = server.Bearer(secret);
        var me = await (await client.GetAsync(Url("/api/auth/me"))).JsonAsync();
        var cases = await client.GetAsync(Url("/api/cases?limit=3"));
        var items = await (await client.GetAsync(Url("/ogc/collections/cases/items?limit=50"))).JsonAsync();
        var tile = await client.GetAsync(Url("/tiles/cases/0/0/0.mvt"));

        Assert.StartsWith("wems_pat_", secret, StringComparison.Ordinal);
        Assert.InRange(secret.Length, 50, 60);
        Assert.DoesNotContain(secret, listed, StringComparison.Ordinal);
        Assert.Contains("qgis at the office", listed, StringComparison.Ordinal);
        Assert.Equal(1, stored);
        Assert.Equal("PersonalAccessToken", me.GetProperty("authenticatedBy").GetString());
        Assert.Equal(HttpStatusCode.OK, cases.StatusCode);
        Assert.All(items.GetProperty("features").EnumerateArray(), f => Assert.Equal("KE", f.GetProperty("properties").GetProperty("country").GetString()));
        Assert.Equal(HttpStatusCode.OK, tile.StatusCode);
    }

    [Fact]
    public async Task A_revoked_token_is_a_401_everywhere_and_both_steps_are_audited()
    {
        var created = await CreateAsync("tz-analyst", "to revoke");
        var secret = created.GetProperty("token").GetString()!;
        var id = created.GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await server.Bearer(secret).GetAsync(Url("/ogc/collections/cases"))).StatusCode);

        var revoked = await server.Client("tz-analyst").DeleteAsync(Url($"/api/auth/tokens/{id}"));
        var client = server.Bearer(secret);

        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.False((await revoked.JsonAsync()).GetProperty("active").GetBoolean());
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(Url("/api/cases"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(Url("/ogc/collections"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(Url("/tiles/countries/0/0/0.mvt"))).StatusCode);
        Assert.Equal(2, await server.ScalarAsync<long>(
            $"select count(*) from audit_log where operation = 'TOKEN' and actor = 'tz-analyst' and (after ->> 'id')::bigint = {id} and after ->> 'action' in ('create', 'revoke')"));
    }

    [Fact]
    public async Task An_expired_token_is_a_401()
    {
        var created = await CreateAsync("ug-analyst", "expiring", 1);
        await server.ScalarAsync<int>(
            $"update personal_access_token set expires_at = now() - interval '1 second' where id = {created.GetProperty("id").GetInt64()} returning 1");

        var response = await server.Bearer(created.GetProperty("token").GetString()!).GetAsync(Url("/ogc/collections/cases"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_user_cannot_revoke_or_see_another_users_token()
    {
        var created = await CreateAsync("ke-officer", "mine");
        var other = server.Client("ke-analyst");

        var revoke = await other.DeleteAsync(Url($"/api/auth/tokens/{created.GetProperty("id").GetInt64()}"));
        var listed = await (await other.GetAsync(Url("/api/auth/tokens"))).Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, revoke.StatusCode);
        Assert.DoesNotContain("\"mine\"", listed, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await server.Bearer(created.GetProperty("token").GetString()!).GetAsync(Url("/api/auth/me"))).StatusCode);
    }

    [Theory]
    [InlineData("{\"name\":\"\"}", "name")]
    [InlineData("{\"name\":\"ok\",\"expiresInDays\":0}", "expiresInDays")]
    [InlineData("{\"name\":\"ok\",\"expiresInDays\":100000}", "expiresInDays")]
    public async Task A_bad_token_request_is_a_400_naming_the_field(string body, string field)
    {
        var response = await server.Client("ke-analyst").PostAsync(Url("/api/auth/tokens"),
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, (await response.JsonAsync()).GetProperty("parameter").GetString());
    }

    [Theory]
    [InlineData("wems_pat_")]
    [InlineData("wems_pat_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task An_unknown_token_is_a_401(string token)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Bearer(token).GetAsync(Url("/ogc/collections"))).StatusCode);
    }

    [Fact]
    public async Task Anonymous_callers_have_no_token_api()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Client().GetAsync(Url("/api/auth/tokens"))).StatusCode);
    }
}
