using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Wems.Gis.Governance;
using Wems.Gis.Storage;
using Wems.Gis.Features;

namespace Wems.Web.Auth;

/// <summary>The body of <c>POST /api/auth/tokens</c>.</summary>
/// <param name="Name">A label for the token (1-100 characters).</param>
/// <param name="ExpiresInDays">Lifetime in days, 1 to <see cref="AuthOptions.MaxAccessTokenDays"/>; default 90.</param>
public sealed record CreateAccessTokenRequest(string? Name, int? ExpiresInDays);

/// <summary>A new token: the secret is in this answer and nowhere else, ever.</summary>
public sealed record CreatedAccessTokenDto(long Id, string Name, string Token, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);

/// <summary>A token as listed: no secret.</summary>
public sealed record AccessTokenDto(long Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? RevokedAt,
    bool Active);

/// <summary>
/// Personal access tokens: long-lived bearer tokens a user creates, lists and revokes (<c>/api/auth/tokens</c>) for
/// scripts and GIS clients. A token is <c>wems_pat_</c> followed by 256 random bits in base64url; only its SHA-256 is
/// stored. It works as <c>Authorization: Bearer wems_pat_…</c> on <c>/api</c>, <c>/ogc</c> and <c>/tiles</c> until it
/// expires or is revoked (then 401), and never for a disabled user. Creation and revocation are audited.
/// </summary>
public static class AccessTokens
{
    public const string Prefix = "wems_pat_";

    /// <summary>The SHA-256 of a token's text, as stored.</summary>
    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    public static IEndpointRouteBuilder MapAccessTokens(this IEndpointRouteBuilder app)
    {
        var tokens = app.MapGroup("/api/auth/tokens").WithTags("Auth").RequireAuthorization();
        tokens.MapGet("", List);
        tokens.MapPost("", Create);
        tokens.MapDelete("/{id:long}", Revoke);
        return app;
    }

    internal static async Task<Ok<List<AccessTokenDto>>> List(ClaimsPrincipal user, AccountRepository accounts, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var tokens = await accounts.ListTokensAsync(user.Identity!.Name!, cancellationToken);
        return TypedResults.Ok(tokens.Select(t => Dto(t, now)).ToList());
    }

    internal static async Task<Created<CreatedAccessTokenDto>> Create(CreateAccessTokenRequest request, HttpContext context, ClaimsPrincipal user,
        AccountRepository accounts, AuditLog audit, TimeProvider clock, IOptions<AuthOptions> options, CancellationToken cancellationToken)
    {
        var name = request.Name?.Trim() ?? "";
        if (name.Length is < 1 or > 100 || name.Any(char.IsControl))
        {
            throw new InvalidParameterException("name", "is required: 1 to 100 printable characters.");
        }

        var days = request.ExpiresInDays ?? 90;
        if (days < 1 || days > options.Value.MaxAccessTokenDays)
        {
            throw new InvalidParameterException("expiresInDays", $"must be 1 to {options.Value.MaxAccessTokenDays} days.");
        }

        var secret = Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var username = user.Identity!.Name!;
        var created = await accounts.CreateTokenAsync(username, name, Hash(secret), secret[..(Prefix.Length + 6)],
            clock.GetUtcNow().AddDays(days), cancellationToken);
        await audit.WriteAsync(username, AuditOperations.Token, "personal_access_token",
            new { action = "create", id = created.Id, name, expiresAt = created.ExpiresAt, remote = RemoteAddress(context) }, cancellationToken);
        return TypedResults.Created($"/api/auth/tokens/{created.Id}",
            new CreatedAccessTokenDto(created.Id, created.Name, secret, created.Prefix, created.CreatedAt, created.ExpiresAt));
    }

    internal static async Task<Results<Ok<AccessTokenDto>, NotFound>> Revoke(long id, HttpContext context, ClaimsPrincipal user,
        AccountRepository accounts, AuditLog audit, TimeProvider clock, CancellationToken cancellationToken)
    {
        var username = user.Identity!.Name!;
        var revoked = await accounts.RevokeTokenAsync(username, id, cancellationToken);
        if (revoked is null)
        {
            return TypedResults.NotFound();
        }

        await audit.WriteAsync(username, AuditOperations.Token, "personal_access_token",
            new { action = "revoke", id, name = revoked.Name, remote = RemoteAddress(context) }, cancellationToken);
        return TypedResults.Ok(Dto(revoked, clock.GetUtcNow()));
    }

    /// <summary>The client's address as the server saw it (behind a proxy: configure forwarded headers).</summary>
    public static string RemoteAddress(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static AccessTokenDto Dto(AccessTokenInfo t, DateTimeOffset now) =>
        new(t.Id, t.Name, t.Prefix, t.CreatedAt, t.ExpiresAt, t.RevokedAt, t.RevokedAt is null && t.ExpiresAt > now);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>Authenticates <c>Authorization: Bearer wems_pat_…</c> against the stored token hashes.</summary>
internal sealed class AccessTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    AccountRepository accounts, TimeProvider clock) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "PersonalAccessToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!AuthenticationHeaderValue.TryParse(Request.Headers.Authorization, out var header)
            || !"Bearer".Equals(header.Scheme, StringComparison.OrdinalIgnoreCase)
            || header.Parameter is not { } token || !token.StartsWith(AccessTokens.Prefix, StringComparison.Ordinal))
        {
            return AuthenticateResult.NoResult();
        }

        if (token.Length > 200)
        {
            return AuthenticateResult.Fail("Malformed token.");
        }

        var record = await accounts.FindByTokenAsync(AccessTokens.Hash(token), clock.GetUtcNow(), Context.RequestAborted);
        return record is null
            ? AuthenticateResult.Fail("Unknown, revoked or expired token.")
            : AuthenticateResult.Success(new AuthenticationTicket(SignInService.Principal(record, SchemeName), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return base.HandleChallengeAsync(properties);
    }
}
