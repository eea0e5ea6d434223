using Wems.Gis.Reference;

namespace Wems.Gis.Demo;

/// <summary>The commodities the demo generator models; each maps to one or more species groups.</summary>
internal enum Commodity
{
    Ivory,
    Pangolin,
    RhinoHorn,
    Bushmeat,
    Timber,
    LiveBirds,
    Reptiles,
    BigCat,
    Marine,
    Primates,
    MammalOther,
    PlantOther,
}

/// <summary>
/// How one commodity is trafficked in the demo world: its share of cases, its trend over the years,
/// where it is seized (per site kind and country), where it comes from and where it goes.
/// </summary>
/// <param name="Commodity">The commodity.</param>
/// <param name="Share">Relative share of all cases at the trend's peak.</param>
/// <param name="SpeciesGroups">Species groups the specimens are drawn from, with weights.</param>
/// <param name="KindWeights">Share of cases per <see cref="SiteKind"/> (indexed by the enum value).</param>
/// <param name="CityMix">Location types at city sites: market, residence, road-check, other.</param>
/// <param name="CountryWeights">Weight of the sites of a country (0.5 for a country not listed).</param>
/// <param name="Origins">Alleged countries of origin, weighted (then by closeness to the seizure).</param>
/// <param name="Destinations">Destinations outside Africa, weighted.</param>
/// <param name="OverseasShare">Share of transnational chains that end outside Africa.</param>
/// <param name="PeakYear">Year of the trend's peak (fractional).</param>
/// <param name="Width">Width of the peak in years (Gaussian scale).</param>
/// <param name="Floor">Relative level far from the peak (1 = flat).</param>
/// <param name="Slope">Linear change of the level per year after 2015.</param>
internal sealed record CommodityProfile(
    Commodity Commodity,
    double Share,
    (string Group, double Weight)[] SpeciesGroups,
    double[] KindWeights,
    double[] CityMix,
    (string Country, double Weight)[] CountryWeights,
    (string Country, double Weight)[] Origins,
    (string Country, double Weight)[] Destinations,
    double OverseasShare,
    double PeakYear,
    double Width,
    double Floor,
    double Slope)
{
    /// <summary>Relative level of the commodity at a fractional year (never below 0.05).</summary>
    public double Trend(double year)
    {
        var z = (year - PeakYear) / Width;
        var level = Floor + ((1 - Floor) * Math.Exp(-z * z)) + (Slope * (year - 2015));
        return Math.Max(0.05, level);
    }

    public double CountryWeight(string country)
    {
        foreach (var (code, weight) in CountryWeights)
        {
            if (code == country)
            {
                return weight;
            }
        }

        return 0.5;
    }
}

/// <summary>The commodity profiles, hand-tuned to the patterns reported by ETIS, UNODC and TRAFFIC for the region.</summary>
internal static class DemoCatalog
{
    // Site kinds: BorderPost, Seaport, Airport, ProtectedArea, City.
    // City mix: market, residence, road-check, other.
    private static readonly double[] DefaultCityMix = [25, 35, 30, 10];

    public static IReadOnlyList<CommodityProfile> Profiles { get; } =
    [
        new(Commodity.Ivory, 0.22, [("ivory", 1)], [20, 15, 20, 20, 25], DefaultCityMix,
            [("KE", 10), ("TZ", 10), ("UG", 6), ("CG", 4), ("CD", 3), ("MZ", 3), ("ZM", 2), ("CM", 2), ("GA", 2), ("ET", 2), ("SS", 1)],
            [("TZ", 20), ("MZ", 12), ("KE", 10), ("CD", 10), ("CG", 7), ("CM", 7), ("GA", 6), ("UG", 5), ("ZM", 6), ("SS", 4), ("CF", 3), ("MW", 2)],
            [("CN", 30), ("VN", 25), ("HK", 10), ("TH", 7), ("MY", 8), ("SG", 4), ("KH", 4), ("LA", 5), ("AE", 3), ("TW", 2)],
            0.9, 2015.5, 3.5, 0.3, 0),
        new(Commodity.Pangolin, 0.14, [("pangolin", 1)], [15, 15, 30, 10, 30], DefaultCityMix,
            [("UG", 8), ("CG", 6), ("CM", 6), ("KE", 5), ("TZ", 4), ("CD", 4), ("GA", 2)],
            [("CM", 15), ("CG", 12), ("CD", 12), ("UG", 8), ("GA", 8), ("CF", 6), ("NG", 6), ("KE", 3), ("TZ", 4), ("SS", 3)],
            [("CN", 35), ("VN", 30), ("HK", 10), ("MY", 8), ("SG", 5), ("TH", 4), ("LA", 3), ("KH", 3)],
            0.9, 2019.0, 2.5, 0.15, 0),
        new(Commodity.RhinoHorn, 0.04, [("rhino-horn", 1)], [10, 5, 45, 20, 20], DefaultCityMix,
            [("KE", 8), ("TZ", 5), ("MZ", 6), ("ET", 3), ("ZM", 2), ("UG", 2)],
            [("ZA", 30), ("MZ", 15), ("KE", 8), ("TZ", 6), ("ZW", 8), ("NA", 6), ("BW", 3), ("ZM", 2)],
            [("VN", 45), ("CN", 35), ("MY", 6), ("LA", 5), ("TH", 4), ("HK", 3)],
            0.95, 2016.0, 4.0, 0.3, 0),
        new(Commodity.Bushmeat, 0.14, [("mammal-other", 2), ("primate", 1), ("pangolin", 1)], [15, 2, 8, 30, 45], [60, 10, 25, 5],
            [("CG", 10), ("CD", 4), ("CM", 4), ("GA", 3), ("UG", 3), ("TZ", 3), ("KE", 2)],
            [("CD", 25), ("CG", 25), ("CM", 20), ("GA", 15), ("CF", 6), ("UG", 4), ("TZ", 3), ("KE", 2)],
            [("FR", 40), ("BE", 30), ("GB", 10), ("US", 10), ("CH", 5), ("DE", 5)],
            0.25, 2015.0, 1.0, 1.0, 0.03),
        new(Commodity.Timber, 0.08, [("timber", 1)], [35, 35, 0, 10, 20], [5, 5, 60, 30],
            [("TZ", 6), ("KE", 6), ("MZ", 6), ("CG", 6), ("CD", 4), ("CM", 4), ("GA", 3), ("UG", 2)],
            [("MZ", 15), ("TZ", 15), ("CD", 15), ("CG", 12), ("CM", 12), ("GA", 10), ("ZM", 8), ("KE", 3), ("UG", 5)],
            [("CN", 80), ("HK", 6), ("VN", 8), ("IN", 6)],
            0.9, 2017.0, 3.5, 0.35, 0),
        new(Commodity.LiveBirds, 0.05, [("bird", 1)], [15, 5, 45, 10, 25], [45, 20, 25, 10],
            [("CG", 8), ("CD", 8), ("CM", 6), ("UG", 3), ("KE", 3)],
            [("CD", 30), ("CG", 25), ("CM", 25), ("UG", 5), ("GA", 5), ("CF", 5)],
            [("AE", 20), ("KW", 15), ("LB", 10), ("TR", 15), ("SA", 10), ("PK", 10), ("ZA", 10), ("BH", 5), ("QA", 5)],
            0.85, 2016.0, 3.0, 0.35, 0),
        new(Commodity.Reptiles, 0.05, [("reptile", 1)], [15, 10, 45, 10, 20], [35, 30, 25, 10],
            [("KE", 6), ("TZ", 6), ("UG", 2)],
            [("TZ", 25), ("KE", 20), ("ZM", 10), ("MZ", 10), ("UG", 5), ("CD", 5)],
            [("TH", 25), ("MY", 15), ("CN", 20), ("HK", 10), ("US", 10), ("JP", 10), ("AE", 10)],
            0.8, 2015.0, 1.0, 1.0, 0.02),
        new(Commodity.BigCat, 0.06, [("big-cat", 1)], [25, 5, 15, 20, 35], [30, 35, 30, 5],
            [("KE", 4), ("TZ", 5), ("UG", 3), ("ZM", 3), ("MZ", 2), ("ET", 2), ("CG", 2), ("CD", 2)],
            [("TZ", 15), ("KE", 10), ("ZM", 10), ("MZ", 10), ("UG", 8), ("CD", 8), ("ET", 8), ("SS", 6), ("CG", 5), ("CM", 5)],
            [("CN", 30), ("AE", 15), ("ZA", 25), ("VN", 10), ("US", 10), ("SA", 10)],
            0.4, 2015.0, 1.0, 1.0, -0.01),
        new(Commodity.Marine, 0.05, [("marine", 1)], [5, 70, 15, 0, 10], DefaultCityMix,
            [("KE", 5), ("TZ", 6), ("MZ", 4), ("CG", 2), ("CM", 2), ("GA", 2)],
            [("TZ", 20), ("KE", 15), ("MZ", 20), ("SO", 8), ("CG", 5), ("CM", 5), ("GA", 5)],
            [("HK", 50), ("CN", 30), ("SG", 8), ("MY", 6), ("TH", 6)],
            0.95, 2021.0, 4.0, 0.4, 0),
        new(Commodity.Primates, 0.04, [("primate", 1)], [15, 0, 25, 25, 35], [40, 35, 20, 5],
            [("CG", 6), ("CD", 6), ("CM", 5), ("UG", 4), ("GA", 3), ("RW", 1)],
            [("CD", 30), ("CG", 20), ("CM", 20), ("GA", 10), ("UG", 8), ("CF", 5), ("RW", 2)],
            [("AE", 25), ("EG", 10), ("CN", 25), ("TH", 15), ("SA", 10), ("KW", 10), ("AM", 5)],
            0.5, 2015.0, 1.0, 1.0, 0),
        new(Commodity.MammalOther, 0.06, [("mammal-other", 1)], [20, 10, 15, 30, 25], DefaultCityMix,
            [("UG", 6), ("TZ", 5), ("KE", 4), ("CD", 4), ("ZM", 3)],
            [("UG", 15), ("TZ", 15), ("CD", 15), ("ZM", 10), ("KE", 8), ("MZ", 8), ("SS", 5), ("CG", 5)],
            [("HK", 35), ("CN", 35), ("VN", 15), ("AE", 15)],
            0.6, 2015.0, 1.0, 1.0, 0),
        new(Commodity.PlantOther, 0.03, [("plant-other", 1)], [30, 25, 10, 15, 20], [35, 10, 40, 15],
            [("KE", 5), ("TZ", 5), ("UG", 3), ("CM", 4), ("CD", 3)],
            [("KE", 15), ("TZ", 15), ("UG", 10), ("CM", 15), ("CD", 10), ("ET", 5), ("MZ", 5)],
            [("IN", 35), ("CN", 30), ("AE", 15), ("FR", 10), ("US", 10)],
            0.7, 2017.5, 3.0, 0.4, 0),
    ];

    /// <summary>Hubs where air consignments change planes on their way out of Africa.</summary>
    public static readonly (string Country, double Weight)[] AirHubs =
        [("AE", 30), ("ET", 25), ("QA", 20), ("TR", 15), ("KE", 10), ("EG", 5)];

    /// <summary>Ports where sea consignments are transhipped on their way to Asia.</summary>
    public static readonly (string Country, double Weight)[] SeaHubs =
        [("MY", 35), ("SG", 30), ("LK", 15), ("OM", 15), ("AE", 10)];

    /// <summary>
    /// Seizures per calendar month, relative: fewer in the long rains (March–May) and the short rains
    /// (November), more in the dry seasons (January–February, June–October), when roads and parks are
    /// passable and patrols and traffic are at their highest.
    /// </summary>
    public static readonly double[] MonthFactor = [1.15, 1.15, 0.85, 0.7, 0.75, 1.05, 1.2, 1.25, 1.2, 1.1, 0.9, 0.95];
}
