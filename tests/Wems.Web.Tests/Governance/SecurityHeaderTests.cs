using System.Net;
using Wems.Web.Tests.Support;

namespace Wems.Web.Tests.Governance;

/// <summary>Security headers on every response.</summary>
[Collection(GovernanceServer.Name)]
public sealed class SecurityHeaderTests(WemsFactory factory)
{
    [Theory]
    [InlineData("/ogc")]
    [InlineData("/ogc/collections/no-such-collection")]
    [InlineData("/api/public/stats?by=place")]
    public async Task Every_response_carries_the_security_headers(string path)
    {
        var response = await factory.CreateClient().GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("worker-src 'self' blob:", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_ogc_landing_page_is_served_with_them()
    {
        var response = await factory.CreateClient().GetAsync(new Uri("/ogc", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.Contains("Content-Security-Policy"));
    }
}
