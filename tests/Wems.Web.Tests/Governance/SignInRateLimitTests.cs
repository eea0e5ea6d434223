using System.Net;
using System.Net.Http.Json;
using Wems.Web.Tests.Cases;
using Wems.Web.Tests.Support;

namespace Wems.Web.Tests.Governance;

/// <summary>
/// The rate limit of <c>POST /api/auth/token</c>. On its own server (a class fixture), so that no other test is
/// throttled by the requests made here.
/// </summary>
public sealed class SignInRateLimitTests(WemsFactory factory) : IClassFixture<WemsFactory>
{
    [Fact]
    public async Task The_eleventh_token_request_in_a_minute_is_429_with_retry_after()
    {
        var client = factory.CreateClient();
        var token = new Uri("/api/auth/token", UriKind.Relative);
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
        {
            answers.Add((await client.PostAsJsonAsync(token, new { username = "tz-analyst", password = WemsFactory.Password })).StatusCode);
        }

        var eleventh = await client.PostAsJsonAsync(token, new { username = "tz-analyst", password = WemsFactory.Password });
        var problem = await eleventh.JsonAsync();

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a));
        Assert.Equal(HttpStatusCode.TooManyRequests, eleventh.StatusCode);
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.InRange(eleventh.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 60);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/ogc", UriKind.Relative))).StatusCode);
    }
}
