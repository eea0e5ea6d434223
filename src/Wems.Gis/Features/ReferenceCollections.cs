namespace Wems.Gis.Features;

/// <summary>The reference-data collections every caller (also anonymous) may read.</summary>
public static class ReferenceCollections
{
    private static FeatureProperty Text(string name, string sql, string description) => new(name, PropertyType.Text, sql, description);

    private static FeatureCollectionDefinition Sites(string id, string kind, string title, string description,
        string geometrySql = "s.geom", string geometryType = "Point") => new(
        id, title, description, "site s", $"s.kind = '{kind}'", "s.id", true, geometrySql, geometryType,
        [
            Text("name", "s.name", "Name"),
            Text("country", "s.country", "ISO 3166-1 alpha-2 code of the country"),
            Text("code", "s.code", "IATA code (airports), UN/LOCODE (ports)"),
            Text("neighbour", "s.neighbour", "Border posts: the country across the border"),
            new("approximate", PropertyType.Boolean, "s.approximate", "True where the geometry is an approximation"),
            new("radius_m", PropertyType.Number, "s.radius_m", "Protected areas: radius of the approximating circle, metres"),
            Text("source", "s.source", "Where the facts come from"),
        ]);

    /// <summary>countries, borders, border-posts, ports, airports, protected-areas, cities.</summary>
    public static IReadOnlyList<FeatureCollectionDefinition> All { get; } =
    [
        new("countries", "Countries",
            "Country polygons: Natural Earth 1:10m for Africa, the Middle East and Asia, 1:110m elsewhere (npm world-atlas).",
            "country c", "true", "c.iso2", false, "c.geom", "MultiPolygon",
            [
                Text("iso2", "c.iso2", "ISO 3166-1 alpha-2 code"),
                Text("iso3", "c.iso3", "ISO 3166-1 alpha-3 code"),
                Text("name_en", "c.name_en", "English name"),
                Text("name_fr", "c.name_fr", "French name"),
                Text("scale", "c.scale", "Natural Earth scale of the polygon"),
            ]),
        new("borders", "International land borders",
            "Land borders keyed by country pair, derived from the arcs shared by two countries in Natural Earth 1:10m.",
            "border b", "true", "b.iso2_a || '-' || b.iso2_b", false, "b.geom", "MultiLineString",
            [
                Text("iso2_a", "b.iso2_a", "First country of the pair (alphabetical)"),
                Text("iso2_b", "b.iso2_b", "Second country of the pair"),
                new("length_km", PropertyType.Number, "b.length_km", "Geodesic length on the WGS84 ellipsoid, km"),
            ]),
        Sites("border-posts", "border-post", "Border posts", "Land border crossing points (curated, with sources)."),
        Sites("ports", "seaport", "Seaports", "Seaports of the region (NGA World Port Index positions)."),
        Sites("airports", "airport", "Airports", "International airports of the region (Natural Earth positions)."),
        Sites("protected-areas", "protected-area", "Protected areas",
            "Protected areas drawn as circles of the same area around their centre: approximate, flagged so.",
            "ST_Buffer(s.geom::geography, s.radius_m, 16)::geometry", "Polygon"),
        Sites("cities", "city", "Cities", "Capitals and main towns of the region (Natural Earth populated places)."),
    ];

    /// <summary>The collection with <paramref name="id"/>, or null.</summary>
    public static FeatureCollectionDefinition? Find(string id) => All.FirstOrDefault(c => c.Id == id);
}
