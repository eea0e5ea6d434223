using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Wems.Gis.Features;
using Wems.Gis.Storage;

namespace Wems.Web.Auth;

/// <summary>What <c>GET /api/auth/me</c> answers: who the caller is and what tier the server applies.</summary>
/// <param name="Username">Login name.</param>
/// <param name="DisplayName">Name shown in the UI.</param>
/// <param name="Organisation">Agency or regional organisation code; null for the system administrator.</param>
/// <param name="Country">The agency's country (national organisations).</param>
/// <param name="Region">The region (regional organisations).</param>
/// <param name="Roles">The user's roles.</param>
/// <param name="Tier">national, regional or public: the data tier the caller's requests run under.</param>
/// <param name="AuthenticatedBy">Cookie, Basic, BearerToken or PersonalAccessToken.</param>
/// <param name="Collections">
/// Ids of the OGC collections the caller's tier may see: those <c>/ogc/collections</c> lists, without the extents it
/// computes, so that a page can choose its layers without waiting for them.
/// </param>
/// <param name="CsrfToken">Only in the answer of a cookie sign-in: the antiforgery request token to send as <c>X-CSRF-TOKEN</c>.</param>
public sealed record MeDto(string Username, string DisplayName, string? Organisation, string? Country, string? Region,
    IReadOnlyList<string> Roles, string Tier, string AuthenticatedBy, IReadOnlyList<string> Collections,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? CsrfToken = null);

/// <summary>The antiforgery request token for cookie-authenticated state-changing requests.</summary>
public sealed record AntiforgeryDto(string Token, string HeaderName);

/// <summary>
/// Cookie sign-in for the UI: <c>POST /api/auth/signin</c> (JSON or form: username, password) checks the password
/// like the token endpoint (same lockout, same rate limit) and issues a Secure, HttpOnly, SameSite=Strict session
/// cookie; <c>POST /api/auth/signout</c> ends it; <c>GET /api/auth/me</c> says who is signed in. A POST, PUT, PATCH
/// or DELETE authenticated by the cookie must carry the antiforgery token of <c>GET /api/auth/antiforgery</c> in the
/// <c>X-CSRF-TOKEN</c> header, else it is a 400 ProblemDetails; bearer, personal-token and Basic calls carry their
/// credentials explicitly and are not subject to it.
/// </summary>
public static class CookieSignIn
{
    public const string Scheme = CookieAuthenticationDefaults.AuthenticationScheme;

    /// <summary>The session cookie: <c>__Host-</c> makes the browser insist on Secure, path / and no Domain.</summary>
    public const string CookieName = "__Host-wems-session";

    public const string AntiforgeryHeader = "X-CSRF-TOKEN";

    private static readonly HashSet<string> Exempt = ["/api/auth/signin", "/api/auth/token"];

    internal static void Configure(IServiceCollection services)
    {
        services.AddOptions<CookieAuthenticationOptions>(Scheme).Configure<IOptions<AuthOptions>>((cookie, auth) =>
        {
            cookie.Cookie.Name = CookieName;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.Path = "/";
            cookie.ExpireTimeSpan = auth.Value.CookieLifetime;
            cookie.SlidingExpiration = true;
            // An API answers 401/403; it does not redirect to a login page.
            cookie.Events.OnRedirectToLogin = c => Status(c.Response, StatusCodes.Status401Unauthorized);
            cookie.Events.OnRedirectToAccessDenied = c => Status(c.Response, StatusCodes.Status403Forbidden);
            cookie.Events.OnValidatePrincipal = ValidateAsync;
        });
        services.AddAntiforgery(o =>
        {
            o.HeaderName = AntiforgeryHeader;
            // Not a credential on its own (it pairs with the request token, which is bound to the signed-in user), so it
            // follows the request's scheme: a token asked for over plain HTTP (development, a bearer caller) is no error.
            o.Cookie.Name = "wems-csrf";
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.HttpOnly = true;
        });
    }

    private static Task Status(HttpResponse response, int status)
    {
        response.StatusCode = status;
        return Task.CompletedTask;
    }

    // A cookie outlives nothing that matters: a user disabled, moved to another organisation or given another role since
    // signing in loses the session at the next request.
    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var user = context.Principal;
        var name = user?.Identity?.Name;
        var accounts = context.HttpContext.RequestServices.GetRequiredService<AccountRepository>();
        var record = name is null ? null : await accounts.FindForSignInAsync(name, context.HttpContext.RequestAborted);
        if (user is null || record is null || record.Disabled || record.Account.Role != user.FindFirstValue(ClaimTypes.Role)
            || record.Account.AgencyCode != user.FindFirstValue(WemsClaims.Agency))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
        }
    }

    /// <summary>The antiforgery check of cookie-authenticated state-changing requests; call after authentication.</summary>
    internal static WebApplication UseCookieAntiforgery(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var method = context.Request.Method;
            if (!(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method))
                && context.Request.Headers.Authorization.Count == 0
                && context.User.Identity is { IsAuthenticated: true, AuthenticationType: Scheme }
                && !Exempt.Contains(context.Request.Path.Value ?? ""))
            {
                var antiforgery = context.RequestServices.GetRequiredService<IAntiforgery>();
                if (!await antiforgery.IsRequestValidAsync(context))
                {
                    context.Response.StatusCode = StatusCodes.Status400BadRequest;
                    await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                    {
                        HttpContext = context,
                        ProblemDetails = new ProblemDetails
                        {
                            Status = StatusCodes.Status400BadRequest,
                            Title = "Antiforgery token missing or invalid",
                            Detail = $"A request signed in by cookie that changes something must send the token of GET /api/auth/antiforgery in the {AntiforgeryHeader} header.",
                        },
                    });
                    return;
                }
            }

            await next(context);
        });
        return app;
    }

    internal static IEndpointRouteBuilder MapCookieSignIn(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Auth");
        auth.MapPost("/signin", SignIn).AllowAnonymous().Accepts<TokenRequest>("application/json", "application/x-www-form-urlencoded");
        auth.MapPost("/signout", (Delegate)SignOut).RequireAuthorization();
        auth.MapGet("/me", Me).RequireAuthorization();
        auth.MapGet("/antiforgery", Antiforgery).RequireAuthorization();
        return app;
    }

    /// <summary>Checks the credentials (JSON or form) and sets the session cookie; 401 for any failure, as the token endpoint.</summary>
    internal static async Task<Results<Ok<MeDto>, ProblemHttpResult>> SignIn(HttpContext context, SignInService signIn, AccountRepository accounts,
        IAntiforgery antiforgery, CancellationToken cancellationToken)
    {
        var (username, password) = await ReadCredentialsAsync(context.Request, cancellationToken);
        var (principal, _) = await signIn.SignInAsync(username, password, Scheme, cancellationToken);
        if (principal is null)
        {
            return TypedResults.Problem(title: "Invalid credentials", statusCode: StatusCodes.Status401Unauthorized);
        }

        await context.SignInAsync(Scheme, principal, new AuthenticationProperties { IsPersistent = false });
        // The antiforgery token is bound to the user: make it for the user just signed in.
        context.User = principal;
        var tokens = antiforgery.GetAndStoreTokens(context);
        var me = await MeAsync(principal, accounts, cancellationToken);
        return TypedResults.Ok(me with { CsrfToken = tokens.RequestToken });
    }

    internal static async Task<NoContent> SignOut(HttpContext context)
    {
        await context.SignOutAsync(Scheme);
        return TypedResults.NoContent();
    }

    internal static async Task<Ok<MeDto>> Me(ClaimsPrincipal user, AccountRepository accounts, CancellationToken cancellationToken) =>
        TypedResults.Ok(await MeAsync(user, accounts, cancellationToken));

    internal static Ok<AntiforgeryDto> Antiforgery(HttpContext context, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new AntiforgeryDto(tokens.RequestToken!, AntiforgeryHeader));
    }

    private static async Task<MeDto> MeAsync(ClaimsPrincipal user, AccountRepository accounts, CancellationToken cancellationToken)
    {
        var name = user.Identity!.Name!;
        var record = await accounts.FindForSignInAsync(name, cancellationToken);
        var scope = CallerScopes.From(user);
        var role = user.FindFirstValue(ClaimTypes.Role);
        return new MeDto(name, record?.Account.DisplayName ?? name, user.FindFirstValue(WemsClaims.Agency), user.FindFirstValue(WemsClaims.Country),
            user.FindFirstValue(WemsClaims.Region), role is null ? [] : [role], scope.Tier.ToString().ToLowerInvariant(),
            user.Identity.AuthenticationType ?? "", [.. FeatureCatalog.Visible(scope).Select(c => c.Id)]);
    }

    private static async Task<(string Username, string Password)> ReadCredentialsAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.HasFormContentType)
        {
            try
            {
                var form = await request.ReadFormAsync(cancellationToken);
                return (form["username"].ToString(), form["password"].ToString());
            }
            catch (InvalidDataException)
            {
                throw new BadHttpRequestException("The form is malformed (e.g. it contains a NUL character).");
            }
        }

        try
        {
            var body = await JsonSerializer.DeserializeAsync<TokenRequest>(request.Body, JsonSerializerOptions.Web, cancellationToken);
            return (body?.Username ?? "", body?.Password ?? "");
        }
        catch (JsonException)
        {
            throw new BadHttpRequestException("The body must be JSON {\"username\", \"password\"} or a form with username and password.");
        }
    }
}
