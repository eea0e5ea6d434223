using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Wems.Gis.Analysis.Trends;
using Wems.Gis.Features;
using Wems.Gis.Governance;
using Wems.Gis.Storage;
using Wems.Web.Auth;
using Wems.Web.Cases;
using Wems.Web.Governance;

namespace Wems.Web.Trends;

/// <summary>One group of a series: its key, the measure and the distinct cases in it.</summary>
public sealed record TrendPointDto(string Key, double Value, long Cases);

/// <summary>
/// A series: what it groups by and measures, the period asked for, the caller's tier, and the groups. For the
/// public tier, <c>minCount</c> is the suppression threshold: groups under it are left out.
/// </summary>
public sealed record TrendSeriesDto(string By, string Measure, DateOnly? From, DateOnly? To, string Tier, int? MinCount,
    IReadOnlyList<TrendPointDto> Points);

/// <summary>The Data Clock: one row per year, twelve monthly values, January first.</summary>
public sealed record DataClockDto(string Measure, DateOnly? From, DateOnly? To, IReadOnlyList<DataClockRow> Rows);

/// <summary>One side of a comparison.</summary>
public sealed record TrendPeriodDto(DateOnly From, DateOnly To, double Value);

/// <summary>A group's change; <c>percent</c> is null when the previous value is 0.</summary>
public sealed record TrendDeltaDto(string Key, double Current, double Previous, double Absolute, double? Percent);

/// <summary>The current period against the previous one: the total and, when grouped, per group.</summary>
public sealed record TrendChangeDto(string Period, string Measure, string? By, TrendPeriodDto Current, TrendPeriodDto Previous,
    double Absolute, double? Percent, int? MinCount, IReadOnlyList<TrendDeltaDto> Groups);

/// <summary>
/// <c>/api/trends/series</c>, <c>/data-clock</c> and <c>/change</c> (MISSION.md "Trends"): computed by
/// <see cref="TrendAnalysis"/> over the cases the caller's tier sees (national: its country; regional: the shared
/// cases of its region). Anonymous callers get the published yearly aggregates of the public tier only, with small
/// groups suppressed, and no Data Clock.
/// </summary>
public static class TrendEndpoints
{
    public static IServiceCollection AddTrends(this IServiceCollection services)
    {
        services.AddSingleton<TrendRepository>();
        return services;
    }

    public static IEndpointRouteBuilder MapTrends(this IEndpointRouteBuilder app)
    {
        var trends = app.MapGroup("/api/trends").WithTags("Trends");
        trends.MapGet("/series", Series).AllowAnonymous();
        trends.MapGet("/data-clock", DataClock).RequireAuthorization();
        trends.MapGet("/change", Change).AllowAnonymous();
        trends.MapGet("/agencies", Agencies).RequireAuthorization();
        trends.MapGet("/corridors", TrendCorridors.Get).RequireAuthorization();
        return app;
    }

    /// <summary>The measure (<c>count|weight|value</c>) by <c>month|year|species|commodity|country|route</c>.</summary>
    internal static async Task<Ok<TrendSeriesDto>> Series(HttpRequest request, ClaimsPrincipal user, TrendRepository trends,
        CaseValidation reference, PublicStatistics statistics, IOptions<PublicOptions> options, CancellationToken cancellationToken)
    {
        var query = TrendQuery.Parse(request, TrendQuery.SeriesParameters, TrendDimension.Month);
        var by = query.By!.Value;
        var scope = await ScopeAsync(user, query, reference);
        if (scope.Tier == Tier.Public)
        {
            var min = options.Value.MinCount;
            var rows = await PublicTrends.SeriesAsync(statistics, query, min, cancellationToken);
            return TypedResults.Ok(new TrendSeriesDto(TrendQuery.Name(by), TrendQuery.Name(query.Measure), query.Filter.From, query.Filter.To,
                "public", min, rows));
        }

        var facts = await trends.LoadAsync(scope, query.Filter, cancellationToken);
        var points = TrendAnalysis.Series(facts, by, query.Measure, query.Filter.From, query.Filter.To);
        return TypedResults.Ok(new TrendSeriesDto(TrendQuery.Name(by), TrendQuery.Name(query.Measure), query.Filter.From, query.Filter.To,
            TrendQuery.Name(scope.Tier), null, points.Select(p => new TrendPointDto(p.Key, p.Value, p.Cases)).ToList()));
    }

    /// <summary>The measure per month and year (signed-in callers only: the public tier publishes no months).</summary>
    internal static async Task<Ok<DataClockDto>> DataClock(HttpRequest request, ClaimsPrincipal user, TrendRepository trends,
        CaseValidation reference, CancellationToken cancellationToken)
    {
        var query = TrendQuery.Parse(request, TrendQuery.DataClockParameters, null);
        var scope = await ScopeAsync(user, query, reference);
        if (scope.Tier == Tier.Public)
        {
            throw new CaseAccessDeniedException("The Data Clock is shown to national and regional users only.");
        }

        var facts = await trends.LoadAsync(scope, query.Filter, cancellationToken);
        return TypedResults.Ok(new DataClockDto(TrendQuery.Name(query.Measure), query.Filter.From, query.Filter.To,
            TrendAnalysis.DataClock(facts, query.Measure)));
    }

    /// <summary>
    /// The calendar <c>period</c> (month, quarter, year) holding <c>to</c> (default: the latest seizure visible) against
    /// the one before, with absolute and percent change, in total and per <c>by</c> group when given.
    /// </summary>
    internal static async Task<Ok<TrendChangeDto>> Change(HttpRequest request, ClaimsPrincipal user, TrendRepository trends,
        CaseValidation reference, PublicStatistics statistics, IOptions<PublicOptions> options, CancellationToken cancellationToken)
    {
        var query = TrendQuery.Parse(request, TrendQuery.ChangeParameters, null);
        if (query.Filter.From is not null)
        {
            throw new InvalidParameterException("from", "is not used by a change: give to (the date whose period is compared with the one before).");
        }

        var scope = await ScopeAsync(user, query, reference);
        if (scope.Tier == Tier.Public)
        {
            return TypedResults.Ok(await PublicTrends.ChangeAsync(statistics, query, options.Value.MinCount, cancellationToken));
        }

        var asOf = query.Filter.To ?? await trends.LatestDateAsync(scope, query.Filter.Country, cancellationToken)
            ?? throw new InvalidParameterException("to", "is needed: no case is visible to you to take the latest date from.");
        var (currentFrom, currentTo) = TrendAnalysis.PeriodOf(asOf, query.Period);
        var (previousFrom, _) = TrendAnalysis.PeriodOf(currentFrom.AddDays(-1), query.Period);
        var facts = await trends.LoadAsync(scope, query.Filter with { From = previousFrom, To = currentTo }, cancellationToken);
        var change = TrendAnalysis.Change(facts, query.Measure, query.Period, asOf, query.By);
        return TypedResults.Ok(ToDto(change, query, null));
    }

    /// <summary>The agencies the <c>agency</c> filter may name for the caller: those of the countries whose cases it sees.</summary>
    internal static async Task<Ok<IReadOnlyList<TrendAgency>>> Agencies(HttpRequest request, ClaimsPrincipal user, TrendRepository trends,
        CancellationToken cancellationToken)
    {
        foreach (var key in request.Query.Keys)
        {
            throw new InvalidParameterException(key, "is not a parameter of this resource (it takes none).");
        }

        return TypedResults.Ok(await trends.AgenciesAsync(CallerScopes.From(user), cancellationToken));
    }

    internal static TrendChangeDto ToDto(TrendChange change, TrendQuery query, int? minCount) => new(
        TrendQuery.Name(query.Period), TrendQuery.Name(query.Measure), query.By is { } by ? TrendQuery.Name(by) : null,
        new TrendPeriodDto(change.CurrentFrom, change.CurrentTo, change.Total.Current),
        new TrendPeriodDto(change.PreviousFrom, change.PreviousTo, change.Total.Previous),
        change.Total.Absolute, change.Total.Percent, minCount,
        change.Groups.Select(g => new TrendDeltaDto(g.Key!, g.Current, g.Previous, g.Absolute, g.Percent)).ToList());

    // A national caller asking for another country would only ever see nothing: say so instead. The public tier
    // refuses the case-level filters itself (PublicTrends); the others get unknown species, agencies and modes named.
    private static async Task<CallerScope> ScopeAsync(ClaimsPrincipal user, TrendQuery query, CaseValidation reference)
    {
        var scope = CallerScopes.From(user);
        if (scope.Tier == Tier.National && query.Filter.Country is { } country && country != scope.Country)
        {
            throw new CaseAccessDeniedException($"National users see their own country's cases ({scope.Country}), not {country}'s.");
        }

        if (scope.Tier != Tier.Public && query.Filter is { Species: not null } or { Agency: not null } or { TransportMode: not null })
        {
            query.CheckKnown(await reference.ContextAsync());
        }

        return scope;
    }
}
