namespace Wems.Gis.Tiles;

/// <summary>
/// The <c>cases</c> tile layer as the national and the regional tier see it. Neither has a nominal attribute (tiles
/// are cached and handed to map clients: names, vehicles and notes never go into them); the national one also says
/// whether a case is shared. Which rows exist is decided by PostgreSQL's row-level security under the caller's tier
/// (<see cref="TileStore"/> runs every query in a <see cref="Storage.TierSession"/>). The public tier has no cases layer.
/// </summary>
/// <remarks>
/// <para>From zoom <see cref="CellsBelowZoom"/> on, each case is a point with a feature id derived from its uuid (the
/// first 52 bits, so that it is unsigned in MVT and exact in a JavaScript number).</para>
/// <para>Below it, cases are counted per square cell of <see cref="CellPixels"/> screen pixels in EPSG:3857
/// (<c>@cell</c> metres, <see cref="TileStore.CellSizeMeters"/>), the cells anchored at the projection origin so that
/// they nest in the tiles. The tile selects whole cells one cell beyond each edge (<c>margin =&gt; 0.125</c>), so a cell
/// drawn in two tiles' buffers has the same count in both. Each cell is drawn at the centroid of its cases, with
/// <c>count</c>, <c>quantity_kg</c>, the most frequent commodity group (<c>commodity</c>, ties broken by name) and the
/// mix as "group:cases" pairs, most frequent first (<c>commodities</c>).</para>
/// <para>Without a date or commodity filter the cells are read from the pre-aggregated <c>case_cell</c> tables
/// (migration 0016, kept current by the web server's tile invalidation), which gives the same counts, kilograms, mix and
/// centroids without touching the cases: a zoom-4 tile of a million cases costs a few index lookups.</para>
/// <para>Filters (<see cref="CaseTileFilter"/>) arrive as the parameters <c>@start</c>, <c>@end</c> (dates, inclusive),
/// <c>@country</c> and <c>@commodity</c>, each null when not given.</para>
/// </remarks>
public static class CaseTileLayers
{
    /// <summary>Zooms below this one are aggregated to cells.</summary>
    public const int CellsBelowZoom = 9;

    /// <summary>Side of an aggregation cell in 256-pixel-tile screen pixels; a power of two below 256, so cells nest in tiles.</summary>
    public const int CellPixels = 32;

    private const string CaseWhere = """
        c.deleted_at is null
        and (@start::date is null or c.event_date >= @start::date)
        and (@end::date is null or c.event_date <= @end::date)
        and (@country::text is null or c.country = @country::text)
        and (@commodity::text is null or exists (select 1 from specimen p join species s on s.id = p.species_id
                                                 where p.case_id = c.id and s.commodity_group = @commodity::text))
        """;

    private const string Commodities =
        "(select string_agg(distinct s.commodity_group, ',' order by s.commodity_group) from specimen p join species s on s.id = p.species_id where p.case_id = c.id)";

    private const string QuantityKg =
        "(select sum(case p.unit when 'KIL' then p.quantity when 'GRM' then p.quantity / 1000 end)::float8 from specimen p where p.case_id = c.id)";

    private const string PointColumns = $"""
        ('x' || left(replace(c.id::text, '-', ''), 13))::bit(52)::bigint as id, c.reference, c.event_date::text as date,
        c.country::text as country, c.agency_code as agency, c.status, c.location_type,
        {Commodities} as commodities, {QuantityKg} as quantity_kg
        """;

    // Cell ids pack the cell column and row (each within ±2^20 below zoom 9) into 42 bits.
    private const string CellSql = $"""
        with cells as (
            select c.id, p, floor(ST_X(p) / @cell)::bigint as cx, floor(ST_Y(p) / @cell)::bigint as cy
            from seizure_case c, ST_Transform(c.geom, 3857) p
            where {CaseWhere}
              and c.geom && ST_Transform(ST_TileEnvelope(@z, @x, @y, margin => 0.125), 4326)
        ), totals as (
            select cx, cy, count(*) as count, ST_Centroid(ST_Collect(p)) as centre from cells group by cx, cy
        ), kilograms as (
            select k.cx, k.cy, sum(case sp.unit when 'KIL' then sp.quantity when 'GRM' then sp.quantity / 1000 end)::float8 as kg
            from cells k join specimen sp on sp.case_id = k.id group by k.cx, k.cy
        ), groups as (
            select k.cx, k.cy, s.commodity_group as grp, count(distinct k.id) as n
            from cells k join specimen sp on sp.case_id = k.id join species s on s.id = sp.species_id
            group by k.cx, k.cy, s.commodity_group
        ), mix as (
            select cx, cy, (array_agg(grp order by n desc, grp))[1] as commodity,
                   string_agg(grp || ':' || n, ',' order by n desc, grp) as commodities
            from groups group by cx, cy
        )
        select ST_AsMVT(f, 'cases', 4096, 'geom', 'id') from (
            select (t.cx + 1048576) * 2097152 + (t.cy + 1048576) as id, t.count, g.kg as quantity_kg, m.commodity, m.commodities,
                   ST_AsMVTGeom(t.centre, ST_TileEnvelope(@z, @x, @y), 4096, 64, true) as geom
            from totals t
            left join kilograms g on g.cx = t.cx and g.cy = t.cy
            left join mix m on m.cx = t.cx and m.cy = t.cy
        ) f
        where f.geom is not null
        """;

    // The same cells from the pre-aggregated case_cell / case_cell_group (migration 0016), which row-level security
    // narrows to the caller's tier like seizure_case. Cell ranges @cx0..@cx1, @cy0..@cy1: the tile's 8 x 8 cells and one
    // cell around them (TileStore computes them). Used when no date or commodity filter is given.
    private const string PreAggregatedCellSql = """
        with totals as (
            select cx, cy, sum(cases) as count, sum(kg) as kg, sum(sx) as sx, sum(sy) as sy
            from case_cell
            where zoom = @z and cx between @cx0 and @cx1 and cy between @cy0 and @cy1 and (@country::text is null or country = @country::text)
            group by cx, cy
        ), groups as (
            select cx, cy, grp, sum(cases) as n
            from case_cell_group
            where zoom = @z and cx between @cx0 and @cx1 and cy between @cy0 and @cy1 and (@country::text is null or country = @country::text)
            group by cx, cy, grp
        ), mix as (
            select cx, cy, (array_agg(grp order by n desc, grp))[1] as commodity,
                   string_agg(grp || ':' || n, ',' order by n desc, grp) as commodities
            from groups group by cx, cy
        )
        select ST_AsMVT(f, 'cases', 4096, 'geom', 'id') from (
            select (t.cx::bigint + 1048576) * 2097152 + (t.cy + 1048576) as id, t.count, t.kg as quantity_kg, m.commodity, m.commodities,
                   ST_AsMVTGeom(ST_SetSRID(ST_MakePoint(t.sx / t.count, t.sy / t.count), 3857), ST_TileEnvelope(@z, @x, @y), 4096, 64, true) as geom
            from totals t
            left join mix m on m.cx = t.cx and m.cy = t.cy
            where t.count > 0
        ) f
        where f.geom is not null
        """;

    private const string ExtentSql =
        "select ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) from (select ST_Extent(c.geom) e from seizure_case c where c.deleted_at is null) x";

    private static readonly Dictionary<string, string> PointFields = new(StringComparer.Ordinal)
    {
        ["reference"] = "String",
        ["date"] = "String",
        ["country"] = "String",
        ["agency"] = "String",
        ["status"] = "String",
        ["location_type"] = "String",
        ["commodities"] = "String",
        ["quantity_kg"] = "Number",
    };

    private static readonly Dictionary<string, string> CellFields = new(StringComparer.Ordinal)
    {
        ["count"] = "Number",
        ["quantity_kg"] = "Number",
        ["commodity"] = "String",
        ["commodities"] = "String",
    };

    /// <summary>Cases as national users see them: their country's cases, with the sharing flag.</summary>
    public static TileLayer National { get; } = new(
        "cases", "Seizure cases",
        $"The cases of your country (national tier), without nominal data; counted per {CellPixels}-pixel cell below zoom {CellsBelowZoom}.",
        false,
        ReferenceTileLayers.Mvt("cases", PointColumns + ", c.transboundary", "ST_Transform(c.geom, 3857)", "seizure_case c", CaseWhere, "c.geom"),
        new Dictionary<string, string>(PointFields, StringComparer.Ordinal) { ["transboundary"] = "Boolean" },
        CellSql, CellFields, CellsBelowZoom, true, ExtentSql, PreAggregatedCellSql: PreAggregatedCellSql);

    /// <summary>Cases as regional users see them: the shared cases of the region's members.</summary>
    public static TileLayer Regional { get; } = new(
        "cases", "Seizure cases",
        $"Transboundary cases shared with the region (regional tier), without nominal data; counted per {CellPixels}-pixel cell below zoom {CellsBelowZoom}.",
        false,
        ReferenceTileLayers.Mvt("cases", PointColumns, "ST_Transform(c.geom, 3857)", "seizure_case c", CaseWhere, "c.geom"),
        PointFields, CellSql, CellFields, CellsBelowZoom, true, ExtentSql, PreAggregatedCellSql: PreAggregatedCellSql);
}
