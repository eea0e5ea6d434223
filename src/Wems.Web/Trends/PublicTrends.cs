using System.Globalization;
using Wems.Gis.Analysis.Trends;
using Wems.Gis.Features;
using Wems.Gis.Governance;

namespace Wems.Web.Trends;

/// <summary>
/// Trends for anonymous callers, from the public tier's published groups (<see cref="PublicStatistics"/>: country ×
/// year × commodity group, small groups suppressed, no open case younger than a year). Only what those groups hold
/// can be asked: by year, country or commodity, cases or kilograms. A coarser group is the sum of its published
/// groups and is itself suppressed under the threshold; a case with two commodity groups counts in both.
/// </summary>
internal static class PublicTrends
{
    private const string SignIn = "the public tier publishes yearly cases and kilograms by country and commodity only; sign in for more.";

    public static async Task<IReadOnlyList<TrendPointDto>> SeriesAsync(PublicStatistics statistics, TrendQuery query, int minCount,
        CancellationToken ct)
    {
        var by = query.By!.Value;
        Check(query, by is TrendDimension.Year or TrendDimension.Country or TrendDimension.Commodity);
        var groups = (await RowsAsync(statistics, query, minCount, ct))
            .GroupBy(r => Key(r, by))
            .Select(g => new TrendPointDto(g.Key, query.Measure == TrendMeasure.Count ? g.Sum(r => r.Cases) : (double)g.Sum(r => r.Kilograms),
                g.Sum(r => r.Cases)))
            .Where(p => p.Cases >= minCount);
        return by == TrendDimension.Year
            ? groups.OrderBy(p => p.Key, StringComparer.Ordinal).ToList()
            : groups.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).ToList();
    }

    public static async Task<TrendChangeDto> ChangeAsync(PublicStatistics statistics, TrendQuery query, int minCount, CancellationToken ct)
    {
        Check(query, query.By is null or TrendDimension.Country or TrendDimension.Commodity);
        if (query.Period != TrendPeriod.Year)
        {
            throw new InvalidParameterException("period", "must be year for the public tier: " + SignIn);
        }

        var rows = await RowsAsync(statistics, query with { Filter = query.Filter with { From = null, To = null } }, minCount, ct);
        var year = query.Filter.To?.Year ?? (rows.Count > 0 ? rows.Max(r => r.Year!.Value) : DateTime.UtcNow.Year);
        var dimension = query.By;
        double Sum(IEnumerable<PublicStatRow> group, int y)
        {
            var inYear = group.Where(r => r.Year == y).ToList();
            var cases = inYear.Sum(r => r.Cases);
            return cases < minCount ? 0 : query.Measure == TrendMeasure.Count ? cases : (double)inYear.Sum(r => r.Kilograms);
        }

        var total = new TrendDelta(null, Sum(rows, year), Sum(rows, year - 1));
        var groups = dimension is { } d
            ? rows.GroupBy(r => Key(r, d)).Select(g => new TrendDelta(g.Key, Sum(g, year), Sum(g, year - 1)))
                .Where(g => g.Current > 0 || g.Previous > 0)
                .OrderByDescending(g => g.Current).ThenByDescending(g => g.Previous).ThenBy(g => g.Key, StringComparer.Ordinal).ToList()
            : [];
        var change = new TrendChange(new DateOnly(year, 1, 1), new DateOnly(year, 12, 31), new DateOnly(year - 1, 1, 1),
            new DateOnly(year - 1, 12, 31), total, groups);
        return TrendEndpoints.ToDto(change, query, minCount);
    }

    private static void Check(TrendQuery query, bool dimensionPublished)
    {
        if (!dimensionPublished)
        {
            throw new InvalidParameterException("by", "must be year, country or commodity for the public tier: " + SignIn);
        }

        if (query.Measure == TrendMeasure.Value)
        {
            throw new InvalidParameterException("measure", "must be count or weight for the public tier: " + SignIn);
        }

        foreach (var (name, value) in new[] { ("species", query.Filter.Species), ("agency", query.Filter.Agency), ("transport_mode", query.Filter.TransportMode) })
        {
            if (value is not null)
            {
                throw new InvalidParameterException(name, "is not published to the public tier: " + SignIn);
            }
        }
    }

    // The finest published groups (suppressed by the view under the threshold), filtered by the query's years,
    // country and commodity group.
    private static async Task<List<PublicStatRow>> RowsAsync(PublicStatistics statistics, TrendQuery query, int minCount, CancellationToken ct)
    {
        var filter = query.Filter;
        var rows = await statistics.QueryAsync(PublicStatDimensions.All, minCount, ct);
        return rows.Where(r => (filter.From is null || r.Year >= filter.From.Value.Year) && (filter.To is null || r.Year <= filter.To.Value.Year)
                               && (filter.Country is null || r.Country == filter.Country)
                               && (filter.CommodityGroup is null || r.CommodityGroup == filter.CommodityGroup))
            .ToList();
    }

    private static string Key(PublicStatRow row, TrendDimension by) => by switch
    {
        TrendDimension.Year => row.Year!.Value.ToString(CultureInfo.InvariantCulture),
        TrendDimension.Country => row.Country!,
        _ => row.CommodityGroup!,
    };
}
