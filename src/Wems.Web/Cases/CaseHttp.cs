using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Wems.Gis.Features;
using Wems.Gis.Storage;
using Wems.Web.Auth;
using System.Security.Claims;

namespace Wems.Web.Cases;

/// <summary>Reading the case API's requests at the edge: the JSON body, ETag headers and listing parameters.</summary>
internal static class CaseHttp
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;
    private static readonly HashSet<string> ListParameters = ["limit", "cursor"];

    // Web defaults (camelCase, case-insensitive names) and, unlike the framework's binder, no silently ignored
    // member: a misspelt field ("quantiy") is reported, not dropped.
    private static readonly JsonSerializerOptions BodyOptions = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>The caller's scope when it may write cases: a national user (officer, analyst or admin of an agency).</summary>
    public static CallerScope Writer(ClaimsPrincipal user)
    {
        var scope = CallerScopes.From(user);
        return scope.Tier == Tier.National
            ? scope
            : throw new CaseAccessDeniedException("Only the users of a national agency record and change cases.");
    }

    /// <summary>Reads the case of the request body.</summary>
    /// <exception cref="MalformedCaseException">The body is not a JSON case object.</exception>
    public static async Task<CaseRequest> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            throw new BadHttpRequestException("The body must be application/json.", StatusCodes.Status415UnsupportedMediaType);
        }

        try
        {
            return await JsonSerializer.DeserializeAsync<CaseRequest>(request.Body, BodyOptions, cancellationToken)
                   ?? throw new MalformedCaseException("$", "the body must be a JSON object, not null.");
        }
        catch (JsonException e)
        {
            var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "$" : e.Path.TrimStart('$', '.');
            throw new MalformedCaseException(field, e.Message.Contains("could not be mapped", StringComparison.Ordinal)
                ? "is not a field of a case."
                : $"is not valid JSON or has the wrong type (line {e.LineNumber + 1}, byte {e.BytePositionInLine}).");
        }
    }

    /// <summary>The version named by <c>If-Match: "n"</c>, or null when the header is absent.</summary>
    /// <remarks>A value that is not one strong ETag of this API (a list, a weak tag, <c>*</c>) can match no version: -1.</remarks>
    public static int? IfMatch(HttpRequest request)
    {
        var header = request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0)
        {
            return null;
        }

        return header.Length > 2 && header[0] == '"' && header[^1] == '"'
               && int.TryParse(header.AsSpan(1, header.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : -1;
    }

    public static string ETag(int version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>The page size and cursor of <c>GET /api/cases</c>.</summary>
    /// <exception cref="InvalidParameterException">An unknown parameter, or a malformed limit or cursor.</exception>
    public static (int Limit, Guid? After) ListQuery(HttpRequest request)
    {
        foreach (var key in request.Query.Keys.Where(k => !ListParameters.Contains(k)))
        {
            throw new InvalidParameterException(key, "is not a parameter of this resource (limit, cursor).");
        }

        var limit = DefaultLimit;
        if (request.Query.TryGetValue("limit", out var l)
            && (!int.TryParse(l.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            throw new InvalidParameterException("limit", $"must be an integer from 1 to {MaxLimit}.");
        }

        Guid? after = null;
        if (request.Query.TryGetValue("cursor", out var c))
        {
            after = Guid.TryParse(c.ToString(), out var id) ? id : throw new InvalidParameterException("cursor", "is not a cursor of this listing.");
        }

        return (limit, after);
    }
}
