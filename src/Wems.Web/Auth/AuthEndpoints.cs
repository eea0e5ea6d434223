using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Wems.Web.Auth;

/// <summary>The credentials of <c>POST /api/auth/token</c>.</summary>
public sealed record TokenRequest(string Username, string Password);

/// <summary>
/// Authentication: the UI's sign-in cookie, HTTP Basic, short-lived bearer tokens and personal access tokens, selected
/// by the Authorization header; OpenID Connect when configured.
/// </summary>
public static class AuthEndpoints
{
    private const string Selector = "wems";

    public static IServiceCollection AddWemsAuth(this IServiceCollection services)
    {
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SignInService>();
        services.AddSingleton<Wems.Gis.Governance.AuditLog>();
        var authentication = services.AddAuthentication(Selector)
            .AddPolicyScheme(Selector, "Cookie, Basic, bearer or personal access token", o => o.ForwardDefaultSelector = SelectScheme)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, BasicAuthenticationHandler>(BasicAuthenticationHandler.SchemeName, null)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, AccessTokenHandler>(AccessTokenHandler.SchemeName, null)
            .AddBearerToken(BearerTokenDefaults.AuthenticationScheme)
            .AddCookie(CookieSignIn.Scheme);
        services.AddOptions<BearerTokenOptions>(BearerTokenDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>>((bearer, auth) => bearer.BearerTokenExpiration = auth.Value.TokenLifetime);
        CookieSignIn.Configure(services);
        OidcSignIn.Configure(services, authentication);
        services.AddAuthorization();
        return services;
    }

    // The Authorization header decides: Basic, a personal access token, or a short-lived bearer token. Without one,
    // the UI's sign-in cookie, when the request brings it; otherwise bearer (whose challenge is a plain 401).
    private static string SelectScheme(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return BasicAuthenticationHandler.SchemeName;
        }

        if (header.StartsWith("Bearer " + AccessTokens.Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return AccessTokenHandler.SchemeName;
        }

        return header.Length == 0 && context.Request.Cookies.ContainsKey(CookieSignIn.CookieName)
            ? CookieSignIn.Scheme
            : BearerTokenDefaults.AuthenticationScheme;
    }

    /// <summary>
    /// Authentication and authorisation middleware. Resources such as <c>/ogc</c> allow anonymous callers, but
    /// a request that brings credentials that fail is answered 401 rather than served as anonymous, so a
    /// client with a mistyped password learns it instead of silently seeing less. A state-changing request
    /// authenticated by the sign-in cookie must carry the antiforgery token (<see cref="CookieSignIn"/>).
    /// </summary>
    public static WebApplication UseWemsAuth(this WebApplication app)
    {
        app.UseAuthentication();
        app.Use(async (context, next) =>
        {
            if (context.Request.Headers.Authorization.Count > 0 && context.User.Identity?.IsAuthenticated != true
                && !context.Request.Path.StartsWithSegments("/api/auth/token"))
            {
                await context.ChallengeAsync();
                return;
            }

            await next(context);
        });
        app.UseCookieAntiforgery();
        app.UseAuthorization();
        return app;
    }

    public static IEndpointRouteBuilder MapAuth(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/auth/token", CreateToken).WithTags("Auth").AllowAnonymous();
        app.MapCookieSignIn();
        app.MapAccessTokens();
        app.MapOidcSignIn();
        return app;
    }

    /// <summary>
    /// Exchanges a user name and password for a short-lived bearer token. Every failure (unknown user, wrong
    /// password, locked or disabled account) is the same 401, so the answer tells an attacker nothing.
    /// </summary>
    internal static async Task<Results<SignInHttpResult, ProblemHttpResult>> CreateToken(TokenRequest request, SignInService signIn,
        CancellationToken cancellationToken)
    {
        var (principal, _) = await signIn.SignInAsync(request.Username ?? "", request.Password ?? "", BearerTokenDefaults.AuthenticationScheme,
            cancellationToken);
        return principal is null
            ? TypedResults.Problem(title: "Invalid credentials", statusCode: StatusCodes.Status401Unauthorized)
            : TypedResults.SignIn(principal, authenticationScheme: BearerTokenDefaults.AuthenticationScheme);
    }
}
