using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Wems.Gis.Storage;

namespace Wems.Web.Auth;

/// <summary>
/// OpenID Connect sign-in for agencies with their own identity provider, on only when <c>Auth:Oidc:Authority</c> and
/// <c>Auth:Oidc:ClientId</c> are configured. <c>GET /api/auth/oidc/signin?returnUrl=/</c> sends the browser to the
/// provider (authorization code flow with PKCE); on its return to <c>/signin-oidc</c> the ID token's
/// <see cref="OidcOptions.UsernameClaim"/> names the WEMS account, which must exist and not be disabled; the user then
/// gets the same session cookie as a password sign-in, with the account's organisation and role (never the provider's).
/// </summary>
public static class OidcSignIn
{
    public const string Scheme = OpenIdConnectDefaults.AuthenticationScheme;

    internal static void Configure(IServiceCollection services, AuthenticationBuilder authentication)
    {
        // The host's configuration object, registered by the builder (as an instance, or by a factory that returns it):
        // read here because whether the scheme exists at all depends on it (an OpenID Connect handler without a client id
        // fails on every request).
        var descriptor = services.LastOrDefault(d => d.ServiceType == typeof(IConfiguration));
        if ((descriptor?.ImplementationInstance ?? descriptor?.ImplementationFactory?.Invoke(EmptyProvider.Instance)) is not IConfiguration configuration)
        {
            return;
        }

        var oidc = configuration.GetSection($"{AuthOptions.Section}:Oidc").Get<OidcOptions>() ?? new OidcOptions();
        if (!oidc.Enabled)
        {
            return;
        }

        authentication.AddOpenIdConnect(Scheme, o =>
        {
            o.Authority = oidc.Authority;
            o.ClientId = oidc.ClientId;
            o.ClientSecret = oidc.ClientSecret;
            o.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
            o.ResponseType = "code";
            o.UsePkce = true;
            o.SignInScheme = CookieSignIn.Scheme;
            o.CallbackPath = "/signin-oidc";
            o.MapInboundClaims = false;
            o.SaveTokens = false;
            o.GetClaimsFromUserInfoEndpoint = false;
            o.Scope.Clear();
            o.Scope.Add("openid");
            o.Scope.Add("profile");
            o.Scope.Add("email");
            o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.Always;
            o.NonceCookie.SecurePolicy = CookieSecurePolicy.Always;
            o.Events.OnTokenValidated = MapToAccountAsync;
            o.Events.OnRemoteFailure = context =>
            {
                context.Response.Redirect("/?signin=failed");
                context.HandleResponse();
                return Task.CompletedTask;
            };
        });
    }

    // The provider vouches for who the user is; WEMS alone decides what they may see.
    private static async Task MapToAccountAsync(Microsoft.AspNetCore.Authentication.OpenIdConnect.TokenValidatedContext context)
    {
        var options = context.HttpContext.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.Oidc;
        var username = context.Principal?.FindFirst(options.UsernameClaim)?.Value?.Trim().ToLowerInvariant();
        var accounts = context.HttpContext.RequestServices.GetRequiredService<AccountRepository>();
        var record = username is not null && SignInService.IsPossibleUsername(username) ? await accounts.FindForSignInAsync(username, context.HttpContext.RequestAborted) : null;
        if (record is null || record.Disabled)
        {
            context.Fail("The identity provider's user has no WEMS account, or it is disabled.");
            return;
        }

        context.Principal = SignInService.Principal(record, CookieSignIn.Scheme);
    }

    internal static IEndpointRouteBuilder MapOidcSignIn(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/auth/oidc/signin", (HttpContext context, IAuthenticationSchemeProvider schemes) => Challenge(context, schemes))
            .WithTags("Auth").AllowAnonymous();
        return app;
    }

    private static async Task<IResult> Challenge(HttpContext context, IAuthenticationSchemeProvider schemes)
    {
        if (await schemes.GetSchemeAsync(Scheme) is null)
        {
            return TypedResults.Problem(title: "OpenID Connect is not configured", statusCode: StatusCodes.Status404NotFound);
        }

        // Only a local path: never an open redirect.
        var returnUrl = context.Request.Query["returnUrl"].ToString();
        if (!returnUrl.StartsWith('/') || returnUrl.StartsWith("//", StringComparison.Ordinal) || returnUrl.Contains('\\', StringComparison.Ordinal))
        {
            returnUrl = "/";
        }

        return TypedResults.Challenge(new AuthenticationProperties { RedirectUri = returnUrl }, [Scheme]);
    }

    private sealed class EmptyProvider : IServiceProvider
    {
        public static EmptyProvider Instance { get; } = new();

        public object? GetService(Type serviceType) => null;
    }
}
