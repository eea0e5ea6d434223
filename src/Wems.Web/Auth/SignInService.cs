using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Wems.Gis.Storage;

namespace Wems.Web.Auth;

/// <summary>The <c>Auth</c> configuration section.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>Failed sign-ins in a row that lock an account.</summary>
    [Range(1, 100)]
    public int MaxFailedSignIns { get; set; } = 5;

    /// <summary>How long a locked account stays locked.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan Lockout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Lifetime of the short-lived bearer tokens of <c>POST /api/auth/token</c>.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Longest lifetime a user may give a personal access token, days.</summary>
    [Range(1, 3660)]
    public int MaxAccessTokenDays { get; set; } = 366;

    /// <summary>Lifetime of a UI sign-in cookie without activity (sliding).</summary>
    [Range(typeof(TimeSpan), "00:05:00", "7.00:00:00")]
    public TimeSpan CookieLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>OpenID Connect sign-in; off unless <see cref="OidcOptions.Authority"/> is set.</summary>
    public OidcOptions Oidc { get; set; } = new();
}

/// <summary>
/// The <c>Auth:Oidc</c> section: sign-in through an agency's own identity provider. The provider's user is mapped to
/// an existing WEMS account by the claim <see cref="UsernameClaim"/>; there is no account creation on first sign-in.
/// </summary>
public sealed class OidcOptions
{
    /// <summary>The issuer URL (its <c>/.well-known/openid-configuration</c> is read); empty disables OpenID Connect.</summary>
    public string? Authority { get; set; }

    /// <summary>The client id registered at the provider.</summary>
    public string? ClientId { get; set; }

    /// <summary>The client secret (from the environment or a secret store, never the repository).</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The claim of the provider's ID token that holds the WEMS user name (default <c>preferred_username</c>).</summary>
    public string UsernameClaim { get; set; } = "preferred_username";

    /// <summary>Whether the authority must be HTTPS (default true; false only for a test provider).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>True when configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(ClientId);
}

/// <summary>Claim types WEMS puts on a signed-in user.</summary>
public static class WemsClaims
{
    public const string Agency = "wems:agency";
    public const string Country = "wems:country";
    public const string Region = "wems:region";
}

/// <summary>Why a sign-in failed; the caller is only ever told "invalid credentials".</summary>
public enum SignInFailure
{
    None,
    UnknownOrWrongPassword,
    LockedOut,
    Disabled,
}

/// <summary>
/// Checks a user name and password against the stored hash (ASP.NET Core PasswordHasher), with lockout after
/// <see cref="AuthOptions.MaxFailedSignIns"/> failures in a row, and builds the user's claims.
/// </summary>
public sealed class SignInService(AccountRepository accounts, TimeProvider clock, IOptions<AuthOptions> options)
{
    private static readonly PasswordHasher<UserAccount> Hasher = new();

    // Verifying against a real hash when the user does not exist keeps the answer time the same, so the
    // response does not tell which user names exist.
    private static readonly string DummyHash = Hasher.HashPassword(new UserAccount("x", "x", null, "analyst"), Guid.NewGuid().ToString());

    /// <summary>True when <paramref name="username"/> has the form of a user name (lower-case letters, digits, '.', '_', '-').</summary>
    public static bool IsPossibleUsername(string username) =>
        username.Length is >= 2 and <= 64 && char.IsAsciiLetterLower(username[0]) | char.IsAsciiDigit(username[0])
        && username.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '_' or '-');

    /// <summary>The stored form of <paramref name="password"/> (ASP.NET Core PasswordHasher, PBKDF2).</summary>
    public static string HashPassword(UserAccount account, string password) => Hasher.HashPassword(account, password);

    /// <summary>The signed-in principal, or the reason for refusing it.</summary>
    public async Task<(ClaimsPrincipal? Principal, SignInFailure Failure)> SignInAsync(string username, string password,
        string authenticationType, CancellationToken cancellationToken = default)
    {
        // Only a name that can exist (migration 0004's pattern) is looked up: anything else (a NUL byte, SQL, 5,000
        // characters) fails like an unknown user, without a database round trip.
        var record = IsPossibleUsername(username) ? await accounts.FindForSignInAsync(username, cancellationToken) : null;
        if (record is null)
        {
            Hasher.VerifyHashedPassword(new UserAccount(username, "", null, ""), DummyHash, password);
            return (null, SignInFailure.UnknownOrWrongPassword);
        }

        var now = clock.GetUtcNow();
        if (record.Disabled)
        {
            return (null, SignInFailure.Disabled);
        }

        if (record.LockedUntil > now)
        {
            return (null, SignInFailure.LockedOut);
        }

        if (Hasher.VerifyHashedPassword(record.Account, record.PasswordHash, password) == PasswordVerificationResult.Failed)
        {
            await accounts.RecordFailureAsync(record.Account.Username, options.Value.MaxFailedSignIns, now + options.Value.Lockout, cancellationToken);
            return (null, SignInFailure.UnknownOrWrongPassword);
        }

        if (record.FailedSignIns > 0)
        {
            await accounts.RecordSuccessAsync(record.Account.Username, cancellationToken);
        }

        return (Principal(record, authenticationType), SignInFailure.None);
    }

    /// <summary>The claims of a signed-in account: name, role, agency, country and region.</summary>
    public static ClaimsPrincipal Principal(SignInRecord record, string authenticationType)
    {
        ArgumentNullException.ThrowIfNull(record);
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, record.Account.Username),
            new(ClaimTypes.Role, record.Account.Role),
        };
        if (record.Account.AgencyCode is { } agency)
        {
            claims.Add(new Claim(WemsClaims.Agency, agency));
        }

        if (record.Country is { } country)
        {
            claims.Add(new Claim(WemsClaims.Country, country));
        }

        if (record.Region is { } region)
        {
            claims.Add(new Claim(WemsClaims.Region, region));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType));
    }
}

/// <summary>The database scope (tier, country, agency, region) of a request's user.</summary>
public static class CallerScopes
{
    /// <summary>
    /// National roles (officer, analyst, admin of an agency) → national tier of the agency's country; a regional
    /// analyst → the regional tier of the task force's region; anyone else, including the system administrator
    /// (who manages accounts, not cases) and anonymous callers → public.
    /// </summary>
    public static CallerScope From(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.Identity?.IsAuthenticated != true)
        {
            return CallerScope.Anonymous;
        }

        var name = user.Identity.Name ?? "unknown";
        var role = user.FindFirstValue(ClaimTypes.Role);
        var agency = user.FindFirstValue(WemsClaims.Agency);
        var country = user.FindFirstValue(WemsClaims.Country);
        var region = user.FindFirstValue(WemsClaims.Region);
        return role switch
        {
            "officer" or "analyst" or "admin" when agency is not null && country is not null => CallerScope.National(name, country, agency),
            "regional-analyst" when region is not null => CallerScope.Regional(name, region),
            _ => CallerScope.Anonymous with { Actor = name },
        };
    }
}
