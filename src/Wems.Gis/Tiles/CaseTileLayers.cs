namespace Wems.Gis.Tiles;

/// <summary>
/// The <c>cases</c> tile layer as the national and the regional tier see it. Neither has a nominal attribute (tiles
/// are cached and handed to map clients: names, vehicles and notes never go into them); the national one also says
/// whether a case is shared. Which rows exist is decided by PostgreSQL's row-level security under the caller's tier
/// (<see cref="TileStore"/> runs every query in a <see cref="Storage.TierSession"/>). The public tier has no cases layer.
/// </summary>
/// <remarks>
/// <para>From zoom <see cref="CellsBelowZoom"/> on, each case is a point with a feature id derived from its uuid (the
/// first 52 bits, so that it is unsigned in MVT and exact in a JavaScript number) and its properties, except where
/// several cases fall in the same square of <see cref="MergePixels"/> screen pixels (<c>@merge</c> metres, anchored at
/// the projection origin like the cells): those are one feature at their centroid with <c>count</c>, <c>quantity_kg</c>,
/// <c>commodity</c> and <c>commodities</c> as a cell has them, and the id of the smallest case id among them. Cases at an
/// airport or a border post would otherwise be thousands of overlapping points in one tile; with the squares a tile
/// holds at most (256 / <see cref="MergePixels"/> + 2)² features. The tile selects whole squares (its buffer is one
/// square), so a merged feature is the same in the tiles whose buffers it reaches.</para>
/// <para>Below it, cases are counted per square cell of <see cref="CellPixels"/> screen pixels in EPSG:3857
/// (<c>@cell</c> metres, <see cref="TileStore.CellSizeMeters"/>), the cells anchored at the projection origin so that
/// they nest in the tiles. The tile selects whole cells one cell beyond each edge (<c>margin =&gt; 0.125</c>), so a cell
/// drawn in two tiles' buffers has the same count in both. Each cell is drawn at the centroid of its cases, with
/// <c>count</c>, <c>quantity_kg</c>, the most frequent commodity group (<c>commodity</c>, ties broken by name) and the
/// mix as "group:cases" pairs, most frequent first (<c>commodities</c>).</para>
/// <para>The case properties come from the case row's specimen summary (<c>commodities</c>, <c>species_names</c>,
/// <c>quantity_kg</c>, migration 0018), not from the specimen lines: no per-case subquery, no per-line policy check.</para>
/// <para>Without a date, commodity, species, agency or transport-mode filter the cells are read from the pre-aggregated <c>case_cell</c> tables
/// (migration 0016, kept current by the web server's tile invalidation), which gives the same counts, kilograms, mix and
/// centroids without touching the cases: a zoom-4 tile of a million cases costs a few index lookups.</para>
/// <para>Likewise the point tiles of zooms <see cref="CellsBelowZoom"/> to <see cref="SquaresUpToZoom"/> read the
/// pre-aggregated merge squares (<c>case_square</c>, migration 0022) when no filter but the country is given: the same
/// features, ids, properties and points as grouping the cases of the tile, from the squares' sums and, for a square of one
/// case, that case read by its id. Above that zoom or with another filter the squares are grouped from the cases.</para>
/// <para>Filters (<see cref="CaseTileFilter"/>) arrive as the parameters <c>@start</c>, <c>@end</c> (dates, inclusive),
/// <c>@country</c>, <c>@commodity</c>, <c>@species</c>, <c>@agency</c> and <c>@mode</c>, each null when not given.</para>
/// </remarks>
public static class CaseTileLayers
{
    /// <summary>Zooms below this one are aggregated to cells.</summary>
    public const int CellsBelowZoom = 9;

    /// <summary>Side of an aggregation cell in 256-pixel-tile screen pixels; a power of two below 256, so cells nest in tiles.</summary>
    public const int CellPixels = 32;

    /// <summary>
    /// Side of the square in which cases are merged into one feature at point zooms, in 256-pixel-tile screen pixels: a
    /// power of two, equal to the point tiles' buffer (<see cref="PointTileBuffer"/>), so a tile with its buffer holds
    /// whole squares. Eight: the operations map draws a case as a circle at least 8 pixels across, so two cases closer
    /// than that overlap by half a marker or more, and a count says more than a stack (MapLibre's own point clustering
    /// defaults to a 50-pixel radius). At 4 pixels the busiest zoom-14 tile of a million cases held 3,050 features and
    /// took ~30 ms of database time; at 8, 872 features and ~15 ms.
    /// </summary>
    public const int MergePixels = 8;

    /// <summary>The MVT buffer of the point tiles, in units of the 4096 extent: one merge square.</summary>
    public const int PointTileBuffer = MergePixels * 4096 / 256;

    /// <summary>
    /// The highest zoom whose merge squares are pre-aggregated (<c>case_square</c>, migration 0022); from
    /// <see cref="CellsBelowZoom"/> up to it an unfiltered tile reads them, above it the squares are grouped from the cases.
    /// Each zoom costs about as many rows as there are occupied squares (most of a million cases at zoom 14).
    /// </summary>
    public const int SquaresUpToZoom = 14;

    private const string CaseWhere = """
        c.deleted_at is null
        and (@start::date is null or c.event_date >= @start::date)
        and (@end::date is null or c.event_date <= @end::date)
        and (@country::text is null or c.country = @country::text)
        and (@commodity::text is null or @commodity::text = any(string_to_array(c.commodities, ',')))
        and (@species::text is null or @species::text = any(string_to_array(c.species_names, ',')))
        and (@agency::text is null or c.agency_code = @agency::text)
        and (@mode::text is null or c.transport_mode = @mode::text)
        """;

    // The first 52 bits of a case uuid, as a feature id.
    private static string CaseId(string uuid) => $"('x' || left(replace({uuid}::text, '-', ''), 13))::bit(52)::bigint";

    // One pass: the cases of the tile and its buffer (margin => MergePixels / 256, one square beyond each edge) are
    // grouped by merge square; for a square of one case the min() of each column is that case's value. A merged square
    // takes the id of its smallest case id (unique in the tile, never another singleton's) and the commodity mix of
    // its cases (each case lists a group once, so occurrences in the joined lists count cases). EPSG:3857 coordinates
    // are computed with the spherical Mercator formulas (mercator_x, mercator_y, migration 0022: what ST_Transform does
    // for 4326 -> 3857, several times cheaper per point), as the merge squares are; the square's point is the mean of its
    // cases' coordinates.
    private static string PointSql(bool national) => $$"""
        select ST_AsMVT(f, 'cases', 4096, 'geom', 'id') from (
            select {{CaseId("s.first")}} as id,
                   case when s.n > 1 then s.n end as count,
                   case when s.n = 1 then s.reference end as reference, case when s.n = 1 then s.date::text end as date,
                   case when s.n = 1 then s.country::text end as country, case when s.n = 1 then s.agency end as agency,
                   case when s.n = 1 then s.status end as status, case when s.n = 1 then s.location_type end as location_type,
                   m.commodity, coalesce(m.commodities, s.commodities) as commodities, s.kg as quantity_kg,
                   {{(national ? "case when s.n = 1 then s.transboundary end" : "null::boolean")}} as transboundary,
                   ST_AsMVTGeom(ST_SetSRID(ST_MakePoint(s.sx / s.n, s.sy / s.n), 3857), ST_TileEnvelope(@z, @x, @y), 4096, {{PointTileBuffer}}, true) as geom
            from (
                select floor(k.x / @merge) as cx, floor(k.y / @merge) as cy, count(*) as n, sum(k.x) as sx, sum(k.y) as sy,
                       sum(k.kg) as kg, min(k.id::text) as first, min(k.reference) as reference, min(k.event_date) as date,
                       min(k.country) as country, min(k.agency_code) as agency, min(k.status) as status,
                       min(k.location_type) as location_type, string_agg(k.commodities, ',') as commodities,
                       bool_or(k.transboundary) as transboundary
                from (
                    select c.id, c.reference, c.event_date, c.country, c.agency_code, c.status, c.location_type, c.commodities,
                           c.quantity_kg::float8 as kg, c.transboundary,
                           mercator_x(ST_X(c.geom)) as x, mercator_y(ST_Y(c.geom)) as y
                    from seizure_case c
                    where {{CaseWhere}}
                      and c.geom && ST_Transform(ST_TileEnvelope(@z, @x, @y, margin => {{(MergePixels / 256.0).ToString(System.Globalization.CultureInfo.InvariantCulture)}}), 4326)
                ) k
                group by 1, 2
            ) s
            left join lateral (
                select (array_agg(q.grp order by q.n desc, q.grp))[1] as commodity,
                       string_agg(q.grp || ':' || q.n, ',' order by q.n desc, q.grp) as commodities
                from (select g as grp, count(*) as n from unnest(string_to_array(s.commodities, ',')) g group by g) q
            ) m on s.n > 1
        ) f
        where f.geom is not null
        """;

    // The merge squares of PointSql from the pre-aggregated case_square / case_square_group (migration 0022), which
    // row-level security narrows to the caller's tier like seizure_case: per square, the sums over the visible (country,
    // sharing flag) groups. The squares are stored at zoom @zs (@z or the zoom above, @shift = @zs - @z); ranges
    // @cx0..@cx1, @cy0..@cy1 at @zs: the tile's 32 x 32 squares and one around them (TileStore computes them), each of
    // the tile zoom the union of 2^@shift x 2^@shift stored squares. A square of one case is that case, read by primary
    // key (under row-level security) for its properties; its coordinate sum is its own point. A merged square takes the
    // count, kilograms, centroid, smallest case id and commodity mix of its groups, as PointSql computes them from the
    // cases. The square totals and the group counts are one union aggregated per square (no join whose plan hangs on
    // the estimate of a tile's rows, which the planner puts at one); the case of a single square is looked up lateral
    // (offset 0 keeps it from being pulled up into a join the planner could turn into a scan of the caller's cases). The
    // most frequent group is the first of the mix (the same order), so one ordered aggregate gives both.
    private static string PreAggregatedPointSql(bool national) => $$"""
        select ST_AsMVT(f, 'cases', 4096, 'geom', 'id') from (
            select {{CaseId("s.first")}} as id,
                   case when s.n > 1 then s.n end as count,
                   c.reference, c.date, c.country, c.agency, c.status, c.location_type,
                   case when s.n > 1 then split_part(split_part(s.commodities, ',', 1), ':', 1) end as commodity,
                   case when s.n > 1 then s.commodities else c.commodities end as commodities,
                   case when s.n > 1 then s.kg else c.kg end as quantity_kg,
                   {{(national ? "c.transboundary" : "null::boolean")}} as transboundary,
                   ST_AsMVTGeom(ST_SetSRID(ST_MakePoint(s.x / s.n, s.y / s.n), 3857), ST_TileEnvelope(@z, @x, @y), 4096, {{PointTileBuffer}}, true) as geom
            from (
                select u.sx, u.sy, sum(u.n)::bigint as n, sum(u.kg) as kg, sum(u.x) as x, sum(u.y) as y, min(u.first) as first,
                       string_agg(u.grp || ':' || u.grp_n, ',' order by u.grp_n desc, u.grp) as commodities
                from (
                    select sx >> @shift as sx, sy >> @shift as sy, sum(cases)::bigint as n, sum(kg) as kg, sum(x) as x, sum(y) as y,
                           min(first_id) as first, null::text as grp, null::bigint as grp_n
                    from case_square
                    where zoom = @zs and sx between @cx0 and @cx1 and sy between @cy0 and @cy1
                      and (@country::text is null or country = @country::text)
                    group by 1, 2
                    union all
                    select sx >> @shift, sy >> @shift, null, null, null, null, null, grp, sum(cases)::bigint
                    from case_square_group
                    where zoom = @zs and sx between @cx0 and @cx1 and sy between @cy0 and @cy1
                      and (@country::text is null or country = @country::text)
                    group by 1, 2, grp
                ) u
                group by u.sx, u.sy
            ) s
            left join lateral (
                select c.reference, c.event_date::text as date, c.country::text as country, c.agency_code as agency, c.status,
                       c.location_type, c.commodities, c.quantity_kg::float8 as kg, c.transboundary
                from seizure_case c
                where s.n = 1 and c.id = s.first::uuid and c.deleted_at is null
                offset 0
            ) c on true
            where s.n > 1 or c.reference is not null
        ) f
        where f.geom is not null
        """;

    // Cell ids pack the cell column and row (each within ±2^20 below zoom 9) into 42 bits.
    private const string CellSql = $"""
        with cells as (
            select c.id, c.commodities, c.quantity_kg, p, floor(ST_X(p) / @cell)::bigint as cx, floor(ST_Y(p) / @cell)::bigint as cy
            from seizure_case c, ST_Transform(c.geom, 3857) p
            where {CaseWhere}
              and c.geom && ST_Transform(ST_TileEnvelope(@z, @x, @y, margin => 0.125), 4326)
        ), totals as (
            select cx, cy, count(*) as count, sum(quantity_kg)::float8 as kg, ST_Centroid(ST_Collect(p)) as centre from cells group by cx, cy
        ), groups as (
            select k.cx, k.cy, g as grp, count(*) as n
            from cells k, unnest(string_to_array(k.commodities, ',')) g
            group by k.cx, k.cy, g
        ), mix as materialized (
            select cx, cy, (array_agg(grp order by n desc, grp))[1] as commodity,
                   string_agg(grp || ':' || n, ',' order by n desc, grp) as commodities
            from groups group by cx, cy
        )
        select ST_AsMVT(f, 'cases', 4096, 'geom', 'id') from (
            select (t.cx + 1048576) * 2097152 + (t.cy + 1048576) as id, t.count, t.kg as quantity_kg, m.commodity, m.commodities,
                   ST_AsMVTGeom(t.centre, ST_TileEnvelope(@z, @x, @y), 4096, 64, true) as geom
            from totals t
            left join mix m on m.cx = t.cx and m.cy = t.cy
        ) f
        where f.geom is not null
        """;

    // In both cell queries the commodity mix is a materialized CTE: inlined, the planner (which expects a handful of
    // cells) joined it by a nested loop that sorted and grouped every group row of the tile again for each cell: a
    // zoom-8 tile over Dar es Salaam, 63 cells, took 20 ms instead of 2.5 ms (EXPLAIN ANALYZE, 1,000,000 cases).

    // The same cells from the pre-aggregated case_cell / case_cell_group (migration 0016), which row-level security
    // narrows to the caller's tier like seizure_case. Cell ranges @cx0..@cx1, @cy0..@cy1: the tile's 8 x 8 cells and one
    // cell around them (TileStore computes them). Used when no filter but the country is given (CaseTileFilter.PreAggregatable).
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
        ), mix as materialized (
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
        ["count"] = "Number",
        ["commodity"] = "String",
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
        $"The cases of your country (national tier), without nominal data; counted per {CellPixels}-pixel cell below zoom {CellsBelowZoom}, cases within {MergePixels} pixels of each other merged above.",
        false,
        PointSql(national: true),
        new Dictionary<string, string>(PointFields, StringComparer.Ordinal) { ["transboundary"] = "Boolean" },
        CellSql, CellFields, CellsBelowZoom, true, ExtentSql, PreAggregatedCellSql: PreAggregatedCellSql,
        PreAggregatedPointSql: PreAggregatedPointSql(national: true), PreAggregatedPointsUpToZoom: SquaresUpToZoom);

    /// <summary>Cases as regional users see them: the shared cases of the region's members.</summary>
    public static TileLayer Regional { get; } = new(
        "cases", "Seizure cases",
        $"Transboundary cases shared with the region (regional tier), without nominal data; counted per {CellPixels}-pixel cell below zoom {CellsBelowZoom}, cases within {MergePixels} pixels of each other merged above.",
        false,
        PointSql(national: false),
        PointFields, CellSql, CellFields, CellsBelowZoom, true, ExtentSql, PreAggregatedCellSql: PreAggregatedCellSql,
        PreAggregatedPointSql: PreAggregatedPointSql(national: false), PreAggregatedPointsUpToZoom: SquaresUpToZoom);
}
