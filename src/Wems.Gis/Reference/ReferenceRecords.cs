using Wems.Gis.Cases;

namespace Wems.Gis.Reference;

/// <summary>Kinds of curated place in the reference data.</summary>
public enum SiteKind
{
    BorderPost,
    Seaport,
    Airport,
    ProtectedArea,
    City,
}

/// <summary>
/// A curated place: border post, seaport, airport, protected area or city.
/// </summary>
/// <param name="Kind">What the place is.</param>
/// <param name="Name">Common name (English or local usage).</param>
/// <param name="Country">ISO alpha-2 code of the country the place is in.</param>
/// <param name="Location">WGS84 position (x = longitude, y = latitude); for an area, its centre.</param>
/// <param name="RadiusMeters">For protected areas: radius of the approximating circle; otherwise null.</param>
/// <param name="Approximate">True where the geometry is an approximation (e.g. a park drawn as a circle).</param>
/// <param name="Code">An external code where one exists (IATA for airports, UN/LOCODE for ports), else null.</param>
/// <param name="Neighbour">For border posts: ISO alpha-2 code of the country across the border; else null.</param>
/// <param name="Population">For cities: approximate population, else null.</param>
/// <param name="Source">Where the facts come from.</param>
public sealed record Site(
    SiteKind Kind,
    string Name,
    string Country,
    GeoPoint Location,
    double? RadiusMeters,
    bool Approximate,
    string? Code,
    string? Neighbour,
    int? Population,
    string Source);

/// <summary>A CITES-listed taxon of the curated species list.</summary>
/// <param name="ScientificName">Scientific name (species, genus or higher taxon).</param>
/// <param name="CommonNameEn">English common name.</param>
/// <param name="CommonNameFr">French common name.</param>
/// <param name="Group">Broad commodity group used by analyses and the UI (ivory, rhino-horn, pangolin, ...).</param>
/// <param name="CitesAppendix">CITES appendix: "I", "II", "III" or a split listing such as "I/II".</param>
/// <param name="Source">Where the listing comes from.</param>
public sealed record SpeciesInfo(
    string ScientificName,
    string CommonNameEn,
    string CommonNameFr,
    string Group,
    string CitesAppendix,
    string Source);

/// <summary>One entry of a controlled vocabulary (CITES codes, transport modes, ...).</summary>
public sealed record CodeEntry(string Code, string LabelEn, string LabelFr, string Source);
