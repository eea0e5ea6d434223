using Wems.Gis.Reference;

namespace Wems.Gis.Demo;

/// <summary>
/// Transport mode, detection method, reason and concealment of a case, coherent with its location type
/// (air modes at airports, sea modes at seaports, road or foot at land borders, patrols in parks, ...).
/// Every code is from the WEMS controlled vocabularies (<c>data/codes/</c>).
/// </summary>
internal static class DemoVocabulary
{
    private static readonly string[] CentralAfrica = ["CG", "CD", "CM", "GA", "CF"];

    private static readonly WeightedTable<string?> AirModes = Table(("air-passenger-baggage", 60), ("air-cargo", 25), ("courier-postal", 15));
    private static readonly WeightedTable<string?> AirLiveModes = Table(("air-passenger-baggage", 35), ("air-cargo", 60), ("courier-postal", 5));
    private static readonly WeightedTable<string?> SeaModes = Table(("sea-container", 85), ("sea-vessel", 15));
    private static readonly WeightedTable<string?> SeaMarineModes = Table(("sea-container", 60), ("sea-vessel", 40));
    private static readonly WeightedTable<string?> BorderModes = Table(("road-vehicle", 75), ("on-foot", 20), ("rail", 5));
    private static readonly WeightedTable<string?> RiverModes = Table(("inland-boat", 80), ("on-foot", 20));
    private static readonly WeightedTable<string?> RoadModes = Table(("road-vehicle", 92), ("on-foot", 5), ("unknown", 3));
    private static readonly WeightedTable<string?> ParkModes = Table(("on-foot", 75), ("road-vehicle", 22), ("unknown", 3));
    private static readonly WeightedTable<string?> ForestModes = Table(("on-foot", 70), ("road-vehicle", 15), ("inland-boat", 15));
    private static readonly WeightedTable<string?> MarketModes = Table(("on-foot", 45), ("road-vehicle", 25), (null, 30));
    private static readonly WeightedTable<string?> ResidenceModes = Table((null, 80), ("unknown", 20));
    private static readonly WeightedTable<string?> OtherModes = Table(("road-vehicle", 50), ("unknown", 30), ("on-foot", 10), ("rail", 10));

    private static readonly Dictionary<string, WeightedTable<string?>> Detection = new(StringComparer.Ordinal)
    {
        ["airport"] = Table(("x-ray", 35), ("sniffer-dog", 15), ("physical-inspection", 15), ("risk-profiling", 15), ("intelligence-led", 10), ("documentary-check", 10)),
        ["seaport"] = Table(("x-ray", 25), ("documentary-check", 20), ("risk-profiling", 20), ("intelligence-led", 20), ("physical-inspection", 10), ("sniffer-dog", 5)),
        ["land-border-post"] = Table(("physical-inspection", 30), ("routine-check", 25), ("sniffer-dog", 10), ("intelligence-led", 15), ("informant", 10), ("documentary-check", 10)),
        ["road-check"] = Table(("routine-check", 50), ("physical-inspection", 15), ("intelligence-led", 20), ("informant", 15)),
        ["protected-area"] = Table(("patrol", 75), ("informant", 15), ("intelligence-led", 10)),
        ["market"] = Table(("informant", 45), ("intelligence-led", 30), ("routine-check", 20), ("other", 5)),
        ["residence"] = Table(("intelligence-led", 55), ("informant", 45)),
        ["other"] = Table(("intelligence-led", 35), ("informant", 35), ("routine-check", 20), ("other", 10)),
    };

    private static readonly WeightedTable<string?> EntryReasons = Table(("undeclared", 35), ("no-permit", 30), ("false-permit", 15), ("prohibited-species", 20));
    private static readonly WeightedTable<string?> EntryReasonsAppendixI = Table(("undeclared", 35), ("no-permit", 15), ("false-permit", 5), ("prohibited-species", 45));
    private static readonly WeightedTable<string?> EntryReasonsPermitted = Table(("undeclared", 25), ("no-permit", 30), ("false-permit", 35), ("prohibited-species", 10));

    private static readonly Dictionary<string, WeightedTable<string?>> InlandReasons = new(StringComparer.Ordinal)
    {
        ["protected-area"] = Table(("poaching", 75), ("illegal-possession", 25)),
        ["market"] = Table(("illegal-sale", 80), ("illegal-possession", 20)),
        ["residence"] = Table(("illegal-possession", 80), ("illegal-sale", 20)),
        ["road-check"] = Table(("illegal-possession", 60), ("no-permit", 30), ("other", 10)),
        ["other"] = Table(("illegal-possession", 50), ("illegal-sale", 30), ("other", 20)),
    };

    private static readonly Dictionary<string, WeightedTable<string?>> Concealment = new(StringComparer.Ordinal)
    {
        ["air-passenger-baggage"] = Table(("suitcase", 60), ("body-carry", 15), ("hidden-compartment", 10), ("mixed-with-legal-goods", 10), ("none", 5)),
        ["air-cargo"] = Table(("mislabelled-cargo", 55), ("mixed-with-legal-goods", 30), ("hidden-compartment", 10), ("none", 5)),
        ["courier-postal"] = Table(("mislabelled-cargo", 70), ("mixed-with-legal-goods", 25), ("other", 5)),
        ["sea-container"] = Table(("container-false-declaration", 45), ("mixed-with-legal-goods", 30), ("hidden-compartment", 15), ("mislabelled-cargo", 10)),
        ["sea-vessel"] = Table(("hidden-compartment", 40), ("none", 30), ("mixed-with-legal-goods", 20), ("other", 10)),
        ["road-vehicle"] = Table(("hidden-compartment", 40), ("mixed-with-legal-goods", 30), ("none", 20), ("other", 10)),
        ["rail"] = Table(("hidden-compartment", 40), ("mixed-with-legal-goods", 40), ("none", 20)),
        ["on-foot"] = Table(("body-carry", 40), ("none", 50), ("other", 10)),
        ["inland-boat"] = Table(("mixed-with-legal-goods", 40), ("none", 40), ("hidden-compartment", 20)),
    };

    private static readonly WeightedTable<string?> NoTransportConcealment = Table(("none", 60), ("other", 40));

    public static string? TransportMode(Site site, string locationType, Commodity commodity, Random rng)
    {
        var live = commodity is Commodity.LiveBirds or Commodity.Reptiles or Commodity.Primates;
        var central = CentralAfrica.Contains(site.Country);
        var table = locationType switch
        {
            "airport" => live ? AirLiveModes : AirModes,
            "seaport" => commodity == Commodity.Marine ? SeaMarineModes : SeaModes,
            "land-border-post" => IsRiverCrossing(site) ? RiverModes : BorderModes,
            "road-check" => RoadModes,
            "protected-area" => central ? ForestModes : ParkModes,
            "market" => MarketModes,
            "residence" => ResidenceModes,
            _ => OtherModes,
        };
        return table.Pick(rng);
    }

    public static string? DetectionMethod(string locationType, Random rng) => Detection[locationType].Pick(rng);

    public static string? Reason(string locationType, Commodity commodity, Random rng)
    {
        if (InlandReasons.TryGetValue(locationType, out var inland))
        {
            return inland.Pick(rng);
        }

        var table = commodity switch
        {
            Commodity.Ivory or Commodity.RhinoHorn => EntryReasonsAppendixI,
            Commodity.Timber or Commodity.LiveBirds or Commodity.PlantOther => EntryReasonsPermitted,
            _ => EntryReasons,
        };
        return table.Pick(rng);
    }

    public static string? ConcealmentMethod(string? transportMode, Random rng)
        => transportMode is not null && Concealment.TryGetValue(transportMode, out var table)
            ? table.Pick(rng)
            : NoTransportConcealment.Pick(rng);

    /// <summary>The Congo river between Brazzaville and Kinshasa: crossings between CG and CD are by boat.</summary>
    public static bool IsRiverCrossing(Site site)
        => (site.Country, site.Neighbour) is ("CG", "CD") or ("CD", "CG");

    private static WeightedTable<string?> Table(params (string? Code, double Weight)[] entries) => new(entries);
}
