using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Wems.Gis.Features;
using Wems.Gis.Reports;
using Wems.Gis.Storage;
using Wems.Web.Auth;
using Wems.Web.Cases;

namespace Wems.Web.Reports;

/// <summary>
/// <c>GET /api/reports/briefing?country=KE|region=LATF&amp;from=&amp;to=</c>: the printable briefing (HTML; PDF through
/// the browser's print) of the caller's own country (national users) or region (regional users, shared cases only),
/// made by <see cref="BriefingStore"/> and <see cref="BriefingHtml"/>. Anonymous callers get 401.
/// </summary>
public static class BriefingEndpoints
{
    private static readonly string[] Parameters = ["country", "region", "from", "to"];

    /// <summary>Where the page finds its stylesheet.</summary>
    public const string StylesheetPath = "/api/reports/briefing.css";

    public static IEndpointRouteBuilder MapBriefing(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/reports/briefing", Briefing).WithTags("Reports").RequireAuthorization();
        app.MapGet(StylesheetPath, Stylesheet).WithTags("Reports").AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    internal static async Task<ContentHttpResult> Briefing(HttpRequest request, ClaimsPrincipal user, BriefingStore briefings,
        TrendRepository trends, TimeProvider clock, CancellationToken cancellationToken)
    {
        foreach (var key in request.Query.Keys.Where(k => !Parameters.Contains(k, StringComparer.Ordinal)))
        {
            throw new InvalidParameterException(key, $"is not a parameter of this resource ({string.Join(", ", Parameters)}).");
        }

        var scope = CallerScopes.From(user);
        var (country, region) = (request.Query["country"].ToString(), request.Query["region"].ToString());
        if (country.Length > 0 == region.Length > 0)
        {
            throw new InvalidParameterException(country.Length > 0 ? "region" : "country", "give exactly one of country (e.g. KE) or region (e.g. LATF).");
        }

        var allowed = scope.Tier switch
        {
            Tier.National => country == scope.Country,
            Tier.Regional => string.Equals(region, scope.Region, StringComparison.OrdinalIgnoreCase),
            _ => false,
        };
        if (!allowed)
        {
            throw new CaseAccessDeniedException(scope.Tier == Tier.Regional
                ? $"A regional user's briefing covers the shared cases of the region {scope.Region}."
                : $"A national user's briefing covers the user's own country{(scope.Country is null ? "" : $" ({scope.Country})")}.");
        }

        var to = Date(request, "to") ?? await trends.LatestDateAsync(scope, null, cancellationToken)
            ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var from = Date(request, "from") ?? to.AddYears(-1).AddDays(1);
        if (from > to)
        {
            throw new InvalidParameterException("to", $"must not be before from ({from:yyyy-MM-dd}).");
        }

        if (to.DayNumber - from.DayNumber > 366 * 20)
        {
            throw new InvalidParameterException("from", "the period may be at most 20 years long.");
        }

        var briefing = await briefings.LoadAsync(scope, from, to, clock.GetUtcNow(), cancellationToken);
        request.HttpContext.Response.Headers.CacheControl = "private, no-store";
        return TypedResults.Content(BriefingHtml.Render(briefing, StylesheetPath), "text/html; charset=utf-8");
    }

    internal static ContentHttpResult Stylesheet(HttpContext context)
    {
        context.Response.Headers.CacheControl = "public, max-age=3600";
        return TypedResults.Content(BriefingStyles.Css, "text/css; charset=utf-8");
    }

    private static DateOnly? Date(HttpRequest request, string name) => request.Query.TryGetValue(name, out var v)
        ? DateOnly.TryParseExact(v.ToString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : throw new InvalidParameterException(name, "must be a date (yyyy-MM-dd).")
        : null;
}
