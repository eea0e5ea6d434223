namespace Wems.Gis.Analysis.Corridors;

/// <summary>
/// Sums the legs of many cases into flows by directed country pair (optionally by period, commodity group and
/// species), and generalises them: the top N flows, or the flows above a threshold.
/// </summary>
/// <remarks>
/// <para>
/// Counting: a case counts once on a pair, even when its chain passes the pair twice, and its measures are added
/// once. Split by group or species, a case's measures are shared out by its <see cref="CaseMeasures.Commodities"/>
/// (kilograms of ivory to ivory, kilograms of pangolin scales to pangolin), and the case counts once in each
/// group or species it holds, so case counts over groups can add up to more than the cases. A case with no
/// specimen lines goes to the empty group and species. Sums are doubles: analysis weights, not accounts.
/// </para>
/// <para>One pass over the cases, one dictionary entry per flow: linear in the number of legs.</para>
/// </remarks>
public static class CorridorAggregation
{
    private static readonly CorridorOptions Defaults = new();

    /// <summary>
    /// Flows of <paramref name="cases"/>, ordered by from, to, period, group, species (ordinal).
    /// </summary>
    public static IReadOnlyList<CorridorFlow> Aggregate(IEnumerable<CaseLegs> cases, CorridorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(cases);
        options ??= Defaults;
        var split = options.ByCommodityGroup || options.BySpecies;
        var flows = new Dictionary<FlowKey, Accumulator>();
        var pairs = new List<(string From, string To, bool Travelled)>();
        var sequence = 0;
        foreach (var c in cases)
        {
            sequence++;
            DistinctPairs(c.Legs, options.TravelledOnly, pairs);
            if (pairs.Count == 0)
            {
                continue;
            }

            var period = options.Period == CorridorPeriod.None ? (DateOnly?)null : PeriodStart(c.Date, options.Period);
            var m = c.Measures;
            foreach (var (from, to, travelled) in pairs)
            {
                if (!split)
                {
                    Get(flows, new FlowKey(from, to, period, null, null))
                        .Add(sequence, c.CaseId, travelled, m.QuantityKg, m.Specimens, m.Value, m.OtherValues, options.KeepCaseIds);
                }
                else if (m.Commodities.Count == 0)
                {
                    Get(flows, new FlowKey(from, to, period, options.ByCommodityGroup ? "" : null, options.BySpecies ? "" : null))
                        .Add(sequence, c.CaseId, travelled, m.QuantityKg, m.Specimens, m.Value, m.OtherValues, options.KeepCaseIds);
                }
                else
                {
                    foreach (var s in m.Commodities)
                    {
                        var key = new FlowKey(from, to, period, options.ByCommodityGroup ? s.Group : null, options.BySpecies ? s.Species : null);
                        Get(flows, key).Add(sequence, c.CaseId, travelled, s.QuantityKg, s.Specimens, s.Value, s.OtherValues, options.KeepCaseIds);
                    }
                }
            }
        }

        var result = new List<CorridorFlow>(flows.Count);
        foreach (var (key, a) in flows)
        {
            result.Add(new CorridorFlow(key.From, key.To, key.PeriodStart, key.Group, key.Species, a.Cases, a.TravelledCases,
                a.Kg, a.Specimens, a.Value, a.Other is null ? Empty : a.Other, a.CaseIds is null ? [] : a.CaseIds));
        }

        result.Sort(CompareKeys);
        return result;
    }

    /// <summary>
    /// The <paramref name="n"/> heaviest flows by <paramref name="by"/> within each (period, group, species)
    /// partition: with no split that is the global top N, with a split by year the top N of each year. Ties are
    /// broken by from, then to (ordinal) so the result is stable. Output: partition order, heaviest first. For
    /// per-zoom generalisation call it with a smaller <paramref name="n"/> for smaller scales (for instance 20
    /// flows at zoom 0–3, 60 at 4–5, all beyond).
    /// </summary>
    public static IReadOnlyList<CorridorFlow> TopFlows(IEnumerable<CorridorFlow> flows, int n, FlowWeight by = FlowWeight.Cases)
    {
        ArgumentNullException.ThrowIfNull(flows);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        return flows
            .GroupBy(f => (f.PeriodStart, f.CommodityGroup, f.Species))
            .OrderBy(g => g.Key.PeriodStart)
            .ThenBy(g => g.Key.CommodityGroup, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Species, StringComparer.Ordinal)
            .SelectMany(g => g
                .OrderByDescending(f => f.Weight(by))
                .ThenBy(f => f.From, StringComparer.Ordinal)
                .ThenBy(f => f.To, StringComparer.Ordinal)
                .Take(n))
            .ToList();
    }

    /// <summary>The flows whose weight by <paramref name="by"/> is at least <paramref name="minimum"/>, in input order.</summary>
    public static IReadOnlyList<CorridorFlow> AtLeast(IEnumerable<CorridorFlow> flows, double minimum, FlowWeight by = FlowWeight.Cases)
    {
        ArgumentNullException.ThrowIfNull(flows);
        return flows.Where(f => f.Weight(by) >= minimum).ToList();
    }

    /// <summary>
    /// The first day of the month, quarter or year that holds <paramref name="date"/>; the date itself for
    /// <see cref="CorridorPeriod.None"/>.
    /// </summary>
    public static DateOnly PeriodStart(DateOnly date, CorridorPeriod period) => period switch
    {
        CorridorPeriod.None => date,
        CorridorPeriod.Month => new DateOnly(date.Year, date.Month, 1),
        CorridorPeriod.Quarter => new DateOnly(date.Year, (date.Month - 1) / 3 * 3 + 1, 1),
        CorridorPeriod.Year => new DateOnly(date.Year, 1, 1),
        _ => throw new ArgumentOutOfRangeException(nameof(period), period, "Unknown period."),
    };

    private static readonly IReadOnlyDictionary<string, double> Empty = new Dictionary<string, double>();

    /// <summary>The case's distinct (from, to) pairs; a pair is travelled when any of its legs is.</summary>
    private static void DistinctPairs(IReadOnlyList<TradeLeg> legs, bool travelledOnly, List<(string From, string To, bool Travelled)> pairs)
    {
        pairs.Clear();
        foreach (var leg in legs)
        {
            if (travelledOnly && leg.Intended)
            {
                continue;
            }

            var i = pairs.Count - 1;
            while (i >= 0 && !(string.Equals(pairs[i].From, leg.From, StringComparison.Ordinal)
                && string.Equals(pairs[i].To, leg.To, StringComparison.Ordinal)))
            {
                i--;
            }

            if (i < 0)
            {
                pairs.Add((leg.From, leg.To, !leg.Intended));
            }
            else if (!leg.Intended)
            {
                pairs[i] = pairs[i] with { Travelled = true };
            }
        }
    }

    private static Accumulator Get(Dictionary<FlowKey, Accumulator> flows, FlowKey key)
    {
        if (!flows.TryGetValue(key, out var a))
        {
            a = new Accumulator();
            flows[key] = a;
        }

        return a;
    }

    private static int CompareKeys(CorridorFlow a, CorridorFlow b)
    {
        var c = string.CompareOrdinal(a.From, b.From);
        if (c == 0)
        {
            c = string.CompareOrdinal(a.To, b.To);
        }

        if (c == 0)
        {
            c = Nullable.Compare(a.PeriodStart, b.PeriodStart);
        }

        if (c == 0)
        {
            c = string.CompareOrdinal(a.CommodityGroup, b.CommodityGroup);
        }

        return c == 0 ? string.CompareOrdinal(a.Species, b.Species) : c;
    }

    private readonly record struct FlowKey(string From, string To, DateOnly? PeriodStart, string? Group, string? Species);

    private sealed class Accumulator
    {
        private int lastCase;

        public int Cases { get; private set; }
        public int TravelledCases { get; private set; }
        public double Kg { get; private set; }
        public double Specimens { get; private set; }
        public double Value { get; private set; }
        public Dictionary<string, double>? Other { get; private set; }
        public List<Guid>? CaseIds { get; private set; }

        /// <summary>
        /// Adds one case's (share of) measures. Called once per pair and share, so a second call for the same
        /// case (another species in the same group) adds its measures but not another case.
        /// </summary>
        public void Add(int sequence, Guid id, bool travelled, double kg, double specimens, double value,
            IReadOnlyList<CurrencyAmount> other, bool keepIds)
        {
            if (lastCase != sequence)
            {
                lastCase = sequence;
                Cases++;
                if (travelled)
                {
                    TravelledCases++;
                }

                if (keepIds)
                {
                    (CaseIds ??= []).Add(id);
                }
            }

            Kg += kg;
            Specimens += specimens;
            Value += value;
            foreach (var amount in other)
            {
                Other ??= new Dictionary<string, double>(StringComparer.Ordinal);
                Other[amount.Currency] = Other.GetValueOrDefault(amount.Currency) + amount.Value;
            }
        }
    }
}
