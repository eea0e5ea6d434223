using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Wems.Gis.Features;
using Wems.Gis.Governance;
using Wems.Gis.Storage;
using Wems.Web.Auth;
using Wems.Web.Cases;

namespace Wems.Web.Governance;

/// <summary>The body of <c>POST /api/admin/organisations</c> and <c>PUT /api/admin/organisations/{code}</c>.</summary>
public sealed record OrganisationRequest(string? Code, string? Name, string? Country, string? Kind, string? Region);

/// <summary>The body of <c>POST /api/admin/users</c> (with a password) and <c>PUT /api/admin/users/{username}</c> (without).</summary>
public sealed record UserRequest(string? Username, string? DisplayName, string? Organisation, string? Role, string? Password, bool? Disabled);

/// <summary>The body of <c>POST /api/admin/users/{username}/password</c>.</summary>
public sealed record PasswordRequest(string? Password);

/// <summary>The body of <c>PUT /api/admin/regions/{code}</c>.</summary>
public sealed record RegionRequest(string? Name, IReadOnlyList<string>? Members);

/// <summary>A page of the audit trail, newest first; <paramref name="Next"/> continues it.</summary>
public sealed record AuditPageDto(IReadOnlyList<AuditEntry> Entries, string? Next);

/// <summary>
/// The admin API under <c>/api/admin</c>. The system administrator manages everything: organisations (agencies with
/// their country, regional organisations with their region), users, the member countries of regions, and reads the
/// whole audit trail. An organisation's <c>admin</c> manages only the users of their own organisation (never a system
/// administrator) and reads the audit entries of their organisation's users. Everyone else gets 403. Every write is
/// audited (ADMIN entries: who, what, from where; never a password).
/// </summary>
public static partial class AdminEndpoints
{
    public const string SystemAdmin = "system-admin";
    public const string OrganisationAdmin = "admin";

    private static readonly HashSet<string> NationalRoles = ["officer", "analyst", "admin"];
    private static readonly HashSet<string> RegionalRoles = ["regional-analyst", "admin"];
    private static readonly HashSet<string> AuditParameters = ["limit", "next", "actor", "operation", "from", "to", "f"];
    private static readonly HashSet<string> Operations = ["INSERT", "UPDATE", "DELETE", "EXPORT", "ADMIN", "TOKEN"];
    private const int MinPasswordLength = 12;

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{1,63}$")]
    private static partial Regex UsernamePattern();

    [GeneratedRegex("^[A-Z0-9][A-Z0-9-]{1,31}$")]
    private static partial Regex CodePattern();

    [GeneratedRegex("^[A-Z]{2}$")]
    private static partial Regex CountryPattern();

    public static IEndpointRouteBuilder MapAdmin(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin").WithTags("Admin").RequireAuthorization();
        admin.MapGet("/organisations", ListOrganisations);
        admin.MapPost("/organisations", CreateOrganisation);
        admin.MapPut("/organisations/{code}", UpdateOrganisation);
        admin.MapGet("/users", ListUsers);
        admin.MapPost("/users", CreateUser);
        admin.MapPut("/users/{username}", UpdateUser);
        admin.MapPost("/users/{username}/password", ResetPassword);
        admin.MapGet("/regions", ListRegions);
        admin.MapPut("/regions/{code}", WriteRegion);
        admin.MapGet("/audit", ReadAudit);
        return app;
    }

    /// <summary>Who administers what: the system administrator everything (null organisation), an organisation admin their own.</summary>
    private sealed record AdminScope(string Actor, bool System, string? Organisation);

    private static AdminScope Require(ClaimsPrincipal user, bool systemOnly = false)
    {
        var role = user.FindFirstValue(ClaimTypes.Role);
        var name = user.Identity?.Name ?? "unknown";
        if (role == SystemAdmin)
        {
            return new AdminScope(name, true, null);
        }

        if (!systemOnly && role == OrganisationAdmin && user.FindFirstValue(WemsClaims.Agency) is { } agency)
        {
            return new AdminScope(name, false, agency);
        }

        throw new CaseAccessDeniedException(systemOnly
            ? "Only the system administrator does this."
            : "Only administrators (the system administrator, or an organisation's admin for its own organisation) do this.");
    }

    internal static async Task<Ok<List<Organisation>>> ListOrganisations(ClaimsPrincipal user, AccountRepository accounts, CancellationToken ct)
    {
        var scope = Require(user);
        var all = await accounts.ListOrganisationsAsync(ct);
        return TypedResults.Ok(all.Where(o => scope.System || o.Code == scope.Organisation).ToList());
    }

    internal static Task<Results<Created<Organisation>, ProblemHttpResult>> CreateOrganisation(OrganisationRequest request, HttpContext context,
        ClaimsPrincipal user, AccountRepository accounts, AuditLog audit, CancellationToken ct) =>
        WriteOrganisationAsync(request.Code, request, true, context, user, accounts, audit, ct);

    internal static async Task<Results<Ok<Organisation>, ProblemHttpResult>> UpdateOrganisation(string code, OrganisationRequest request,
        HttpContext context, ClaimsPrincipal user, AccountRepository accounts, AuditLog audit, CancellationToken ct)
    {
        var result = await WriteOrganisationAsync(code, request, false, context, user, accounts, audit, ct);
        return result.Result is Created<Organisation> created ? TypedResults.Ok(created.Value) : (ProblemHttpResult)result.Result;
    }

    private static async Task<Results<Created<Organisation>, ProblemHttpResult>> WriteOrganisationAsync(string? code, OrganisationRequest request,
        bool create, HttpContext context, ClaimsPrincipal user, AccountRepository accounts, AuditLog audit, CancellationToken ct)
    {
        var scope = Require(user, systemOnly: true);
        if (code is null || !CodePattern().IsMatch(code))
        {
            throw new InvalidParameterException("code", "is required: 2-32 capital letters, digits or hyphens (e.g. KWS).");
        }

        var name = Text("name", request.Name, 200);
        var kind = Text("kind", request.Kind ?? (request.Country is null ? "task-force" : "wildlife"), 50);
        var country = request.Country;
        if (country is not null && !CountryPattern().IsMatch(country))
        {
            throw new InvalidParameterException("country", "must be an ISO 3166-1 alpha-2 code in capitals, or absent for a regional organisation.");
        }

        var region = request.Region;
        if (region is not null && !CodePattern().IsMatch(region))
        {
            throw new InvalidParameterException("region", "must be a region code (e.g. LATF).");
        }

        if (country is null && region is null)
        {
            throw new InvalidParameterException("country", "a national agency needs a country; a regional organisation needs a region.");
        }

        var organisation = new Organisation(code, name, country, kind, region);
        var outcome = await accounts.WriteOrganisationAsync(organisation, create, ct);
        if (Failed(outcome, $"Organisation {code}", "the country or region does not exist") is { } problem)
        {
            return problem;
        }

        await audit.WriteAsync(scope.Actor, AuditOperations.Admin, "agency",
            new { action = create ? "create" : "update", target = code, organisation, remote = AccessTokens.RemoteAddress(context) }, ct);
        return TypedResults.Created($"/api/admin/organisations/{code}", organisation);
    }

    internal static async Task<Ok<List<UserSummary>>> ListUsers(HttpRequest request, ClaimsPrincipal user, AccountRepository accounts, CancellationToken ct)
    {
        var scope = Require(user);
        var organisation = request.Query.TryGetValue("organisation", out var o) ? o.ToString() : null;
        if (!scope.System)
        {
            organisation = scope.Organisation;
        }

        return TypedResults.Ok((await accounts.ListUsersAsync(organisation, ct)).ToList());
    }

    internal static async Task<Results<Created<UserSummary>, ProblemHttpResult>> CreateUser(UserRequest request, HttpContext context,
        ClaimsPrincipal user, AccountRepository accounts, AuditLog audit, CancellationToken ct)
    {
        var scope = Require(user);
        var username = request.Username ?? "";
        if (!UsernamePattern().IsMatch(username))
        {
            throw new InvalidParameterException("username", "is required: 2-64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit.");
        }

        var account = await AccountAsync(username, request, scope, accounts, ct);
        var password = Password(request.Password);
        var outcome = await accounts.CreateUserAsync(account, SignInService.HashPassword(account, password), request.Disabled ?? false, ct);
        if (Failed(outcome, $"User {username}", "the organisation does not exist") is { } problem)
        {
            return problem;
        }

        await audit.WriteAsync(scope.Actor, AuditOperations.Admin, "app_user", new
        {
            action = "create", target = username, organisation = account.AgencyCode, role = account.Role, disabled = request.Disabled ?? false,
            remote = AccessTokens.RemoteAddress(context),
        }, ct);
        return TypedResults.Created($"/api/admin/users/{username}", (await accounts.FindUserAsync(username, ct))!);
    }

    internal static async Task<Results<Ok<UserSummary>, ProblemHttpResult>> UpdateUser(string username, UserRequest request, HttpContext context,
        ClaimsPrincipal user, AccountRepository accounts, AuditLog audit, CancellationToken ct)
    {
        var scope = Require(user);
        var existing = await TargetAsync(username, scope, accounts, ct);
        if (request.Password is not null)
        {
            throw new InvalidParameterException("password", "is changed through POST /api/admin/users/{username}/password.");
        }

        var account = await AccountAsync(username, request with
        {
            DisplayName = request.DisplayName ?? existing.DisplayName,
            Organisation = request.Organisation ?? existing.AgencyCode,
            Role = request.Role ?? existing.Role,
        }, scope, accounts, ct);
        var disabled = request.Disabled ?? existing.Disabled;
        if (username == scope.Actor && (disabled || account.Role != existing.Role))
        {
            throw new InvalidParameterException("role", "administrators do not disable themselves or change their own role.");
        }

        var outcome = await accounts.UpdateUserAsync(account, disabled, ct);
        if (Failed(outcome, $"User {username}", "the organisation does not exist") is { } problem)
        {
            return problem;
        }

        await audit.WriteAsync(scope.Actor, AuditOperations.Admin, "app_user", new
        {
            action = "update", target = username,
            before = new { organisation = existing.AgencyCode, role = existing.Role, disabled = existing.Disabled, displayName = existing.DisplayName },
            after = new { organisation = account.AgencyCode, role = account.Role, disabled, displayName = account.DisplayName },
            remote = AccessTokens.RemoteAddress(context),
        }, ct);
        return TypedResults.Ok((await accounts.FindUserAsync(username, ct))!);
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> ResetPassword(string username, PasswordRequest request, HttpContext context,
        ClaimsPrincipal user, AccountRepository accounts, AuditLog audit, CancellationToken ct)
    {
        var scope = Require(user);
        var existing = await TargetAsync(username, scope, accounts, ct);
        var password = Password(request.Password);
        var account = new UserAccount(existing.Username, existing.DisplayName, existing.AgencyCode, existing.Role);
        if (Failed(await accounts.SetPasswordAsync(username, SignInService.HashPassword(account, password), ct), $"User {username}", "") is { } problem)
        {
            return problem;
        }

        await audit.WriteAsync(scope.Actor, AuditOperations.Admin, "app_user",
            new { action = "reset-password", target = username, remote = AccessTokens.RemoteAddress(context) }, ct);
        return TypedResults.NoContent();
    }

    internal static async Task<Ok<IReadOnlyList<RegionMembers>>> ListRegions(ClaimsPrincipal user, AccountRepository accounts, CancellationToken ct)
    {
        Require(user);
        return TypedResults.Ok(await accounts.ListRegionsAsync(ct));
    }

    internal static async Task<Results<Ok<RegionMembers>, ProblemHttpResult>> WriteRegion(string code, RegionRequest request, HttpContext context,
        ClaimsPrincipal user, AccountRepository accounts, AuditLog audit, CancellationToken ct)
    {
        var scope = Require(user, systemOnly: true);
        if (!CodePattern().IsMatch(code))
        {
            throw new InvalidParameterException("code", "must be 2-32 capital letters, digits or hyphens (e.g. LATF).");
        }

        var name = Text("name", request.Name, 200);
        var members = request.Members ?? throw new InvalidParameterException("members", "is required: the member countries (ISO alpha-2).");
        if (members.Count > 300 || members.Any(m => m is null || !CountryPattern().IsMatch(m)))
        {
            throw new InvalidParameterException("members", "must be ISO 3166-1 alpha-2 codes in capitals.");
        }

        var region = new RegionMembers(code, name, members.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList());
        if (Failed(await accounts.WriteRegionAsync(region, ct), $"Region {code}", "a member country does not exist") is { } problem)
        {
            return problem;
        }

        await audit.WriteAsync(scope.Actor, AuditOperations.Admin, "region",
            new { action = "write", target = code, region, remote = AccessTokens.RemoteAddress(context) }, ct);
        return TypedResults.Ok(region);
    }

    /// <summary>
    /// The audit trail, newest first: JSON pages (<c>limit</c> ≤ 1000, follow <c>next</c>) or <c>f=csv</c> for an export of
    /// up to 100,000 entries. Filters: <c>actor</c>, <c>operation</c>, <c>from</c>, <c>to</c> (RFC 3339 instants).
    /// </summary>
    internal static async Task<IResult> ReadAudit(HttpRequest request, ClaimsPrincipal user, AuditLog audit, CancellationToken ct)
    {
        var scope = Require(user);
        foreach (var key in request.Query.Keys.Where(k => !AuditParameters.Contains(k)))
        {
            throw new InvalidParameterException(key, $"is not a parameter of this resource ({string.Join(", ", AuditParameters)}).");
        }

        var csv = request.Query["f"].ToString() switch
        {
            "" or "json" => false,
            "csv" => true,
            _ => throw new InvalidParameterException("f", "must be json or csv."),
        };
        var limit = request.Query.TryGetValue("limit", out var l)
            ? int.TryParse(l.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 1000
                ? n
                : throw new InvalidParameterException("limit", "must be a whole number from 1 to 1000.")
            : 100;
        long? next = request.Query.TryGetValue("next", out var c)
            ? long.TryParse(c.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                ? id
                : throw new InvalidParameterException("next", "must be the next value of a previous page.")
            : null;
        var operation = request.Query.TryGetValue("operation", out var op) ? op.ToString() : null;
        if (operation is not null && !Operations.Contains(operation))
        {
            throw new InvalidParameterException("operation", $"must be one of {string.Join(", ", Operations)}.");
        }

        var actor = request.Query.TryGetValue("actor", out var a) ? a.ToString() : null;
        if (actor is { Length: > 128 } || actor?.Any(char.IsControl) == true)
        {
            throw new InvalidParameterException("actor", "is at most 128 printable characters.");
        }

        var filter = new AuditFilter(actor, operation, Instant(request, "from"), Instant(request, "to"), next, scope.System ? null : scope.Organisation);
        if (csv)
        {
            var text = new StringBuilder("id,at,actor,table_name,operation,case_id,before,after\r\n");
            await foreach (var e in audit.StreamAsync(filter, 100_000, ct))
            {
                text.Append(e.Id.ToString(CultureInfo.InvariantCulture)).Append(',')
                    .Append(e.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture)).Append(',')
                    .Append(Csv(e.Actor)).Append(',').Append(Csv(e.TableName)).Append(',').Append(e.Operation).Append(',')
                    .Append(e.CaseId?.ToString() ?? "").Append(',').Append(Csv(e.Before)).Append(',').Append(Csv(e.After)).Append("\r\n");
            }

            return TypedResults.File(Encoding.UTF8.GetBytes(text.ToString()), "text/csv; charset=utf-8", "wems-audit.csv");
        }

        var entries = await audit.ReadAsync(filter, limit, ct);
        return TypedResults.Ok(new AuditPageDto(entries,
            entries.Count == limit ? entries[^1].Id.ToString(CultureInfo.InvariantCulture) : null));
    }

    private static DateTimeOffset? Instant(HttpRequest request, string name) => request.Query.TryGetValue(name, out var v)
        ? DateTimeOffset.TryParse(v.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) && t.Year is > 1900 and < 9999
            ? t
            : throw new InvalidParameterException(name, "must be an RFC 3339 instant, e.g. 2026-01-31T00:00:00Z.")
        : null;

    // A CSV field (RFC 4180), with formula-leading characters defused for spreadsheet users.
    private static string Csv(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (value[0] is '=' or '+' or '-' or '@')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static async Task<UserSummary> TargetAsync(string username, AdminScope scope, AccountRepository accounts, CancellationToken ct)
    {
        var existing = SignInService.IsPossibleUsername(username) ? await accounts.FindUserAsync(username, ct) : null;
        // An organisation admin does not learn of users outside their organisation: 404 as for a missing user.
        if (existing is null || (!scope.System && existing.AgencyCode != scope.Organisation))
        {
            throw new FeatureNotFoundException($"User '{username}'");
        }

        return existing;
    }

    private static async Task<UserAccount> AccountAsync(string username, UserRequest request, AdminScope scope, AccountRepository accounts,
        CancellationToken ct)
    {
        var displayName = Text("displayName", request.DisplayName, 200);
        var role = request.Role ?? throw new InvalidParameterException("role", "is required.");
        var organisation = request.Organisation;
        if (role == SystemAdmin)
        {
            if (!scope.System)
            {
                throw new CaseAccessDeniedException("Only the system administrator makes system administrators.");
            }

            if (organisation is not null)
            {
                throw new InvalidParameterException("organisation", "a system administrator belongs to no organisation.");
            }

            return new UserAccount(username, displayName, null, role);
        }

        if (organisation is null)
        {
            throw new InvalidParameterException("organisation", "is required for every role but system-admin.");
        }

        if (!scope.System && organisation != scope.Organisation)
        {
            throw new CaseAccessDeniedException("An organisation's admin manages the users of their own organisation only.");
        }

        var found = (await accounts.ListOrganisationsAsync(ct)).FirstOrDefault(o => o.Code == organisation)
                    ?? throw new InvalidParameterException("organisation", $"'{organisation}' is not an organisation.");
        var allowed = found.Country is null ? RegionalRoles : NationalRoles;
        if (!allowed.Contains(role))
        {
            throw new InvalidParameterException("role", $"must be one of {string.Join(", ", allowed)} in {(found.Country is null ? "a regional" : "a national")} organisation.");
        }

        return new UserAccount(username, displayName, organisation, role);
    }

    private static string Password(string? password) =>
        password is { Length: >= MinPasswordLength and <= 256 }
            ? password
            : throw new InvalidParameterException("password", $"is required: {MinPasswordLength} to 256 characters.");

    private static string Text(string field, string? value, int max)
    {
        var text = value?.Trim() ?? "";
        return text.Length >= 1 && text.Length <= max && !text.Any(char.IsControl)
            ? text
            : throw new InvalidParameterException(field, $"is required: 1 to {max} printable characters.");
    }

    private static ProblemHttpResult? Failed(AdminWriteOutcome outcome, string what, string badReference) => outcome switch
    {
        AdminWriteOutcome.Done => null,
        AdminWriteOutcome.Exists => TypedResults.Problem(title: "Already exists", detail: $"{what} exists already.", statusCode: StatusCodes.Status409Conflict),
        AdminWriteOutcome.NotFound => TypedResults.Problem(title: "Not found", detail: $"{what} does not exist.", statusCode: StatusCodes.Status404NotFound),
        _ => TypedResults.Problem(title: "Invalid reference", detail: $"{what}: {badReference}.", statusCode: StatusCodes.Status422UnprocessableEntity),
    };
}
