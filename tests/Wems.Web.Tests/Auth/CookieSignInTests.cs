using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Wems.Web.Tests.Cases;
using Wems.Web.Tests.Support;
using Wems.Web.Tests.Tiers;

namespace Wems.Web.Tests.Auth;

/// <summary>The UI's cookie sign-in, <c>/api/auth/me</c>, sign-out and the antiforgery rule of cookie-authenticated writes.</summary>
[Collection(TierServerGroup.Name)]
public sealed class CookieSignInTests(TierServer server)
{
    private static Uri Url(string path) => new(path, UriKind.Relative);

    private static async Task<(HttpResponseMessage Response, JsonElement Body)> SignInAsync(HttpClient browser, string username,
        string password = WemsFactory.Password)
    {
        var response = await browser.PostAsJsonAsync(Url("/api/auth/signin"), new { username, password });
        return (response, await response.JsonAsync());
    }

    [Fact]
    public async Task A_json_sign_in_sets_a_secure_httponly_strict_cookie_and_me_tells_who_and_which_tier()
    {
        var browser = server.Browser();
        var (response, body) = await SignInAsync(browser, "ke-analyst");
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-wems-session=", StringComparison.Ordinal));
        var me = await (await browser.GetAsync(Url("/api/auth/me"))).JsonAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.False(string.IsNullOrEmpty(body.GetProperty("csrfToken").GetString()));
        Assert.Equal("ke-analyst", me.GetProperty("username").GetString());
        Assert.Equal("KWS", me.GetProperty("organisation").GetString());
        Assert.Equal("KE", me.GetProperty("country").GetString());
        Assert.Equal(["analyst"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("national", me.GetProperty("tier").GetString());
        Assert.Equal("Cookies", me.GetProperty("authenticatedBy").GetString());
    }

    [Fact]
    public async Task Me_names_the_collections_the_callers_tier_may_see_as_the_ogc_collections_list_does()
    {
        foreach (var username in new[] { "ke-analyst", "latf-analyst" })
        {
            var browser = server.Browser();
            await SignInAsync(browser, username);
            var me = await (await browser.GetAsync(Url("/api/auth/me"))).JsonAsync();
            var listed = await (await browser.GetAsync(Url("/ogc/collections"))).JsonAsync();

            var named = me.GetProperty("collections").EnumerateArray().Select(c => c.GetString()).ToArray();
            Assert.Equal(listed.GetProperty("collections").EnumerateArray().Select(c => c.GetProperty("id").GetString()), named);
            Assert.Contains("cases", named);
            Assert.Contains("hotspots", named);
        }
    }

    [Fact]
    public async Task A_form_sign_in_works_too_and_the_cookie_opens_the_api_ogc_and_tiles_at_the_users_tier()
    {
        var browser = server.Browser();
        var response = await browser.PostAsync(Url("/api/auth/signin"),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = "latf-analyst", ["password"] = WemsFactory.Password }));
        var me = await (await browser.GetAsync(Url("/api/auth/me"))).JsonAsync();
        var cases = await browser.GetAsync(Url("/api/cases?limit=5"));
        var ogc = await browser.GetAsync(Url("/ogc/collections/cases"));
        var tiles = await browser.GetAsync(Url("/tiles/cases.json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("regional", me.GetProperty("tier").GetString());
        Assert.Equal("LATF", me.GetProperty("region").GetString());
        Assert.Equal(HttpStatusCode.OK, cases.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ogc.StatusCode);
        Assert.Equal(HttpStatusCode.OK, tiles.StatusCode);
    }

    [Theory]
    [InlineData("ke-analyst", "wrong password")]
    [InlineData("nobody-here", WemsFactory.Password)]
    public async Task Wrong_credentials_are_a_plain_401_and_set_no_session(string username, string password)
    {
        var browser = server.Browser();
        var (response, body) = await SignInAsync(browser, username, password);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Invalid credentials", body.GetProperty("title").GetString());
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("__Host-wems-session=", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync(Url("/api/auth/me"))).StatusCode);
    }

    [Fact]
    public async Task Cookie_sign_in_failures_count_towards_the_lockout()
    {
        await Wems.Web.Tests.Governance.AdminTests.CreateUserAsync(server, "lockout-probe", "KWS", "analyst");
        var browser = server.Browser();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(browser, "lockout-probe", $"guess-{i}")).Response.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(browser, "lockout-probe", Wems.Web.Tests.Governance.AdminTests.NewPassword)).Response.StatusCode);
    }

    [Fact]
    public async Task A_cookie_authenticated_post_without_the_antiforgery_token_is_a_400_problem_and_with_it_goes_through()
    {
        var browser = server.Browser();
        var (_, body) = await SignInAsync(browser, "tz-analyst");
        var request = new { name = "csrf probe", expiresInDays = 1 };

        var without = await browser.PostAsJsonAsync(Url("/api/auth/tokens"), request);
        var problem = await without.JsonAsync();
        var forged = new HttpRequestMessage(HttpMethod.Post, Url("/api/auth/tokens")) { Content = JsonContent.Create(request) };
        forged.Headers.Add("X-CSRF-TOKEN", "CfDJ8forged");
        var withForged = await browser.SendAsync(forged);
        var signed = new HttpRequestMessage(HttpMethod.Post, Url("/api/auth/tokens")) { Content = JsonContent.Create(request) };
        signed.Headers.Add("X-CSRF-TOKEN", body.GetProperty("csrfToken").GetString());
        var withToken = await browser.SendAsync(signed);

        Assert.Equal(HttpStatusCode.BadRequest, without.StatusCode);
        Assert.Equal("application/problem+json", without.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Antiforgery token missing or invalid", problem.GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, withForged.StatusCode);
        Assert.Equal(HttpStatusCode.Created, withToken.StatusCode);
    }

    [Fact]
    public async Task The_antiforgery_endpoint_gives_a_token_that_works_for_the_signed_in_user()
    {
        var browser = server.Browser();
        await SignInAsync(browser, "ug-analyst");
        var antiforgery = await (await browser.GetAsync(Url("/api/auth/antiforgery"))).JsonAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, Url("/api/auth/tokens")) { Content = JsonContent.Create(new { name = "via endpoint" }) };
        request.Headers.Add(antiforgery.GetProperty("headerName").GetString()!, antiforgery.GetProperty("token").GetString());

        Assert.Equal(HttpStatusCode.Created, (await browser.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task Bearer_and_basic_writes_are_not_subject_to_antiforgery()
    {
        var bearer = server.Bearer(await server.TokenAsync("cg-analyst"));
        var basic = server.Client("cg-analyst");

        Assert.Equal(HttpStatusCode.Created, (await bearer.PostAsJsonAsync(Url("/api/auth/tokens"), new { name = "bearer" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await basic.PostAsJsonAsync(Url("/api/auth/tokens"), new { name = "basic" })).StatusCode);
    }

    [Fact]
    public async Task Sign_out_needs_the_token_and_ends_the_session()
    {
        var browser = server.Browser();
        var (_, body) = await SignInAsync(browser, "ke-officer");
        var refused = await browser.PostAsync(Url("/api/auth/signout"), null);
        var request = new HttpRequestMessage(HttpMethod.Post, Url("/api/auth/signout"));
        request.Headers.Add("X-CSRF-TOKEN", body.GetProperty("csrfToken").GetString());
        var signedOut = await browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, signedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync(Url("/api/auth/me"))).StatusCode);
    }

    [Fact]
    public async Task A_disabled_user_loses_the_session_at_the_next_request()
    {
        await Wems.Web.Tests.Governance.AdminTests.CreateUserAsync(server, "soon-disabled", "TAWA", "officer");
        var browser = server.Browser();
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(browser, "soon-disabled", Wems.Web.Tests.Governance.AdminTests.NewPassword)).Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(Url("/api/auth/me"))).StatusCode);

        var admin = server.Client("admin");
        var disable = await admin.PutAsJsonAsync(Url("/api/admin/users/soon-disabled"), new { disabled = true });

        Assert.Equal(HttpStatusCode.OK, disable.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync(Url("/api/auth/me"))).StatusCode);
    }

    [Fact]
    public async Task The_cookie_sign_in_shares_the_token_endpoints_rate_limit()
    {
        using var limited = server.Server.WithWebHostBuilder(b => b.UseSetting("Governance:TokenRequestsPerMinute", "3"));
        var client = limited.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost") });
        var answers = new List<HttpStatusCode>();
        answers.Add((await client.PostAsJsonAsync(Url("/api/auth/token"), new { username = "x-nobody", password = "p" })).StatusCode);
        for (var i = 0; i < 3; i++)
        {
            answers.Add((await client.PostAsJsonAsync(Url("/api/auth/signin"), new { username = "x-nobody", password = "p" })).StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], answers);
    }
}
