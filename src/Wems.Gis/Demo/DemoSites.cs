using Wems.Gis.Cases;
using Wems.Gis.Reference;

namespace Wems.Gis.Demo;

/// <summary>
/// The sites cases happen at: per commodity, a weighted table over the usable sites (site-kind share ×
/// country weight × importance of the site), and the location of a case near its site.
/// </summary>
internal sealed class DemoSites
{
    private const double MetersPerDegree = 111_320.0;

    // Hubs known to carry most of the traffic, by IATA or UN/LOCODE code and by name.
    private static readonly string[] MajorHubCodes =
    [
        "NBO", "MBA", "DAR", "JRO", "ZNZ", "EBB", "BZV", "PNR", "FIH", "ADD", "KGL", "DLA", "LBV", "MPM", "LUN", "JUB",
        "KEMBA", "TZDAR", "TZZNZ", "TZTGT", "CGPNR", "CMDLA", "GALBV", "MZMPM", "MZBEW",
    ];

    private static readonly string[] MajorHubNames =
    [
        "Mombasa", "Dar es Salaam", "Pointe-Noire", "Douala", "Namanga", "Busia", "Malaba", "Tunduma",
        "Rusumo", "Mutukula", "Holili", "Taveta", "Lunga Lunga", "Horohoro", "Isebania", "Sirari", "Mpondwe",
        "Elegu", "Nimule", "Moyale", "Kasumbalesa", "Katuna", "Gatuna", "Kabanga", "Kobero",
    ];

    private readonly Dictionary<Commodity, WeightedTable<Site>> _byCommodity = [];

    public DemoSites(IReadOnlyList<Site> sites, DemoAgencies agencies, IReadOnlyList<CommodityProfile> profiles)
    {
        Usable = [.. sites.Where(s => agencies.HasRecorder(s.Country))];
        foreach (var profile in profiles)
        {
            _byCommodity[profile.Commodity] = new WeightedTable<Site>(Weights(profile));
        }
    }

    /// <summary>Sites whose country has a recording agency.</summary>
    public Site[] Usable { get; }

    public bool Serves(Commodity commodity) => !_byCommodity[commodity].IsEmpty;

    public Site Pick(Commodity commodity, Random rng) => _byCommodity[commodity].Pick(rng);

    public static string LocationType(Site site, CommodityProfile profile, Random rng)
    {
        switch (site.Kind)
        {
            case SiteKind.Airport: return "airport";
            case SiteKind.Seaport: return "seaport";
            case SiteKind.ProtectedArea: return "protected-area";
            case SiteKind.BorderPost: return DemoSampling.Chance(rng, 0.85) ? "land-border-post" : "road-check";
            default:
                var mix = profile.CityMix;
                var target = rng.NextDouble() * (mix[0] + mix[1] + mix[2] + mix[3]);
                return target < mix[0] ? "market"
                    : target < mix[0] + mix[1] ? "residence"
                    : target < mix[0] + mix[1] + mix[2] ? "road-check"
                    : "other";
        }
    }

    /// <summary>
    /// Largest distance in metres between a case and its site: 1.5 km at airports, 2 km at seaports,
    /// 400 m at a border post (3 km for a road check near it), 90 % of the radius of a protected area
    /// (5 km if unknown), 2.5 / 4 / 6 km in a town by population (&lt; 200,000 / &lt; 1,000,000 / more).
    /// </summary>
    public static double JitterRadiusMeters(Site site, string locationType) => site.Kind switch
    {
        SiteKind.Airport => 1_500,
        SiteKind.Seaport => 2_000,
        SiteKind.BorderPost => locationType == "road-check" ? 3_000 : 400,
        SiteKind.ProtectedArea => 0.9 * (site.RadiusMeters ?? 5_000),
        _ => site.Population switch
        {
            >= 1_000_000 => 6_000,
            >= 200_000 => 4_000,
            _ => 2_500,
        },
    };

    /// <summary>A point uniformly distributed in the disc of <see cref="JitterRadiusMeters"/> around the site.</summary>
    public static (GeoPoint Location, LocationPrecision Precision) Locate(Site site, string locationType, Random rng)
    {
        if (site.Kind == SiteKind.City && DemoSampling.Chance(rng, 0.04))
        {
            return (site.Location, LocationPrecision.AdminAreaCentroid);
        }

        var radius = JitterRadiusMeters(site, locationType) * Math.Sqrt(rng.NextDouble());
        var bearing = 2 * Math.PI * rng.NextDouble();
        var y = site.Location.Y + (radius * Math.Cos(bearing) / MetersPerDegree);
        var x = site.Location.X + (radius * Math.Sin(bearing) / (MetersPerDegree * Math.Cos(site.Location.Y * Math.PI / 180)));
        var precision = site.Kind == SiteKind.ProtectedArea && DemoSampling.Chance(rng, 0.5)
            ? LocationPrecision.Approximate
            : LocationPrecision.Exact;
        return (new GeoPoint(Math.Round(x, 6), Math.Round(y, 6)), precision);
    }

    /// <summary>
    /// Site weights for a commodity: the share of the site kind, split between countries in proportion
    /// to the country weight × √(number of sites of that kind there), then between a country's sites by
    /// importance (traffic hubs, town population, park size).
    /// </summary>
    private IEnumerable<(Site, double)> Weights(CommodityProfile profile)
    {
        foreach (var kind in Enum.GetValues<SiteKind>())
        {
            var byCountry = Usable.Where(s => s.Kind == kind).GroupBy(s => s.Country, StringComparer.Ordinal).ToArray();
            var countryTotal = byCountry.Sum(g => profile.CountryWeight(g.Key) * Math.Sqrt(g.Count()));
            foreach (var group in byCountry)
            {
                var countryShare = profile.CountryWeight(group.Key) * Math.Sqrt(group.Count()) / countryTotal;
                var importanceTotal = group.Sum(Importance);
                foreach (var site in group)
                {
                    yield return (site, profile.KindWeights[(int)kind] * countryShare * Importance(site) / importanceTotal);
                }
            }
        }
    }

    private static double Importance(Site site) => site.Kind switch
    {
        SiteKind.City => 1 + Math.Log10(Math.Max(site.Population ?? 50_000, 10_000) / 10_000.0),
        SiteKind.ProtectedArea => 1 + Math.Min(3, (site.RadiusMeters ?? 10_000) / 40_000),
        _ => IsMajorHub(site) ? 4 : 1,
    };

    private static bool IsMajorHub(Site site)
    {
        if (site.Code is { } code && MajorHubCodes.Contains(code.Replace(" ", "", StringComparison.Ordinal), StringComparer.OrdinalIgnoreCase))
        {
            return true;
        }

        return MajorHubNames.Any(name => site.Name.Contains(name, StringComparison.OrdinalIgnoreCase));
    }
}
