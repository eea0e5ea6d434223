namespace Wems.Gis.Tiles;

/// <summary>
/// Aggregate case layers every caller, also anonymous, may see: built only from the suppressed public statistics
/// (<c>public_case_stats</c>, migration 0005: closed cases or cases older than a year, groups of fewer than the
/// threshold left out) and the suppressed hexagon cells (<c>public_hex_cells</c>, migration 0013), never from case rows,
/// so no single case can be read from them. Any case write drops them whole from the cache (<c>CaseTileInvalidator</c>).
/// </summary>
public static class PublicTileLayers
{
    /// <summary>
    /// Per country, at its label point: cases and kilograms of the public statistics summed over years and commodity
    /// groups. Any case write may change it, so the case tile invalidation drops the whole (small) layer.
    /// </summary>
    public static TileLayer CaseStatistics { get; } = new(
        "case-statistics", "Seizure statistics by country",
        "Cases and kilograms seized per country from the public statistics (small counts suppressed, recent open cases left out), " +
        "drawn at a point inside the country's largest polygon.",
        true,
        ReferenceTileLayers.Mvt("case-statistics",
            "c.numeric_code::int as id, c.iso2::text as iso2, c.name_en, s.cases, s.kilograms, s.first_year, s.last_year",
            "ST_Transform(l.point, 3857)",
            """
            (select p.country, sum(p.cases)::bigint as cases, sum(p.kilograms)::float8 as kilograms,
                    min(p.year) as first_year, max(p.year) as last_year
             from public_case_stats p group by p.country) s
            join country c on c.iso2 = s.country
            cross join lateral (select ST_PointOnSurface(d.geom) as point from ST_Dump(tile_fix_antimeridian(c.geom)) d order by ST_Area(d.geom) desc limit 1) l
            """, "true", "l.point"),
        new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["iso2"] = "String", ["name_en"] = "String", ["cases"] = "Number", ["kilograms"] = "Number",
            ["first_year"] = "Number", ["last_year"] = "Number",
        },
        null, new Dictionary<string, string>(), 0, false,
        "select ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) from (select ST_Extent(c.geom) e from country c where c.iso2 in (select p.country from public_case_stats p)) x",
        CaseDerived: true);

    /// <summary>The public hexagon layer, <c>/tiles/public-hotspots/{z}/{x}/{y}.mvt</c>.</summary>
    public static TileLayer Hotspots { get; } = new(
        "public-hotspots", "Public seizure hexagons",
        "Seizure cases binned to hexagons of 25 km side: counts and kilograms per cell, cells of fewer cases than the " +
        "threshold suppressed, open cases younger than a year left out; no case-level data.",
        true,
        $"""
        select ST_AsMVT(f, 'public-hotspots', 4096, 'geom', 'id') from (
            select (h.i::bigint + 1048576) * 2097152 + (h.j::bigint + 1048576) as id, h.cases::int as cases, h.kilograms::float8 as kilograms,
                   ST_AsMVTGeom(ST_Transform(h.geom, 3857), ST_TileEnvelope(@z, @x, @y), 4096, 64, true) as geom
            from public_hex_cells h
            where h.geom && {ReferenceTileLayers.TileBox4326} and @tolerance::float8 >= 0
        ) f
        where f.geom is not null
        """,
        new Dictionary<string, string>(StringComparer.Ordinal) { ["cases"] = "Number", ["kilograms"] = "Number" },
        null, new Dictionary<string, string>(), 0, false,
        "select ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) from (select ST_Extent(h.geom) e from public_hex_cells h) x",
        CaseDerived: true);

    /// <summary>All public aggregate layers.</summary>
    public static IReadOnlyList<TileLayer> All { get; } = [CaseStatistics, Hotspots];
}
