namespace Wems.Gis.Features;

/// <summary>
/// The public aggregate collections every caller (also anonymous) may read, from the public views of migrations 0005
/// and 0013: no case id, no position finer than a country or a 25 km hexagon, no date finer than a year, open cases
/// younger than a year left out, and groups of fewer cases than the configured threshold (<c>Public:MinCount</c>,
/// default 3) suppressed by the views themselves.
/// </summary>
public static class PublicCollections
{
    private static FeatureProperty Whole(string name, string sql, string description) => new(name, PropertyType.WholeNumber, sql, description);

    /// <summary>Cases and kilograms by country, year and commodity group, at a point inside the country.</summary>
    public static FeatureCollectionDefinition CountryStats { get; } = new(
        "public-country-stats", "Public statistics by country, year and commodity",
        "Seizure cases and kilograms by country of seizure, calendar year and commodity group, drawn at a point inside the " +
        "country. Aggregates only: groups of fewer cases than the threshold are suppressed, open cases younger than a year " +
        "are left out.",
        "public_case_stats s join country c on c.iso2 = s.country", "true",
        "s.country::text || ':' || s.year || ':' || s.commodity_group", false, "ST_PointOnSurface(c.geom)", "Point",
        [
            new("country", PropertyType.Text, "s.country::text", "Country of seizure (ISO alpha-2)"),
            Whole("year", "s.year", "Calendar year of the seizures"),
            new("commodity_group", PropertyType.Text, "s.commodity_group", "Commodity group of the species"),
            Whole("cases", "s.cases", "Cases (never below the suppression threshold)"),
            new("kilograms", PropertyType.Number, "s.kilograms", "Specimens reported in kilograms or grams, summed, kg"),
        ], CaseDerived: true);

    /// <summary>Coarse hexagon cells of 25 km side with their case counts, small counts suppressed.</summary>
    public static FeatureCollectionDefinition Hotspots { get; } = new(
        "public-hotspots", "Public seizure hexagons",
        "Seizure cases binned to hexagons of 25 km side (EPSG:3857 grid): counts and kilograms per cell only, cells of fewer " +
        "cases than the threshold suppressed, open cases younger than a year left out. Counts reflect enforcement effort as " +
        "much as crime.",
        "public_hex_cells h", "true", "h.i || ':' || h.j", false, "h.geom", "Polygon",
        [
            Whole("cases", "h.cases", "Cases in the cell (never below the suppression threshold)"),
            new("kilograms", PropertyType.Number, "h.kilograms", "Specimens reported in kilograms or grams, summed, kg"),
        ], CaseDerived: true);

    /// <summary>public-country-stats and public-hotspots.</summary>
    public static IReadOnlyList<FeatureCollectionDefinition> All { get; } = [CountryStats, Hotspots];
}
