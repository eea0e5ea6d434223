using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Web;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Wems.Web.Tests.Cases;
using Wems.Web.Tests.Tiers;

namespace Wems.Web.Tests.Auth;

/// <summary>
/// OpenID Connect sign-in against a fake issuer in the test process (discovery document, JWKS and token endpoint served
/// through the handler's back channel): the authorization code flow end to end, and the mapping of the ID token's
/// user-name claim to a WEMS account.
/// </summary>
[Collection(TierServerGroup.Name)]
public sealed class OidcSignInTests(TierServer server)
{
    private const string Issuer = "https://idp.test";

    private static Uri Url(string path) => new(path, UriKind.Relative);

    private static async Task<(HttpClient Browser, HttpResponseMessage Callback)> SignInAsync(FakeIssuer issuer, WebApplicationFactory<Program> app)
    {
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });
        var challenge = await browser.GetAsync(Url("/api/auth/oidc/signin?returnUrl=/map"));
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var authorize = challenge.Headers.Location!;
        Assert.StartsWith($"{Issuer}/authorize", authorize.ToString(), StringComparison.Ordinal);
        var query = HttpUtility.ParseQueryString(authorize.Query);
        Assert.Equal("wems", query["client_id"]);
        Assert.Equal("code", query["response_type"]);
        Assert.False(string.IsNullOrEmpty(query["code_challenge"]));
        issuer.Nonce = query["nonce"]!;

        // The provider sends the browser back with a code, by a form post (the handler's default response mode).
        var callback = await browser.PostAsync(Url("/signin-oidc"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["code"] = "the-code", ["state"] = query["state"]!,
        }));
        return (browser, callback);
    }

    private WebApplicationFactory<Program> App(FakeIssuer issuer) => server.Server.WithWebHostBuilder(b => b
        .UseSetting("Auth:Oidc:Authority", Issuer)
        .UseSetting("Auth:Oidc:ClientId", "wems")
        .UseSetting("Auth:Oidc:ClientSecret", "test-secret")
        .ConfigureTestServices(s => s.Configure<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme, o => o.BackchannelHttpHandler = issuer)));

    [Fact]
    public async Task A_user_of_the_identity_provider_signs_in_as_the_wems_account_its_claim_names()
    {
        using var issuer = new FakeIssuer("ke-analyst");
        using var app = App(issuer);

        var (browser, callback) = await SignInAsync(issuer, app);
        var me = await browser.GetAsync(Url("/api/auth/me"));
        var body = await me.JsonAsync();

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal("/map", callback.Headers.Location!.OriginalString);
        Assert.True(issuer.CodeRedeemed);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal("ke-analyst", body.GetProperty("username").GetString());
        Assert.Equal("national", body.GetProperty("tier").GetString());
        Assert.Equal("KWS", body.GetProperty("organisation").GetString());
    }

    [Fact]
    public async Task A_user_without_a_wems_account_is_not_signed_in()
    {
        using var issuer = new FakeIssuer("someone-unknown");
        using var app = App(issuer);

        var (browser, callback) = await SignInAsync(issuer, app);

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal("/?signin=failed", callback.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync(Url("/api/auth/me"))).StatusCode);
    }

    [Fact]
    public async Task Without_configuration_there_is_no_openid_connect_sign_in()
    {
        var response = await server.Client().GetAsync(Url("/api/auth/oidc/signin"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>The identity provider: discovery, keys and a token endpoint that issues a signed ID token for one user.</summary>
    private sealed class FakeIssuer(string username) : HttpMessageHandler
    {
        private static readonly string[] Code = ["code"];
        private static readonly string[] PublicSubjects = ["public"];
        private static readonly string[] Rs256 = ["RS256"];

        private readonly RSA _key = RSA.Create(2048);

        public string Nonce { get; set; } = "";

        public bool CodeRedeemed { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri!.AbsolutePath;
            if (path == "/.well-known/openid-configuration")
            {
                return Json(new Dictionary<string, object>
                {
                    ["issuer"] = Issuer, ["authorization_endpoint"] = $"{Issuer}/authorize", ["token_endpoint"] = $"{Issuer}/token",
                    ["jwks_uri"] = $"{Issuer}/jwks", ["response_types_supported"] = Code,
                    ["subject_types_supported"] = PublicSubjects, ["id_token_signing_alg_values_supported"] = Rs256,
                });
            }

            if (path == "/jwks")
            {
                var p = _key.ExportParameters(false);
                return Json(new { keys = new[] { new { kty = "RSA", kid = "k1", use = "sig", alg = "RS256", n = Base64UrlEncoder.Encode(p.Modulus), e = Base64UrlEncoder.Encode(p.Exponent) } } });
            }

            if (path == "/token" && request.Method == HttpMethod.Post)
            {
                var form = HttpUtility.ParseQueryString(await request.Content!.ReadAsStringAsync(cancellationToken));
                if (form["code"] != "the-code" || form["client_id"] is not (null or "wems") || string.IsNullOrEmpty(form["code_verifier"]))
                {
                    return new HttpResponseMessage(HttpStatusCode.BadRequest);
                }

                CodeRedeemed = true;
                var now = DateTime.UtcNow;
                var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
                {
                    Issuer = Issuer,
                    Audience = "wems",
                    IssuedAt = now,
                    NotBefore = now,
                    Expires = now.AddMinutes(5),
                    Subject = new ClaimsIdentity([new Claim("sub", "idp-user-1"), new Claim("preferred_username", username), new Claim("nonce", Nonce)]),
                    SigningCredentials = new SigningCredentials(new RsaSecurityKey(_key) { KeyId = "k1" }, SecurityAlgorithms.RsaSha256),
                });
                return Json(new { id_token = token, access_token = "opaque-access-token", token_type = "Bearer", expires_in = 300 });
            }

            return new HttpResponseMessage(HttpStatusCode.NotFound);
        }

        private static HttpResponseMessage Json(object body) => new(HttpStatusCode.OK)
        {
            Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
        };

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _key.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
