using Wems.Gis.Storage;

namespace Wems.Gis.Features;

/// <summary>Which collections a caller's tier can see, and the tier-specific case collections.</summary>
public static class FeatureCatalog
{
    private const string CaseFrom = "seizure_case c";
    private const string CaseWhere = "c.deleted_at is null";

    private static readonly FeatureProperty[] CaseProperties =
    [
        new("reference", PropertyType.Text, "c.reference", "Case reference, unique within the agency"),
        new("agency", PropertyType.Text, "c.agency_code", "Recording agency"),
        new("date", PropertyType.Date, "c.event_date", "Date of the seizure"),
        new("country", PropertyType.Text, "c.country", "Country of the seizure (ISO alpha-2)"),
        new("place_name", PropertyType.Text, "c.place_name", "Place of the seizure"),
        new("location_precision", PropertyType.Text, "c.location_precision", "exact, approximate or admin-area-centroid"),
        new("location_type", PropertyType.Text, "c.location_type", "Where: airport, seaport, land-border-post, ..."),
        new("transport_mode", PropertyType.Text, "c.transport_mode", "Mode of transport"),
        new("detection_method", PropertyType.Text, "c.detection_method", "How the seizure was detected"),
        new("status", PropertyType.Text, "c.status", "open or closed"),
        new("transboundary", PropertyType.Boolean, "c.transboundary", "Shared with the region"),
        // The specimen summary stored on the case row (migration 0018, kept current by triggers on specimen).
        new("commodities", PropertyType.Text, "c.commodities", "Commodity groups of the specimen lines, comma-separated"),
        new("species", PropertyType.Text, "c.species_names", "Species of the specimen lines, comma-separated"),
        new("quantity_kg", PropertyType.Number, "c.quantity_kg", "Weight seized, kg (lines given in KIL or GRM)"),
        new("arrests", PropertyType.WholeNumber, "c.arrests", "Number of arrests"),
    ];

    // Nominal fields: only in the national tier's definition (the regional one has no such property at all).
    private static readonly FeatureProperty[] NominalProperties =
    [
        new("offenders", PropertyType.Text,
            "(select string_agg(o.name, '; ' order by o.seq) from case_offender o where o.case_id = c.id)", "Offenders' names (national tier only)"),
        new("conveyances", PropertyType.Text,
            "(select string_agg(v.kind || ' ' || v.identifier, '; ' order by v.seq) from case_conveyance v where v.case_id = c.id)",
            "Vehicles, flights, vessels, containers (national tier only)"),
    ];

    /// <summary>Cases as national users see them: their country's cases, nominal fields included.</summary>
    public static FeatureCollectionDefinition NationalCases { get; } = new(
        "cases", "Seizure cases", "The cases of your country, with nominal data (national tier).",
        CaseFrom, CaseWhere, "c.id", false, "c.geom", "Point", [.. CaseProperties, .. NominalProperties], "c.event_date", UuidId: true, CaseDerived: true);

    /// <summary>Cases as regional users see them: shared cases of the region, without any nominal field.</summary>
    public static FeatureCollectionDefinition RegionalCases { get; } = new(
        "cases", "Seizure cases", "Transboundary cases shared with the region, without personal data (regional tier).",
        CaseFrom, CaseWhere, "c.id", false, "c.geom", "Point", CaseProperties, "c.event_date", UuidId: true, CaseDerived: true);

    /// <summary>
    /// The collections <paramref name="scope"/> may see: the reference layers, and cases and analysis results for
    /// national and regional callers; the public tier gets the public (aggregated, suppressed) hotspot run; everyone gets
    /// the public aggregates.
    /// </summary>
    public static IReadOnlyList<FeatureCollectionDefinition> Visible(CallerScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return scope.Tier switch
        {
            Tier.National => [NationalCases, .. ReferenceCollections.All, .. AnalysisCollections.All, .. PublicCollections.All],
            Tier.Regional => [RegionalCases, .. ReferenceCollections.All, .. AnalysisCollections.All, .. PublicCollections.All],
            _ => [.. ReferenceCollections.All, AnalysisCollections.PublicHotspots, .. PublicCollections.All],
        };
    }

    /// <summary>The collection <paramref name="id"/> as <paramref name="scope"/> sees it, or null when it may not.</summary>
    public static FeatureCollectionDefinition? Find(string id, CallerScope scope) => Visible(scope).FirstOrDefault(c => c.Id == id);
}
