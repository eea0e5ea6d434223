using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Wems.Web.Tests.Support;

namespace Wems.Web.Tests.Auth;

public sealed class TokenTests(WemsFactory factory) : IClassFixture<WemsFactory>
{
    private Task<HttpResponseMessage> RequestToken(string username, string password) =>
        factory.CreateClient().PostAsJsonAsync(new Uri("/api/auth/token", UriKind.Relative), new { username, password });

    [Fact]
    public async Task Right_credentials_give_a_short_lived_bearer_token_that_opens_the_cases_collection()
    {
        var response = await RequestToken("latf-analyst", WemsFactory.Password);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var token = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.InRange(token.GetProperty("expiresIn").GetInt32(), 60, 3600);

        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString());
        var cases = await client.GetAsync(new Uri("/ogc/collections/cases", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, cases.StatusCode);
    }

    [Theory]
    [InlineData("ke-analyst", "wrong password")]
    [InlineData("nobody-here", WemsFactory.Password)]
    [InlineData("", "")]
    public async Task Wrong_credentials_are_a_plain_401(string username, string password)
    {
        var response = await RequestToken(username, password);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Invalid credentials", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_for_the_right_one()
    {
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await RequestToken("ug-analyst", $"guess-{i}")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await RequestToken("ug-analyst", WemsFactory.Password)).StatusCode);
    }

    [Fact]
    public async Task A_forged_bearer_token_is_refused()
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "CfDJ8forged.token.value");

        var response = await client.GetAsync(new Uri("/ogc/collections/cases", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Bad_basic_credentials_are_a_401_that_asks_for_basic()
    {
        var response = await factory.BasicClient("ke-analyst", "nope").GetAsync(new Uri("/ogc/collections", UriKind.Relative));

        // Anonymous access is allowed on /ogc, but wrong credentials must not silently become anonymous.
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("Basic", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }
}
