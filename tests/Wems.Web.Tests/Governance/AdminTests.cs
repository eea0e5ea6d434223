using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Wems.Web.Tests.Cases;
using Wems.Web.Tests.Tiers;

namespace Wems.Web.Tests.Governance;

/// <summary>The admin API: organisations, users, regions and the audit trail, for the system and organisation admins.</summary>
[Collection(TierServerGroup.Name)]
public sealed class AdminTests(TierServer server)
{
    /// <summary>The password of the users these tests create.</summary>
    public const string NewPassword = "a-new-password-for-tests";

    private static Uri Url(string path) => new(path, UriKind.Relative);

    private static readonly string[] KenyaUganda = ["KE", "UG"];
    private static readonly string[] Kenya = ["KE"];
    private static readonly string[] LowerCase = ["ke"];

    /// <summary>Creates (as the system administrator) a user of <paramref name="organisation"/> with <see cref="NewPassword"/>.</summary>
    internal static async Task CreateUserAsync(TierServer server, string username, string? organisation, string role)
    {
        var response = await server.Client("admin").PostAsJsonAsync(Url("/api/admin/users"),
            new { username, displayName = $"Test user {username}", organisation, role, password = NewPassword });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    private Task<long> AdminEntriesAsync(string actor, string target) => server.ScalarAsync<long>(
        $"select count(*) from audit_log where operation = 'ADMIN' and actor = '{actor}' and after ->> 'target' = '{target}'");

    [Fact]
    public async Task The_system_admin_creates_an_agency_and_a_user_who_then_signs_in_at_the_national_tier_and_both_are_audited()
    {
        var admin = server.Client("admin");
        var agency = await admin.PostAsJsonAsync(Url("/api/admin/organisations"),
            new { code = "KE-CUSTOMS", name = "Kenya Revenue Authority, Customs", country = "KE", kind = "customs", region = "LATF" });
        var user = await admin.PostAsJsonAsync(Url("/api/admin/users"),
            new { username = "ke-customs-officer", displayName = "KRA officer", organisation = "KE-CUSTOMS", role = "officer", password = NewPassword });
        var me = await (await server.Client("ke-customs-officer", NewPassword).GetAsync(Url("/api/auth/me"))).JsonAsync();
        var listed = await (await admin.GetAsync(Url("/api/admin/organisations"))).Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Created, agency.StatusCode);
        Assert.Equal(HttpStatusCode.Created, user.StatusCode);
        Assert.DoesNotContain("password", await user.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("national", me.GetProperty("tier").GetString());
        Assert.Equal("KE", me.GetProperty("country").GetString());
        Assert.Contains("KE-CUSTOMS", listed, StringComparison.Ordinal);
        Assert.Equal(1, await AdminEntriesAsync("admin", "KE-CUSTOMS"));
        Assert.Equal(1, await AdminEntriesAsync("admin", "ke-customs-officer"));
        Assert.Equal(0, await server.ScalarAsync<long>(
            $"select count(*) from audit_log where after::text like '%{NewPassword}%'"));
    }

    [Fact]
    public async Task An_organisation_admin_manages_only_the_users_of_their_own_organisation()
    {
        await CreateUserAsync(server, "kws-admin", "KWS", "admin");
        var orgAdmin = server.Client("kws-admin", NewPassword);

        var own = await orgAdmin.PostAsJsonAsync(Url("/api/admin/users"),
            new { username = "kws-new-analyst", displayName = "New analyst", organisation = "KWS", role = "analyst", password = NewPassword });
        var other = await orgAdmin.PostAsJsonAsync(Url("/api/admin/users"),
            new { username = "tawa-intruder", displayName = "Intruder", organisation = "TAWA", role = "analyst", password = NewPassword });
        var system = await orgAdmin.PostAsJsonAsync(Url("/api/admin/users"),
            new { username = "kws-root", displayName = "Root", role = "system-admin", password = NewPassword });
        var otherUser = await orgAdmin.PutAsJsonAsync(Url("/api/admin/users/tz-analyst"), new { disabled = true });
        var agency = await orgAdmin.PostAsJsonAsync(Url("/api/admin/organisations"), new { code = "KWS-2", name = "x", country = "KE" });
        var users = (await (await orgAdmin.GetAsync(Url("/api/admin/users"))).JsonAsync()).EnumerateArray().ToList();
        var organisations = (await (await orgAdmin.GetAsync(Url("/api/admin/organisations"))).JsonAsync()).EnumerateArray().ToList();

        Assert.Equal(HttpStatusCode.Created, own.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, system.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, otherUser.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, agency.StatusCode);
        Assert.NotEmpty(users);
        Assert.All(users, u => Assert.Equal("KWS", u.GetProperty("agencyCode").GetString()));
        Assert.Equal(["KWS"], organisations.Select(o => o.GetProperty("code").GetString()));
        Assert.Equal(1, await AdminEntriesAsync("kws-admin", "kws-new-analyst"));
    }

    [Theory]
    [InlineData("ke-analyst")]
    [InlineData("latf-analyst")]
    [InlineData(null)]
    public async Task Anyone_else_is_refused_the_admin_api(string? username)
    {
        var client = server.Client(username);
        var expected = username is null ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden;

        Assert.Equal(expected, (await client.GetAsync(Url("/api/admin/users"))).StatusCode);
        Assert.Equal(expected, (await client.GetAsync(Url("/api/admin/audit"))).StatusCode);
        Assert.Equal(expected, (await client.PutAsJsonAsync(Url("/api/admin/regions/LATF"), new { name = "x", members = Kenya })).StatusCode);
    }

    [Fact]
    public async Task A_password_reset_lifts_the_lockout_and_a_disabled_user_cannot_sign_in()
    {
        await CreateUserAsync(server, "reset-probe", "UWA", "analyst");
        for (var i = 0; i < 5; i++)
        {
            await server.Client("reset-probe", $"wrong-{i}").GetAsync(Url("/api/auth/me"));
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Client("reset-probe", NewPassword).GetAsync(Url("/api/auth/me"))).StatusCode);
        var admin = server.Client("admin");
        var reset = await admin.PostAsJsonAsync(Url("/api/admin/users/reset-probe/password"), new { password = "another-long-password" });
        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.Client("reset-probe", "another-long-password").GetAsync(Url("/api/auth/me"))).StatusCode);

        var disable = await admin.PutAsJsonAsync(Url("/api/admin/users/reset-probe"), new { disabled = true });

        Assert.Equal(HttpStatusCode.OK, disable.StatusCode);
        Assert.True((await disable.JsonAsync()).GetProperty("disabled").GetBoolean());
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Client("reset-probe", "another-long-password").GetAsync(Url("/api/auth/me"))).StatusCode);
        Assert.Equal(1, await server.ScalarAsync<long>(
            "select count(*) from audit_log where operation = 'ADMIN' and after ->> 'action' = 'reset-password' and after ->> 'target' = 'reset-probe'"));
    }

    [Fact]
    public async Task The_system_admin_sets_the_member_countries_of_a_region_which_decide_what_its_analysts_see()
    {
        var admin = server.Client("admin");
        var write = await admin.PutAsJsonAsync(Url("/api/admin/regions/EAC-TEST"), new { name = "Test region", members = KenyaUganda });
        await admin.PostAsJsonAsync(Url("/api/admin/organisations"), new { code = "EAC-TF", name = "Test task force", kind = "task-force", region = "EAC-TEST" });
        await CreateUserAsync(server, "eac-analyst", "EAC-TF", "regional-analyst");
        var regions = await (await admin.GetAsync(Url("/api/admin/regions"))).Content.ReadAsStringAsync();
        var items = await (await server.Client("eac-analyst", NewPassword).GetAsync(Url("/ogc/collections/cases/items?limit=1000"))).JsonAsync();
        var countries = items.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties").GetProperty("country").GetString()).ToHashSet();
        var bad = await admin.PutAsJsonAsync(Url("/api/admin/regions/EAC-TEST"), new { name = "Test region", members = LowerCase });

        Assert.Equal(HttpStatusCode.OK, write.StatusCode);
        Assert.Contains("\"EAC-TEST\"", regions, StringComparison.Ordinal);
        Assert.NotEmpty(countries);
        Assert.Subset(new HashSet<string?> { "KE", "UG" }, countries);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(1, await AdminEntriesAsync("admin", "EAC-TEST"));
    }

    [Theory]
    [InlineData("{\"username\":\"Bad Name\",\"displayName\":\"x\",\"organisation\":\"KWS\",\"role\":\"analyst\",\"password\":\"long-enough-pass\"}", "username")]
    [InlineData("{\"username\":\"short-pass\",\"displayName\":\"x\",\"organisation\":\"KWS\",\"role\":\"analyst\",\"password\":\"short\"}", "password")]
    [InlineData("{\"username\":\"bad-role\",\"displayName\":\"x\",\"organisation\":\"KWS\",\"role\":\"regional-analyst\",\"password\":\"long-enough-pass\"}", "role")]
    [InlineData("{\"username\":\"no-org\",\"displayName\":\"x\",\"organisation\":\"NOPE\",\"role\":\"analyst\",\"password\":\"long-enough-pass\"}", "organisation")]
    public async Task A_bad_user_is_a_400_naming_the_field(string body, string field)
    {
        var response = await server.Client("admin").PostAsync(Url("/api/admin/users"), new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, (await response.JsonAsync()).GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task Admins_page_through_the_audit_trail_newest_first_and_export_it_as_csv()
    {
        var admin = server.Client("admin");
        var first = await (await admin.GetAsync(Url("/api/admin/audit?limit=5"))).JsonAsync();
        var next = first.GetProperty("next").GetString();
        var second = await (await admin.GetAsync(Url($"/api/admin/audit?limit=5&next={next}"))).JsonAsync();
        var ids = first.GetProperty("entries").EnumerateArray().Concat(second.GetProperty("entries").EnumerateArray())
            .Select(e => e.GetProperty("id").GetInt64()).ToList();
        var csv = await admin.GetAsync(Url("/api/admin/audit?f=csv&operation=ADMIN"));
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(10, ids.Count);
        Assert.Equal(ids.OrderDescending(), ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Equal("id,at,actor,table_name,operation,case_id,before,after", lines[0]);
        Assert.Equal(await server.ScalarAsync<long>("select count(*) from audit_log where operation = 'ADMIN'"), lines.Length - 1);
        Assert.All(lines.Skip(1), l => Assert.Contains(",ADMIN,", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_organisation_admin_reads_only_the_audit_entries_of_their_organisations_users()
    {
        await CreateUserAsync(server, "tawa-admin", "TAWA", "admin");
        await server.Client("tz-analyst").PostAsJsonAsync(Url("/api/auth/tokens"), new { name = "for the audit" });
        await server.Client("ke-analyst").PostAsJsonAsync(Url("/api/auth/tokens"), new { name = "for the audit" });

        var page = await (await server.Client("tawa-admin", NewPassword).GetAsync(Url("/api/admin/audit?limit=1000"))).JsonAsync();
        var actors = page.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("actor").GetString()).ToHashSet();

        Assert.Contains("tz-analyst", actors);
        Assert.DoesNotContain("ke-analyst", actors);
        Assert.DoesNotContain("admin", actors);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=abc", "limit")]
    [InlineData("operation=DROP", "operation")]
    [InlineData("from=yesterday", "from")]
    [InlineData("f=xml", "f")]
    [InlineData("next=-1", "next")]
    [InlineData("sql=1", "sql")]
    public async Task A_bad_audit_query_is_a_400_naming_the_parameter(string query, string parameter)
    {
        var response = await server.Client("admin").GetAsync(Url($"/api/admin/audit?{query}"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(parameter, (await response.JsonAsync()).GetProperty("parameter").GetString());
    }
}
