using Wems.Gis.Cases;
using Wems.Gis.Reference;

namespace Wems.Gis.Demo;

/// <summary>
/// Builds trade chains (ETIS style) that follow land borders: the legs before the seizure country pass
/// between neighbouring countries (shortest path over a neighbour graph of the region, extended by the
/// world's border posts), the legs after it go overseas by air or sea, possibly through a hub.
/// </summary>
internal sealed class DemoRoutes
{
    // Land (and lake/river) neighbours in and around the demo region; border posts add to these.
    private static readonly string[] Borders =
    [
        "KE-TZ", "KE-UG", "KE-SS", "KE-ET", "KE-SO", "TZ-UG", "TZ-RW", "TZ-BI", "TZ-CD", "TZ-ZM", "TZ-MW", "TZ-MZ",
        "UG-RW", "UG-CD", "UG-SS", "RW-BI", "RW-CD", "BI-CD", "CD-CG", "CD-CF", "CD-SS", "CD-ZM", "CD-AO",
        "CG-CF", "CG-CM", "CG-GA", "CG-AO", "CM-GA", "CM-GQ", "CM-CF", "CM-TD", "CM-NG", "GA-GQ", "CF-TD",
        "CF-SD", "CF-SS", "SS-SD", "SS-ET", "ET-ER", "ET-DJ", "ET-SO", "ET-SD", "ZM-MW", "ZM-MZ", "ZM-ZW",
        "ZM-BW", "ZM-NA", "ZM-AO", "MZ-MW", "MZ-ZW", "MZ-ZA", "MZ-SZ", "ZW-ZA", "ZW-BW", "ZA-NA", "ZA-BW",
        "ZA-SZ", "ZA-LS", "NA-AO", "NA-BW", "NG-TD", "NG-NE", "NG-BJ", "SD-TD", "SD-EG", "SD-ER",
    ];

    private readonly Dictionary<string, string[]> _neighbours;
    private readonly Dictionary<(string From, string To), string[]> _paths = [];
    private readonly Dictionary<(Commodity, string Near, string Exclude, int MaxHops), WeightedTable<string>> _origins = [];
    private readonly Dictionary<Commodity, WeightedTable<string>> _destinations = [];
    private readonly List<(string Country, TradeRole Role)> _chain = [];

    private static readonly WeightedTable<string> AirHubs = new(DemoCatalog.AirHubs);
    private static readonly WeightedTable<string> SeaHubs = new(DemoCatalog.SeaHubs);

    public DemoRoutes(IEnumerable<Site> sites)
    {
        var pairs = Borders.Select(b => (b[..2], b[3..]))
            .Concat(sites.Where(s => s.Kind == SiteKind.BorderPost && !string.IsNullOrEmpty(s.Neighbour))
                .Select(s => (s.Country, s.Neighbour!)));
        var sets = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var (a, b) in pairs)
        {
            if (a == b)
            {
                continue;
            }

            Set(a).Add(b);
            Set(b).Add(a);
        }

        _neighbours = sets.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);

        SortedSet<string> Set(string country)
        {
            if (!sets.TryGetValue(country, out var set))
            {
                set = new SortedSet<string>(StringComparer.Ordinal);
                sets[country] = set;
            }

            return set;
        }
    }

    /// <summary>
    /// The trade chain of a case seized at <paramref name="site"/>, or an empty array for a domestic case.
    /// Countries up to the seizure country had custody; those after it are intended.
    /// </summary>
    public TradeChainEntry[] Build(CommodityProfile profile, Site site, string locationType, Random rng)
    {
        var transnational = locationType switch
        {
            "airport" or "seaport" => 0.97,
            "land-border-post" => string.IsNullOrEmpty(site.Neighbour) ? 0.5 : 1.0,
            "road-check" => 0.25,
            "market" => 0.15,
            "residence" => 0.1,
            "protected-area" => 0.05,
            _ => 0.2,
        };
        if (!DemoSampling.Chance(rng, transnational))
        {
            return [];
        }

        _chain.Clear();
        var seized = site.Country;
        var exitPort = locationType is "airport" or "seaport";
        var transitCase = exitPort && DemoSampling.Chance(rng, seized == "ET" ? 0.6 : 0.2);
        if (transitCase)
        {
            // A consignment in transit through the hub airport or port.
            Add(Origin(profile, seized, seized, maxHops: int.MaxValue).Pick(rng), TradeRole.Origin);
            Add(seized, TradeRole.Transit);
        }
        else if (locationType == "land-border-post" && !string.IsNullOrEmpty(site.Neighbour) && DemoSampling.Chance(rng, 0.55))
        {
            AddPathTo(site.Neighbour, Origin(profile, site.Neighbour, seized, maxHops: 1).Pick(rng), avoid: seized);
            Add(seized, TradeRole.Transit);
        }
        else if (!exitPort && locationType != "land-border-post" && DemoSampling.Chance(rng, 0.6))
        {
            AddPathTo(seized, Origin(profile, seized, seized, maxHops: 2).Pick(rng), avoid: null);
        }
        else
        {
            var avoid = locationType == "land-border-post" ? site.Neighbour : null;
            var origin = Origin(profile, seized, avoid ?? "", maxHops: avoid is null ? 2 : 1).Pick(rng);
            AddPathTo(seized, origin, avoid);
            if (locationType == "land-border-post" && !string.IsNullOrEmpty(site.Neighbour))
            {
                Add(site.Neighbour, TradeRole.Transit);
            }
        }

        var seizedIndex = IndexOf(seized);
        AddOnward(profile, locationType, transitCase, rng);
        return Finish(seizedIndex);
    }

    private void AddOnward(CommodityProfile profile, string locationType, bool transitCase, Random rng)
    {
        var exitPort = locationType is "airport" or "seaport";
        var last = _chain[^1].Country;
        var overseasShare = exitPort ? Math.Max(profile.OverseasShare, 0.8) : profile.OverseasShare;
        if (_chain.Count >= 2 && !exitPort && !DemoSampling.Chance(rng, overseasShare))
        {
            return; // the last country is the destination (regional trade)
        }

        if (!DemoSampling.Chance(rng, overseasShare) && _neighbours.TryGetValue(last, out var near))
        {
            for (var attempt = 0; attempt < 4 && near.Length > 0; attempt++)
            {
                var candidate = DemoSampling.Pick(rng, near);
                if (!Contains(candidate))
                {
                    Add(candidate, TradeRole.Destination);
                    return;
                }
            }
        }

        // The consignment leaves Africa: the last country so far exports it (unless it only transits there).
        if (_chain.Count > 1 && !transitCase)
        {
            _chain[^1] = (last, TradeRole.Export);
        }

        var air = locationType == "airport" || (!exitPort && DemoSampling.Chance(rng, 0.5));
        if (_chain.Count <= 2 && DemoSampling.Chance(rng, air ? 0.35 : 0.25))
        {
            Add((air ? AirHubs : SeaHubs).Pick(rng), TradeRole.Transit);
        }

        var destinations = Destinations(profile);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var destination = destinations.Pick(rng);
            if (!Contains(destination))
            {
                Add(destination, TradeRole.Destination);
                return;
            }
        }

        Add(Contains("CN") ? "VN" : "CN", TradeRole.Destination);
    }

    private TradeChainEntry[] Finish(int seizedIndex)
    {
        var entries = new TradeChainEntry[_chain.Count];
        for (var i = 0; i < entries.Length; i++)
        {
            var role = i == 0 ? TradeRole.Origin
                : i == entries.Length - 1 ? TradeRole.Destination
                : _chain[i].Role == TradeRole.Export ? TradeRole.Export
                : TradeRole.Transit;
            entries[i] = new TradeChainEntry(_chain[i].Country, role, Custody: i <= seizedIndex, Intended: i > seizedIndex);
        }

        return entries;
    }

    /// <summary>Adds the shortest neighbour path from <paramref name="origin"/> to <paramref name="to"/>, skipping <paramref name="avoid"/>.</summary>
    private void AddPathTo(string to, string origin, string? avoid)
    {
        var path = Path(origin, to);
        if (path.Length > 3 || (avoid is not null && path.Contains(avoid)))
        {
            path = [to];
        }

        foreach (var country in path)
        {
            Add(country, TradeRole.Transit);
        }
    }

    private void Add(string country, TradeRole role)
    {
        if (!Contains(country))
        {
            _chain.Add((country, role));
        }
    }

    private bool Contains(string country) => IndexOf(country) >= 0;

    private int IndexOf(string country)
    {
        for (var i = 0; i < _chain.Count; i++)
        {
            if (_chain[i].Country == country)
            {
                return i;
            }
        }

        return -1;
    }

    private WeightedTable<string> Destinations(CommodityProfile profile)
    {
        if (!_destinations.TryGetValue(profile.Commodity, out var table))
        {
            table = new WeightedTable<string>(profile.Destinations.Length > 0 ? profile.Destinations : [("CN", 1.0)]);
            _destinations[profile.Commodity] = table;
        }

        return table;
    }

    /// <summary>
    /// Origins of a commodity weighted by closeness to <paramref name="near"/> (in border crossings), at
    /// most <paramref name="maxHops"/> crossings away, so that chains stay within four countries.
    /// </summary>
    private WeightedTable<string> Origin(CommodityProfile profile, string near, string exclude, int maxHops)
    {
        var key = (profile.Commodity, near, exclude, maxHops);
        if (!_origins.TryGetValue(key, out var table))
        {
            var entries = profile.Origins.Select(o => (o.Country, o.Country == exclude ? 0 : o.Weight * Closeness(o.Country, near, maxHops)));
            if (near != exclude)
            {
                entries = entries.Append((near, 4.0));
            }

            table = new WeightedTable<string>(entries);
            if (table.IsEmpty)
            {
                table = new WeightedTable<string>(_neighbours.GetValueOrDefault(near, []).Where(c => c != exclude).Select(c => (c, 1.0)));
            }

            if (table.IsEmpty)
            {
                table = new WeightedTable<string>([(near == exclude ? "CD" : near, 1.0)]);
            }

            _origins[key] = table;
        }

        return table;
    }

    private double Closeness(string country, string near, int maxHops)
    {
        var path = Path(country, near);
        var hops = path.Length - 1;
        var reachable = path.Length != 2 || _neighbours.GetValueOrDefault(country, []).Contains(near);
        return hops > maxHops ? 0
            : !reachable ? 0.03 // no land route: flown in
            : hops switch { 0 => 2.0, 1 => 1.0, 2 => 0.3, _ => 0.1 };
    }

    /// <summary>Shortest path in border crossings, both ends included; [from, to] when there is none (by air).</summary>
    private string[] Path(string from, string to)
    {
        if (from == to)
        {
            return [to];
        }

        if (_paths.TryGetValue((from, to), out var cached))
        {
            return cached;
        }

        var previous = new Dictionary<string, string>(StringComparer.Ordinal) { [from] = from };
        var queue = new Queue<string>([from]);
        while (queue.Count > 0 && !previous.ContainsKey(to))
        {
            var current = queue.Dequeue();
            foreach (var next in _neighbours.GetValueOrDefault(current, []))
            {
                if (previous.TryAdd(next, current))
                {
                    queue.Enqueue(next);
                }
            }
        }

        string[] path;
        if (previous.ContainsKey(to))
        {
            var nodes = new List<string> { to };
            while (nodes[^1] != from)
            {
                nodes.Add(previous[nodes[^1]]);
            }

            nodes.Reverse();
            path = [.. nodes];
        }
        else
        {
            path = [from, to];
        }

        _paths[(from, to)] = path;
        return path;
    }
}
