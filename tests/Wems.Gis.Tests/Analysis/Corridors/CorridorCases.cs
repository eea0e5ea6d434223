using Wems.Gis.Cases;

namespace Wems.Gis.Tests.Analysis.Corridors;

/// <summary>Small cases for the corridor tests.</summary>
internal static class CorridorCases
{
    public static readonly GeoPoint Mombasa = new(39.6682, -4.0435);

    /// <summary>Maps a scientific name to its commodity group, as the species reference list would.</summary>
    public static string GroupOf(string scientificName) => scientificName switch
    {
        "Loxodonta africana" or "Loxodonta cyclotis" => "ivory",
        "Smutsia temminckii" or "Phataginus tricuspis" => "pangolin",
        "Diceros bicornis" => "rhino-horn",
        _ => "other",
    };

    public static TradeChainEntry Origin(string country, bool intended = false) => new(country, TradeRole.Origin, !intended, intended);

    public static TradeChainEntry Export(string country, bool intended = false) => new(country, TradeRole.Export, !intended, intended);

    public static TradeChainEntry Transit(string country, bool intended = false) => new(country, TradeRole.Transit, !intended, intended);

    public static TradeChainEntry Destination(string country, bool intended = true) => new(country, TradeRole.Destination, !intended, intended);

    public static SpecimenLine Ivory(decimal kg, decimal? usd = null) => new("Loxodonta africana", "TUS", kg, "KIL", usd, usd is null ? null : "USD");

    public static SpecimenLine Scales(decimal kg, decimal? usd = null) => new("Smutsia temminckii", "SCA", kg, "KIL", usd, usd is null ? null : "USD");

    public static SeizureCase Seized(string country, params TradeChainEntry[] chain) => new()
    {
        Id = Guid.NewGuid(),
        AgencyCode = "KWS",
        Reference = "R-1",
        Date = new DateOnly(2021, 5, 17),
        Country = country,
        Location = Mombasa,
        LocationType = "seaport",
        TradeChain = chain,
        Specimens = [Ivory(10, 1_000)],
    };
}
