namespace Wems.Gis.Tiles;

/// <summary>
/// The reference-data tile layers every caller (also anonymous) may see: countries, borders, border posts, ports,
/// airports, protected areas and cities. Polygons and lines are clipped to the buffered tile in WGS84 (which also keeps
/// polar rings out of Web Mercator), projected to EPSG:3857 and simplified there with a tolerance of half a screen
/// pixel of the zoom (<c>@tolerance</c> metres, see <see cref="TileStore.SimplifyToleranceMeters"/>).
/// </summary>
public static class ReferenceTileLayers
{
    /// <summary>Buffered tile envelope in WGS84: 64 units of 4096 beyond each edge, as the MVT buffer.</summary>
    internal const string TileBox4326 = "ST_Transform(ST_TileEnvelope(@z, @x, @y, margin => 64.0 / 4096), 4326)";

    /// <summary>
    /// One MVT of <paramref name="layer"/> from rows of <paramref name="from"/>: <paramref name="columns"/> must name an
    /// integer <c>id</c>; <paramref name="geometry3857"/> is drawn; <paramref name="bbox4326"/> is the indexed geometry
    /// the tile box is tested against.
    /// </summary>
    internal static string Mvt(string layer, string columns, string geometry3857, string from, string where, string bbox4326) => $"""
        select ST_AsMVT(f, '{layer}', 4096, 'geom', 'id') from (
            select {columns},
                   ST_AsMVTGeom({geometry3857}, ST_TileEnvelope(@z, @x, @y), 4096, 64, true) as geom
            from {from}
            where ({where}) and {bbox4326} && {TileBox4326}
        ) f
        where f.geom is not null
        """;

    private static string Clipped3857(string geometry4326, string simplify) =>
        $"{simplify}(ST_Transform(ST_ClipByBox2D({geometry4326}, {TileBox4326}::box2d), 3857), @tolerance)";

    private static string Extent(string geometry, string from, string where) =>
        $"select ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) from (select ST_Extent({geometry}) e from {from} where {where}) x";

    private static Dictionary<string, string> Fields(params (string Name, string Type)[] fields) =>
        fields.ToDictionary(f => f.Name, f => f.Type, StringComparer.Ordinal);

    private static TileLayer Layer(string id, string title, string description, string sql, Dictionary<string, string> fields,
        string extentSql) =>
        new(id, title, description, true, sql, fields, null, new Dictionary<string, string>(), 0, false, extentSql);

    private static TileLayer Sites(string id, string kind, string title, string description,
        (string Column, string Name, string Type)[] extra, string? geometry4326 = null)
    {
        var columns = "s.id, s.name, s.country::text as country"
                      + string.Concat(extra.Select(e => $", {e.Column} as {e.Name}"));
        var fields = Fields([("name", "String"), ("country", "String"), .. extra.Select(e => (e.Name, e.Type))]);
        var where = $"s.kind = '{kind}'";
        if (geometry4326 is null)
        {
            return Layer(id, title, description,
                Mvt(id, columns, "ST_Transform(s.geom, 3857)", "site s", where, "s.geom"), fields,
                Extent("s.geom", "site s", where));
        }

        // Areas are drawn from their centre and radius, so the box test is on the drawn shape, not the indexed centre
        // (a circle reaches into tiles its centre is not in); there are few of them, so no index is needed.
        var from = $"(select s.*, {geometry4326} as area from site s where {where}) s";
        return Layer(id, title, description,
            Mvt(id, columns, Clipped3857("s.area", "ST_SimplifyPreserveTopology"), from, "true", "s.area"), fields,
            Extent(geometry4326, "site s", where));
    }

    /// <summary>countries, country-labels, borders, border-posts, ports, airports, protected-areas, cities.</summary>
    public static IReadOnlyList<TileLayer> All { get; } =
    [
        Layer("countries", "Countries",
            "Country polygons (Natural Earth via npm world-atlas), simplified per zoom, rings across the antimeridian split there " +
            "(migration 0016, tile_fix_antimeridian); id is the ISO 3166-1 numeric code.",
            Mvt("countries", "c.numeric_code::int as id, c.iso2::text as iso2, c.iso3::text as iso3, c.name_en, c.name_fr",
                Clipped3857("tile_fix_antimeridian(c.geom)", "ST_SimplifyPreserveTopology"), "country c", "true", "c.geom"),
            Fields(("iso2", "String"), ("iso3", "String"), ("name_en", "String"), ("name_fr", "String")),
            Extent("c.geom", "country c", "true")),
        Layer("country-labels", "Country label points",
            "One point per country for its name label: a point inside the country's largest polygon (PostGIS ST_PointOnSurface), " +
            "with the English and French names and the area of that polygon (km², for label priority).",
            Mvt("country-labels", "c.numeric_code::int as id, c.iso2::text as iso2, c.name_en, c.name_fr, l.area_km2",
                "ST_Transform(l.point, 3857)",
                """
                country c cross join lateral (
                    select ST_PointOnSurface(d.geom) as point, ST_Area(d.geom::geography) / 1e6 as area_km2
                    from ST_Dump(tile_fix_antimeridian(c.geom)) d order by ST_Area(d.geom) desc limit 1) l
                """, "c.geom && " + TileBox4326, "l.point"),
            Fields(("iso2", "String"), ("name_en", "String"), ("name_fr", "String"), ("area_km2", "Number")),
            Extent("c.geom", "country c", "true")),
        Layer("borders", "International land borders",
            "Land borders keyed by country pair, derived from Natural Earth shared arcs, simplified per zoom.",
            Mvt("borders", "b.id, b.iso2_a::text as iso2_a, b.iso2_b::text as iso2_b, b.length_km",
                Clipped3857("b.geom", "ST_Simplify"), "border b", "true", "b.geom"),
            Fields(("iso2_a", "String"), ("iso2_b", "String"), ("length_km", "Number")),
            Extent("b.geom", "border b", "true")),
        Sites("border-posts", "border-post", "Border posts", "Land border crossing points (curated, with sources).",
            [("s.neighbour::text", "neighbour", "String"), ("s.approximate", "approximate", "Boolean")]),
        Sites("ports", "seaport", "Seaports", "Seaports of the region (NGA World Port Index positions).",
            [("s.code", "code", "String"), ("s.approximate", "approximate", "Boolean")]),
        Sites("airports", "airport", "Airports", "International airports of the region (Natural Earth positions).",
            [("s.code", "code", "String"), ("s.approximate", "approximate", "Boolean")]),
        Sites("protected-areas", "protected-area", "Protected areas",
            "Protected areas drawn as circles of the same area around their centre: approximate, flagged so.",
            [("s.radius_m", "radius_m", "Number"), ("s.approximate", "approximate", "Boolean")],
            "ST_Buffer(s.geom::geography, s.radius_m, 16)::geometry"),
        Sites("cities", "city", "Cities", "Capitals and main towns of the region (Natural Earth populated places).",
            [("s.population", "population", "Number")]),
    ];
}
