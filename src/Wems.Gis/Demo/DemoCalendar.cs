namespace Wems.Gis.Demo;

/// <summary>
/// Spreads the cases over the days from start to end and picks the commodity of a case from its date.
/// </summary>
/// <remarks>
/// Each day gets a weight: month factor (seasonality) × weekday factor × COVID-19 dip (April 2020 to
/// March 2021) × the sum of the commodities' trends × day-to-day noise (log-normal, σ = 0.3, with rare
/// enforcement-operation spikes). Case k of n falls on the day where the cumulative weight reaches
/// (k + u) / n of the total (stratified sampling), so the dates come out in order, the count is exact
/// and the daily counts follow the weights.
/// </remarks>
internal sealed class DemoCalendar
{
    private static readonly double[] WeekdayFactor = [0.75, 1.0, 1.05, 1.05, 1.05, 1.05, 0.9]; // Sunday first

    private readonly DateOnly _start;
    private readonly double[] _cumulative;
    private readonly WeightedTable<CommodityProfile>[] _commodityByMonth;
    private readonly long _count;
    private int _cursor;

    public DemoCalendar(DateOnly start, DateOnly end, long count, IReadOnlyList<CommodityProfile> profiles, Random rng)
    {
        _start = start;
        _count = count;
        var days = end.DayNumber - start.DayNumber + 1;
        _cumulative = new double[days];
        var total = 0.0;
        for (var d = 0; d < days; d++)
        {
            var date = start.AddDays(d);
            var year = YearFraction(date);
            var level = 0.0;
            foreach (var profile in profiles)
            {
                level += profile.Share * profile.Trend(year);
            }

            var noise = Math.Exp(0.3 * DemoSampling.Normal(rng)) * (rng.NextDouble() < 0.01 ? 2.5 : 1.0);
            total += DemoCatalog.MonthFactor[date.Month - 1] * WeekdayFactor[(int)date.DayOfWeek]
                * CovidFactor(date) * level * noise;
            _cumulative[d] = total;
        }

        var months = ((end.Year - start.Year) * 12) + end.Month - start.Month + 1;
        _commodityByMonth = new WeightedTable<CommodityProfile>[months];
        for (var m = 0; m < months; m++)
        {
            var first = new DateOnly(start.Year, start.Month, 1).AddMonths(m);
            var year = first.Year + ((first.Month - 0.5) / 12.0);
            _commodityByMonth[m] = new WeightedTable<CommodityProfile>(
                profiles.Select(p => (p, p.Share * p.Trend(year))));
        }
    }

    /// <summary>The date of the next case (call once per case, in order); <paramref name="u"/> is uniform in [0, 1).</summary>
    public DateOnly Next(long index, double u)
    {
        var target = (index + u) / _count * _cumulative[^1];
        while (_cursor < _cumulative.Length - 1 && _cumulative[_cursor] < target)
        {
            _cursor++;
        }

        return _start.AddDays(_cursor);
    }

    public CommodityProfile PickCommodity(DateOnly date, Random rng)
    {
        var month = ((date.Year - _start.Year) * 12) + date.Month - _start.Month;
        return _commodityByMonth[month].Pick(rng);
    }

    public static double YearFraction(DateOnly date) => date.Year + ((date.DayOfYear - 0.5) / 365.25);

    /// <summary>Fewer seizures while travel was restricted by the COVID-19 pandemic.</summary>
    private static double CovidFactor(DateOnly date) => (date.Year, date.Month) switch
    {
        (2020, >= 4 and <= 9) => 0.6,
        (2020, >= 10) or (2021, <= 3) => 0.8,
        _ => 1.0,
    };
}
