namespace Wems.Gis.Tiles;

/// <summary>
/// The public aggregate tile layer every caller (also anonymous) may see: the hexagon cells of the <c>public_hex_cells</c>
/// view (migration 0013), 25 km side, with their case counts and kilograms, cells under the suppression threshold left
/// out by the view. No case-level feature at any zoom. Rendered under the public tier; its cache variant carries the case
/// data stamp (<see cref="TileLayer.CaseDerived"/>), so a case write reaches it within one poll interval.
/// </summary>
public static class PublicTileLayers
{
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
}
