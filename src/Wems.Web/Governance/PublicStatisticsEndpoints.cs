using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Wems.Gis.Features;
using Wems.Gis.Governance;

namespace Wems.Web.Governance;

/// <summary>A published group: aggregates only, no case id, place or date finer than a year.</summary>
public sealed record PublicStatDto(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Country,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Year,
    [property: JsonPropertyName("commodity_group"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CommodityGroup,
    long Cases,
    decimal Kilograms);

/// <summary>The public statistics: the grouping, the suppression threshold and the published groups.</summary>
public sealed record PublicStatsDto(IReadOnlyList<string> By, int MinCount, IReadOnlyList<PublicStatDto> Rows);

/// <summary>
/// <c>GET /api/public/stats</c> and <c>/api/public/stats/countries</c>: anonymous, aggregated statistics from the
/// public tier (<see cref="PublicStatistics"/>), with groups under <see cref="PublicOptions.MinCount"/> suppressed.
/// </summary>
public static class PublicStatisticsEndpoints
{
    private static readonly Dictionary<string, PublicStatDimensions> Dimensions = new(StringComparer.Ordinal)
    {
        ["country"] = PublicStatDimensions.Country,
        ["year"] = PublicStatDimensions.Year,
        ["commodity"] = PublicStatDimensions.Commodity,
    };

    private static readonly string[] StatsParameters = ["by"];

    public static IEndpointRouteBuilder MapPublicStatistics(this IEndpointRouteBuilder app)
    {
        var stats = app.MapGroup("/api/public/stats").WithTags("Public").AllowAnonymous();
        stats.MapGet("", Stats);
        stats.MapGet("/countries", Countries);
        return app;
    }

    /// <summary>Cases and kilograms by <c>by</c> (a comma list of country, year, commodity; default all three).</summary>
    internal static async Task<Ok<PublicStatsDto>> Stats(HttpRequest request, PublicStatistics statistics, IOptions<PublicOptions> options,
        CancellationToken cancellationToken)
    {
        RejectUnknown(request, StatsParameters);
        var by = request.Query.TryGetValue("by", out var value) ? value.ToString().Split(',', StringSplitOptions.TrimEntries) : [.. Dimensions.Keys];
        var dimensions = PublicStatDimensions.None;
        foreach (var name in by)
        {
            dimensions |= Dimensions.TryGetValue(name, out var d)
                ? d
                : throw new InvalidParameterException("by", "must be a comma-separated list of country, year, commodity.");
        }

        return await RowsAsync(request, statistics, options.Value.MinCount, dimensions, cancellationToken);
    }

    /// <summary>Cases and kilograms per country, with the same suppression.</summary>
    internal static Task<Ok<PublicStatsDto>> Countries(HttpRequest request, PublicStatistics statistics, IOptions<PublicOptions> options,
        CancellationToken cancellationToken)
    {
        RejectUnknown(request, []);
        return RowsAsync(request, statistics, options.Value.MinCount, PublicStatDimensions.Country, cancellationToken);
    }

    private static async Task<Ok<PublicStatsDto>> RowsAsync(HttpRequest request, PublicStatistics statistics, int minCount,
        PublicStatDimensions dimensions, CancellationToken cancellationToken)
    {
        var rows = await statistics.QueryAsync(dimensions, minCount, cancellationToken);
        request.HttpContext.Response.Headers.CacheControl = "public, max-age=300";
        var by = Dimensions.Where(d => dimensions.HasFlag(d.Value)).Select(d => d.Key).ToList();
        return TypedResults.Ok(new PublicStatsDto(by, minCount,
            rows.Select(r => new PublicStatDto(r.Country, r.Year, r.CommodityGroup, r.Cases, r.Kilograms)).ToList()));
    }

    private static void RejectUnknown(HttpRequest request, string[] known)
    {
        foreach (var key in request.Query.Keys.Where(k => !known.Contains(k, StringComparer.Ordinal)))
        {
            throw new InvalidParameterException(key, known.Length == 0
                ? "is not a parameter of this resource (it has none)."
                : $"is not a parameter of this resource ({string.Join(", ", known)}).");
        }
    }
}
