using Wems.Gis.Cases;

namespace Wems.Gis.Analysis.Corridors;

/// <summary>What a country does in the trade: its roles in the cases' chains, and its place in the flow graph.</summary>
/// <param name="Country">ISO alpha-2 code.</param>
/// <param name="Origin">Cases whose chain names the country as origin.</param>
/// <param name="Export">Cases whose chain names the country as export country.</param>
/// <param name="Transit">Cases whose chain names the country as transit country.</param>
/// <param name="Destination">Cases whose chain names the country as destination.</param>
/// <param name="SeizuresIn">Cases seized in the country.</param>
/// <param name="SeizuresOut">Cases seized in another country whose chain names this one (ETIS "seizures out").</param>
/// <param name="InDegree">Number of countries with a flow into this one.</param>
/// <param name="OutDegree">Number of countries this one has a flow to.</param>
/// <param name="WeightedInDegree">Sum of the weights of the flows into the country.</param>
/// <param name="WeightedOutDegree">Sum of the weights of the flows out of the country.</param>
/// <param name="Betweenness">Betweenness centrality on the flow graph (see <see cref="Corridors.Betweenness"/>).</param>
public sealed record CountryRole(
    string Country,
    int Origin,
    int Export,
    int Transit,
    int Destination,
    int SeizuresIn,
    int SeizuresOut,
    int InDegree,
    int OutDegree,
    double WeightedInDegree,
    double WeightedOutDegree,
    double Betweenness);

/// <summary>Options for <see cref="CountryRoles.Compute"/>.</summary>
public sealed record CountryRoleOptions
{
    /// <summary>The flow measure that weighs degrees and edges (default: number of cases).</summary>
    public FlowWeight Weight { get; init; } = FlowWeight.Cases;

    /// <summary>Edge length for betweenness: 1 / weight (default) or hops.</summary>
    public PathLength Length { get; init; } = PathLength.InverseWeight;

    /// <summary>Divide betweenness by (n − 1)(n − 2), n the number of countries in the flow graph.</summary>
    public bool NormalizedBetweenness { get; init; }
}

/// <summary>
/// Per-country role counts (origin, export, transit, destination, seizures in and out, as ETIS reports them)
/// and network measures over the aggregated flows (degree, weighted degree, betweenness), to rank transit
/// countries.
/// </summary>
/// <remarks>
/// <para>
/// Role counts come from the chains as recorded: a country that the leg builder inserts because the chain does not
/// name the seizure country has no role. A case counts at most once per country and role. "Seizures in" counts
/// every case seized in the country, with or without a chain; "seizures out" counts cases seized elsewhere that
/// name the country anywhere in the chain, once per case. Their ratio is what ETIS uses as a law-enforcement
/// ratio.
/// </para>
/// <para>
/// Network measures come from the flows given: pass the flows of the graph you mean (one period, one commodity).
/// Flows on the same pair in different partitions are summed into one edge. Countries in the graph but named
/// by no case, and countries named by cases but in no flow, are both listed (with zeros where they have nothing).
/// </para>
/// </remarks>
public static class CountryRoles
{
    private static readonly CountryRoleOptions Defaults = new();

    /// <summary>One row per country, ordered by country code (ordinal).</summary>
    public static IReadOnlyList<CountryRole> Compute(
        IEnumerable<SeizureCase> cases, IEnumerable<CorridorFlow> flows, CountryRoleOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(flows);
        options ??= Defaults;
        var rows = new Dictionary<string, Counts>(StringComparer.Ordinal);
        var seen = new HashSet<(string, TradeRole)>();
        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (var seizure in cases)
        {
            Row(rows, seizure.Country).SeizuresIn++;
            seen.Clear();
            named.Clear();
            foreach (var entry in seizure.TradeChain)
            {
                if (seen.Add((entry.Country, entry.Role)))
                {
                    Row(rows, entry.Country).AddRole(entry.Role);
                }

                if (!string.Equals(entry.Country, seizure.Country, StringComparison.Ordinal) && named.Add(entry.Country))
                {
                    Row(rows, entry.Country).SeizuresOut++;
                }
            }
        }

        var edges = new List<WeightedEdge>();
        var partners = new HashSet<(string, string)>();
        foreach (var flow in flows)
        {
            var weight = flow.Weight(options.Weight);
            edges.Add(new WeightedEdge(flow.From, flow.To, weight));
            Row(rows, flow.From).WeightedOut += weight;
            Row(rows, flow.To).WeightedIn += weight;
            if (weight > 0 && partners.Add((flow.From, flow.To)))
            {
                Row(rows, flow.From).OutDegree++;
                Row(rows, flow.To).InDegree++;
            }
        }

        var betweenness = Betweenness.Compute(edges, options.Length, options.NormalizedBetweenness);
        return rows
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => kv.Value.ToRole(kv.Key, betweenness.GetValueOrDefault(kv.Key)))
            .ToList();
    }

    private static Counts Row(Dictionary<string, Counts> rows, string country)
    {
        if (!rows.TryGetValue(country, out var row))
        {
            row = new Counts();
            rows[country] = row;
        }

        return row;
    }

    private sealed class Counts
    {
        public int Origin { get; set; }
        public int Export { get; set; }
        public int Transit { get; set; }
        public int Destination { get; set; }
        public int SeizuresIn { get; set; }
        public int SeizuresOut { get; set; }
        public int InDegree { get; set; }
        public int OutDegree { get; set; }
        public double WeightedIn { get; set; }
        public double WeightedOut { get; set; }

        public void AddRole(TradeRole role)
        {
            switch (role)
            {
                case TradeRole.Origin: Origin++; break;
                case TradeRole.Export: Export++; break;
                case TradeRole.Transit: Transit++; break;
                case TradeRole.Destination: Destination++; break;
                default: throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown trade role.");
            }
        }

        public CountryRole ToRole(string country, double betweenness) => new(country, Origin, Export, Transit, Destination,
            SeizuresIn, SeizuresOut, InDegree, OutDegree, WeightedIn, WeightedOut, betweenness);
    }
}
