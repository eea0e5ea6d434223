using System.Globalization;

namespace Wems.Gis.Analysis.Trends;

/// <summary>What a trend series groups by.</summary>
public enum TrendDimension
{
    /// <summary>Calendar month of the seizure (key <c>yyyy-MM</c>).</summary>
    Month,

    /// <summary>Calendar year of the seizure (key <c>yyyy</c>).</summary>
    Year,

    /// <summary>Species (scientific name) of the specimen lines.</summary>
    Species,

    /// <summary>Commodity group of the specimen lines' species.</summary>
    Commodity,

    /// <summary>Country of seizure (ISO alpha-2).</summary>
    Country,

    /// <summary>The trade chain's countries in order (e.g. <c>TZ&gt;KE&gt;VN</c>).</summary>
    Route,
}

/// <summary>What a trend sums.</summary>
public enum TrendMeasure
{
    /// <summary>Distinct cases.</summary>
    Count,

    /// <summary>Kilograms (specimen lines given in KIL or GRM).</summary>
    Weight,

    /// <summary>Estimated value in USD (lines in other currencies are left out).</summary>
    Value,
}

/// <summary>The calendar period of a change comparison.</summary>
public enum TrendPeriod
{
    /// <summary>Calendar month.</summary>
    Month,

    /// <summary>Calendar quarter (January, April, July, October).</summary>
    Quarter,

    /// <summary>Calendar year.</summary>
    Year,
}

/// <summary>
/// One specimen line of a case as trends read it; a case with no specimen line is one fact with no species,
/// commodity group, kilograms or value.
/// </summary>
/// <param name="CaseId">The case (cases are counted once per group however many lines they have).</param>
/// <param name="Date">Seizure date.</param>
/// <param name="Country">Country of seizure, ISO alpha-2.</param>
/// <param name="Species">Scientific name of the line's species; null for a case without lines.</param>
/// <param name="CommodityGroup">Commodity group of the species; null for a case without lines.</param>
/// <param name="Route">The case's trade chain countries in order, joined by <c>&gt;</c>; null when it has none.</param>
/// <param name="Kilograms">The line's quantity in kilograms (0 when given in another unit).</param>
/// <param name="ValueUsd">The line's estimated value in USD (0 when absent or in another currency).</param>
public sealed record TrendFact(Guid CaseId, DateOnly Date, string Country, string? Species, string? CommodityGroup,
    string? Route, double Kilograms, double ValueUsd);

/// <summary>One group of a series.</summary>
/// <param name="Key">The group: <c>yyyy-MM</c>, <c>yyyy</c>, a species, commodity group, country or route.</param>
/// <param name="Value">The measure summed over the group.</param>
/// <param name="Cases">Distinct cases in the group.</param>
public sealed record TrendPoint(string Key, double Value, int Cases);

/// <summary>One year of the Data Clock.</summary>
/// <param name="Year">Calendar year.</param>
/// <param name="Months">Twelve values, January first.</param>
public sealed record DataClockRow(int Year, IReadOnlyList<double> Months);

/// <summary>A group's value in two periods.</summary>
/// <param name="Key">The group; null for the total.</param>
/// <param name="Current">Value in the current period.</param>
/// <param name="Previous">Value in the previous period.</param>
public sealed record TrendDelta(string? Key, double Current, double Previous)
{
    /// <summary>Current − previous.</summary>
    public double Absolute => Current - Previous;

    /// <summary>Change in percent of the previous value; null when the previous value is 0 (no base).</summary>
    public double? Percent => Previous == 0 ? null : 100 * (Current - Previous) / Previous;
}

/// <summary>Two date ranges compared, with the total and, when grouped, each group.</summary>
/// <param name="CurrentFrom">First day of the current period.</param>
/// <param name="CurrentTo">Last day of the current period.</param>
/// <param name="PreviousFrom">First day of the previous period.</param>
/// <param name="PreviousTo">Last day of the previous period.</param>
/// <param name="Total">All facts of each period.</param>
/// <param name="Groups">Per group (union of both periods' groups), largest current value first; empty when not grouped.</param>
public sealed record TrendChange(DateOnly CurrentFrom, DateOnly CurrentTo, DateOnly PreviousFrom, DateOnly PreviousTo,
    TrendDelta Total, IReadOnlyList<TrendDelta> Groups);

/// <summary>
/// Trends (MISSION.md "Trends"): counts, kilograms and value by month, year, species, commodity group, country and
/// trade route; the WEMS "Data Clock" (month × year); and the change between two periods. Pure functions over
/// <see cref="TrendFact"/> lists.
/// </summary>
/// <remarks>
/// A count is of distinct cases in a group, so a case with ivory and pangolin scales counts once under each
/// commodity and once in its month. Kilograms and values are sums over the lines in the group. Facts with no key
/// for the dimension (a case without lines by species, without a trade chain by route) are left out of that series.
/// </remarks>
public static class TrendAnalysis
{
    /// <summary>
    /// The series of <paramref name="measure"/> by <paramref name="by"/>. Time series (month, year) are in
    /// calendar order and list every period from <paramref name="from"/> (or the first fact) to
    /// <paramref name="to"/> (or the last fact), empty ones with 0; other series are largest first, ties by key.
    /// </summary>
    public static IReadOnlyList<TrendPoint> Series(IEnumerable<TrendFact> facts, TrendDimension by, TrendMeasure measure,
        DateOnly? from = null, DateOnly? to = null)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var groups = Group(facts, by, measure);
        if (by is not (TrendDimension.Month or TrendDimension.Year))
        {
            return groups.Values.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).ToList();
        }

        var keys = groups.Keys.Order(StringComparer.Ordinal).ToList();
        var first = from is { } f ? Start(f, by) : keys.Count > 0 ? Parse(keys[0], by) : (DateOnly?)null;
        var last = to is { } t ? Start(t, by) : keys.Count > 0 ? Parse(keys[^1], by) : (DateOnly?)null;
        var series = new List<TrendPoint>();
        for (var d = first; d is { } day && last is { } end && day <= end; d = by == TrendDimension.Month ? day.AddMonths(1) : day.AddYears(1))
        {
            var key = Key(day, by);
            series.Add(groups.TryGetValue(key, out var point) ? point : new TrendPoint(key, 0, 0));
        }

        return series;
    }

    /// <summary>
    /// The Data Clock: <paramref name="measure"/> per month (columns) and year (rows), every year from the first
    /// to the last fact's, months without facts 0. Counts are distinct cases per month.
    /// </summary>
    public static IReadOnlyList<DataClockRow> DataClock(IEnumerable<TrendFact> facts, TrendMeasure measure)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var months = Group(facts, TrendDimension.Month, measure);
        if (months.Count == 0)
        {
            return [];
        }

        var years = months.Keys.Select(k => Parse(k, TrendDimension.Month).Year).ToList();
        var rows = new List<DataClockRow>();
        for (var year = years.Min(); year <= years.Max(); year++)
        {
            var values = new double[12];
            for (var m = 1; m <= 12; m++)
            {
                values[m - 1] = months.TryGetValue(Key(new DateOnly(year, m, 1), TrendDimension.Month), out var p) ? p.Value : 0;
            }

            rows.Add(new DataClockRow(year, values));
        }

        return rows;
    }

    /// <summary>
    /// Compares the facts dated in [<paramref name="currentFrom"/>, <paramref name="currentTo"/>] with those in
    /// [<paramref name="previousFrom"/>, <paramref name="previousTo"/>] (both inclusive): the total, and per group
    /// of <paramref name="by"/> when given.
    /// </summary>
    public static TrendChange Compare(IEnumerable<TrendFact> facts, TrendMeasure measure, DateOnly currentFrom, DateOnly currentTo,
        DateOnly previousFrom, DateOnly previousTo, TrendDimension? by = null)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var all = facts as IReadOnlyCollection<TrendFact> ?? facts.ToList();
        var current = all.Where(f => f.Date >= currentFrom && f.Date <= currentTo).ToList();
        var previous = all.Where(f => f.Date >= previousFrom && f.Date <= previousTo).ToList();
        var total = new TrendDelta(null, Total(current, measure), Total(previous, measure));
        if (by is not { } dimension)
        {
            return new TrendChange(currentFrom, currentTo, previousFrom, previousTo, total, []);
        }

        var now = Group(current, dimension, measure);
        var before = Group(previous, dimension, measure);
        var groups = now.Keys.Union(before.Keys)
            .Select(k => new TrendDelta(k, now.TryGetValue(k, out var c) ? c.Value : 0, before.TryGetValue(k, out var p) ? p.Value : 0))
            .OrderByDescending(d => d.Current).ThenByDescending(d => d.Previous).ThenBy(d => d.Key, StringComparer.Ordinal)
            .ToList();
        return new TrendChange(currentFrom, currentTo, previousFrom, previousTo, total, groups);
    }

    /// <summary>
    /// The calendar <paramref name="period"/> holding <paramref name="asOf"/> against the one before it
    /// (e.g. June 2024 against May 2024, or Q2 against Q1).
    /// </summary>
    public static TrendChange Change(IEnumerable<TrendFact> facts, TrendMeasure measure, TrendPeriod period, DateOnly asOf,
        TrendDimension? by = null)
    {
        var (currentFrom, currentTo) = PeriodOf(asOf, period);
        var (previousFrom, previousTo) = PeriodOf(currentFrom.AddDays(-1), period);
        return Compare(facts, measure, currentFrom, currentTo, previousFrom, previousTo, by);
    }

    /// <summary>First and last day of the calendar <paramref name="period"/> holding <paramref name="date"/>.</summary>
    public static (DateOnly From, DateOnly To) PeriodOf(DateOnly date, TrendPeriod period)
    {
        var from = period switch
        {
            TrendPeriod.Month => new DateOnly(date.Year, date.Month, 1),
            TrendPeriod.Quarter => new DateOnly(date.Year, ((date.Month - 1) / 3 * 3) + 1, 1),
            TrendPeriod.Year => new DateOnly(date.Year, 1, 1),
            _ => throw new ArgumentOutOfRangeException(nameof(period), period, "Unknown period."),
        };
        var next = period switch
        {
            TrendPeriod.Month => from.AddMonths(1),
            TrendPeriod.Quarter => from.AddMonths(3),
            _ => from.AddYears(1),
        };
        return (from, next.AddDays(-1));
    }

    /// <summary>The measure over all <paramref name="facts"/>: distinct cases, or the sum of kilograms or value.</summary>
    public static double Total(IEnumerable<TrendFact> facts, TrendMeasure measure)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return measure == TrendMeasure.Count ? facts.Select(f => f.CaseId).Distinct().Count() : facts.Sum(f => Amount(f, measure));
    }

    private static Dictionary<string, TrendPoint> Group(IEnumerable<TrendFact> facts, TrendDimension by, TrendMeasure measure)
    {
        var sums = new Dictionary<string, (double Sum, HashSet<Guid> Cases)>(StringComparer.Ordinal);
        foreach (var fact in facts)
        {
            if (KeyOf(fact, by) is not { } key)
            {
                continue;
            }

            if (!sums.TryGetValue(key, out var group))
            {
                group = (0, []);
            }

            group.Cases.Add(fact.CaseId);
            sums[key] = (group.Sum + Amount(fact, measure), group.Cases);
        }

        return sums.ToDictionary(s => s.Key,
            s => new TrendPoint(s.Key, measure == TrendMeasure.Count ? s.Value.Cases.Count : s.Value.Sum, s.Value.Cases.Count),
            StringComparer.Ordinal);
    }

    private static double Amount(TrendFact fact, TrendMeasure measure) => measure switch
    {
        TrendMeasure.Weight => fact.Kilograms,
        TrendMeasure.Value => fact.ValueUsd,
        _ => 0,
    };

    private static string? KeyOf(TrendFact fact, TrendDimension by) => by switch
    {
        TrendDimension.Month or TrendDimension.Year => Key(fact.Date, by),
        TrendDimension.Species => fact.Species,
        TrendDimension.Commodity => fact.CommodityGroup,
        TrendDimension.Country => fact.Country,
        TrendDimension.Route => string.IsNullOrEmpty(fact.Route) ? null : fact.Route,
        _ => throw new ArgumentOutOfRangeException(nameof(by), by, "Unknown dimension."),
    };

    private static DateOnly Start(DateOnly date, TrendDimension by) =>
        by == TrendDimension.Month ? new DateOnly(date.Year, date.Month, 1) : new DateOnly(date.Year, 1, 1);

    private static string Key(DateOnly date, TrendDimension by) =>
        date.ToString(by == TrendDimension.Month ? "yyyy-MM" : "yyyy", CultureInfo.InvariantCulture);

    private static DateOnly Parse(string key, TrendDimension by) =>
        DateOnly.ParseExact(by == TrendDimension.Month ? key + "-01" : key + "-01-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
