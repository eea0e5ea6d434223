-- Pre-aggregated merge squares for the point zooms of the case tiles (Wems.Gis.Tiles.CaseTileLayers), next to the
-- cells of 0016. From zoom 9 a case tile draws each case as a point, except that cases in the same square of 8 screen
-- pixels merge into one feature (Wems.Gis.Tiles.CaseTileLayers.MergePixels). Counted from the cases, the busiest zoom-12 tile of a million cases (an airport,
-- 16,469 cases drawn as 1,268 features) read and grouped every one of its cases: ~62 ms of CPU per tile. These tables
-- hold the squares already grouped, so a tile reads at most 34 x 34 squares (its 32 x 32 and one around them), or
-- the up to 68 x 68 squares of the zoom above them.
--
-- Per stored zoom, per merge square (index = floor(x / merge size of the zoom), x and y in EPSG:3857 computed with the
-- spherical Mercator formulas exactly as the tile query computes them, squares anchored at the projection origin so
-- that each square is the union of 2 x 2 squares of the next zoom), per country and sharing flag (the two dimensions
-- the tier policies look at): cases, kilograms, the sums of the cases' coordinates (for the centroid) and the smallest
-- case id; and per commodity group the number of cases with that group (from the case's specimen summary, 0018).
--
-- Stored zooms: every other one from the top of the range TileStore passes (9..14: zooms 14, 12 and 10). A tile of
-- an odd zoom (13, 11, 9) reads the squares of the zoom above and sums them 2 x 2: up to four times the rows of a
-- tile, against half the storage and less rebuild time (a million generated cases, seed 1, fill 491,000 square rows, per
-- country and flag, at zoom 14, 237,000 at zoom 12 and 103,000 at zoom 10). The top zoom is counted from the cases, each
-- stored zoom below summed from the one above. The web server keeps them current from the tile_invalidation queue,
-- in the same statement as the cells (Wems.Web.Tiles.CaseTileInvalidator, TileStore.RefreshCaseCellsAsync).
-- EPSG:3857 coordinates of WGS84 degrees by the spherical Mercator formulas (what ST_Transform does for 4326 -> 3857,
-- several times cheaper per point). The point tiles (Wems.Gis.Tiles.CaseTileLayers) and the squares both use them, so a
-- case falls in the same square in both. Plain SQL expressions: the planner inlines them.
create function mercator_x(lon float8) returns float8 language sql immutable parallel safe as $$
    select 6378137 * radians(lon)
$$;
create function mercator_y(lat float8) returns float8 language sql immutable parallel safe as $$
    select 6378137 * ln(tan(pi() / 4 + radians(lat) / 2))
$$;

create table case_square (
    zoom          smallint not null,
    sx            integer not null,
    sy            integer not null,
    country       char(2) not null,
    transboundary boolean not null,
    cases         integer not null,
    kg            float8,
    x             float8 not null,
    y             float8 not null,
    first_id      text not null,                 -- the smallest case id as text (min(id::text), as the tile query orders them)
    primary key (zoom, sx, sy, country, transboundary)
);

create table case_square_group (
    zoom          smallint not null,
    sx            integer not null,
    sy            integer not null,
    country       char(2) not null,
    transboundary boolean not null,
    grp           text not null,
    cases         integer not null,
    primary key (zoom, sx, sy, country, transboundary, grp)
);

comment on table case_square is
    'Case merge squares of the point-zoom case tiles: per zoom, 8-pixel square, country and sharing flag; derived from seizure_case.';

grant select on case_square, case_square_group to wems_national, wems_regional;
alter table case_square enable row level security;
alter table case_square_group enable row level security;
create policy national_read on case_square for select to wems_national using (country = tier_setting('wems.country'));
create policy national_read on case_square_group for select to wems_national using (country = tier_setting('wems.country'));
create policy regional_read on case_square for select to wems_regional
    using (transboundary and country in (select m.country from region_member m where m.region_code = tier_setting('wems.region')));
create policy regional_read on case_square_group for select to wems_regional
    using (transboundary and country in (select m.country from region_member m where m.region_code = tier_setting('wems.region')));

-- The live cases with their EPSG:3857 coordinates (mercator_x, mercator_y, as the tile query computes them). The refresh
-- reads the cases with its box condition written out (see there).
create function case_squares_points() returns table (
    id uuid, country char(2), transboundary boolean, commodities text, kg float8, x float8, y float8)
language sql stable as $$
    select c.id, c.country, c.transboundary, c.commodities, c.quantity_kg::float8,
           mercator_x(ST_X(c.geom)), mercator_y(ST_Y(c.geom))
    from seizure_case c
    where c.deleted_at is null
$$;

-- Sums zoom z + 2 into zoom z for the zoom-z squares (sx, sy) given. A square's children two zooms up are
-- 4 sx .. 4 sx + 3 by 4 sy .. 4 sy + 3 (>> 2, used by the rebuild, is floor division by four, negative indexes included).
create function case_squares_roll_up(z integer, xs integer[], ys integer[]) returns void language sql as $$
    insert into case_square (zoom, sx, sy, country, transboundary, cases, kg, x, y, first_id)
    select z, k.a, k.b, s.country, s.transboundary, sum(s.cases), sum(s.kg), sum(s.x), sum(s.y), min(s.first_id)
    from unnest(xs, ys) as k(a, b)
    join case_square s on s.zoom = z + 2 and s.sx between 4 * k.a and 4 * k.a + 3 and s.sy between 4 * k.b and 4 * k.b + 3
    group by 2, 3, 4, 5;
    insert into case_square_group (zoom, sx, sy, country, transboundary, grp, cases)
    select z, k.a, k.b, g.country, g.transboundary, g.grp, sum(g.cases)
    from unnest(xs, ys) as k(a, b)
    join case_square_group g on g.zoom = z + 2 and g.sx between 4 * k.a and 4 * k.a + 3 and g.sy between 4 * k.b and 4 * k.b + 3
    group by 2, 3, 4, 5, 6;
$$;

-- Rebuilds every stored square (zooms high, high - 2, ... down to low) from the cases; merge_high is the merge square
-- side at zoom high in metres. A rebuild replaces millions of rows (1.2 million squares and 1.8 million group rows for
-- a million generated cases), so it is written for speed: truncate rather than delete (tile reads wait for the rebuild
-- either way: the web server rebuilds before it serves case tiles and drops the whole layer after), the keys dropped
-- during the load and built once at the end (a sorted build instead of millions of insertions), and each stored zoom
-- summed from the one above in an unindexed temporary table, with memory enough to group the zoom-14 squares without
-- spilling to disk (at the default 4 MB a million cases' squares spilled 126 MB in 65 batches; ~20% slower). Rows are
-- written in key order, so that the squares of a tile lie on a few heap pages (in hash order, each of a hub tile's
-- thousands of rows was a page of its own). The advisory lock serialises rebuilds and refreshes of several web servers
-- (a refresh deletes and inserts the same keys).
create function case_squares_rebuild(low integer, high integer, merge_high float8) returns void language plpgsql
    set work_mem = '128MB' as $$
declare
    z integer := high;
begin
    perform pg_advisory_xact_lock(hashtext('case_squares'));
    truncate case_square, case_square_group;
    alter table case_square drop constraint case_square_pkey;
    alter table case_square_group drop constraint case_square_group_pkey;
    create temporary table case_squares_level on commit drop as
    select floor(p.x / merge_high)::int as sx, floor(p.y / merge_high)::int as sy, p.country, p.transboundary,
           count(*)::int as cases, sum(p.kg) as kg, sum(p.x) as x, sum(p.y) as y, min(p.id::text) as first_id
    from case_squares_points() p
    group by 1, 2, 3, 4;
    create temporary table case_squares_level_group on commit drop as
    select floor(p.x / merge_high)::int as sx, floor(p.y / merge_high)::int as sy, p.country, p.transboundary, g as grp,
           count(*)::int as cases
    from case_squares_points() p, unnest(string_to_array(p.commodities, ',')) g
    group by 1, 2, 3, 4, 5;
    loop
        insert into case_square (zoom, sx, sy, country, transboundary, cases, kg, x, y, first_id)
        select z, s.sx, s.sy, s.country, s.transboundary, s.cases, s.kg, s.x, s.y, s.first_id from case_squares_level s
        order by s.sx, s.sy, s.country, s.transboundary;
        insert into case_square_group (zoom, sx, sy, country, transboundary, grp, cases)
        select z, g.sx, g.sy, g.country, g.transboundary, g.grp, g.cases from case_squares_level_group g
        order by g.sx, g.sy, g.country, g.transboundary, g.grp;
        z := z - 2;
        exit when z < low;
        create temporary table case_squares_next on commit drop as
        select s.sx >> 2 as sx, s.sy >> 2 as sy, s.country, s.transboundary, sum(s.cases)::int as cases, sum(s.kg) as kg,
               sum(s.x) as x, sum(s.y) as y, min(s.first_id) as first_id
        from case_squares_level s
        group by 1, 2, 3, 4;
        create temporary table case_squares_next_group on commit drop as
        select g.sx >> 2 as sx, g.sy >> 2 as sy, g.country, g.transboundary, g.grp, sum(g.cases)::int as cases
        from case_squares_level_group g
        group by 1, 2, 3, 4, 5;
        drop table case_squares_level, case_squares_level_group;
        alter table case_squares_next rename to case_squares_level;
        alter table case_squares_next_group rename to case_squares_level_group;
    end loop;
    drop table case_squares_level, case_squares_level_group;
    alter table case_square add primary key (zoom, sx, sy, country, transboundary);
    alter table case_square_group add primary key (zoom, sx, sy, country, transboundary, grp);
end $$;

-- Recomputes the squares that contain the given WGS84 positions (longitudes, latitudes: the cases' own coordinates
-- from the queue, so that the square index is computed from the same values as the tile query's), at the stored zooms
-- high, high - 2, ... down to low; the rest stay as they are. The cases of a square are found with a box a little
-- larger than the square (the GiST index) and kept when their computed index is the square's.
create function case_squares_refresh(low integer, high integer, merge_high float8, lons float8[], lats float8[])
returns void language plpgsql as $$
declare
    xs integer[];
    ys integer[];
    z integer := high - 2;
begin
    select array_agg(a), array_agg(b) into xs, ys from (
        select distinct floor(mercator_x(t.lon) / merge_high)::int as a, floor(mercator_y(t.lat) / merge_high)::int as b
        from unnest(lons, lats) as t(lon, lat)) d;
    if xs is null then
        return;
    end if;
    perform pg_advisory_xact_lock(hashtext('case_squares'));
    delete from case_square s using unnest(xs, ys) as k(a, b) where s.zoom = high and s.sx = k.a and s.sy = k.b;
    delete from case_square_group g using unnest(xs, ys) as k(a, b) where g.zoom = high and g.sx = k.a and g.sy = k.b;
    -- Per square through the GiST index: lateral with offset 0 and the box condition written out (flattened into a
    -- join on the computed index, or behind a "box is null or geom && box", the planner scanned every case: a second
    -- at a million).
    create temporary table case_squares_points_tmp on commit drop as
    select k.a as sx, k.b as sy, p.*
    from unnest(xs, ys) as k(a, b),
         lateral (
             select q.* from (
                 select c.id, c.country, c.transboundary, c.commodities, c.quantity_kg::float8 as kg,
                        mercator_x(ST_X(c.geom)) as x, mercator_y(ST_Y(c.geom)) as y
                 from seizure_case c
                 where c.deleted_at is null
                   and c.geom && ST_Expand(ST_Transform(ST_MakeEnvelope(k.a * merge_high, k.b * merge_high,
                                                                        (k.a + 1) * merge_high, (k.b + 1) * merge_high, 3857), 4326), 1e-7)
                 offset 0) q
             where floor(q.x / merge_high)::int = k.a and floor(q.y / merge_high)::int = k.b) p;
    insert into case_square (zoom, sx, sy, country, transboundary, cases, kg, x, y, first_id)
    select high, p.sx, p.sy, p.country, p.transboundary, count(*), sum(p.kg), sum(p.x), sum(p.y), min(p.id::text)
    from case_squares_points_tmp p
    group by 2, 3, 4, 5;
    insert into case_square_group (zoom, sx, sy, country, transboundary, grp, cases)
    select high, p.sx, p.sy, p.country, p.transboundary, g, count(*)
    from case_squares_points_tmp p, unnest(string_to_array(p.commodities, ',')) g
    group by 2, 3, 4, 5, 6;
    drop table case_squares_points_tmp;
    while z >= low loop
        select array_agg(a), array_agg(b) into xs, ys from (
            select distinct u.a >> 2 as a, u.b >> 2 as b from unnest(xs, ys) as u(a, b)) d;
        delete from case_square s using unnest(xs, ys) as k(a, b) where s.zoom = z and s.sx = k.a and s.sy = k.b;
        delete from case_square_group g using unnest(xs, ys) as k(a, b) where g.zoom = z and g.sx = k.a and g.sy = k.b;
        perform case_squares_roll_up(z, xs, ys);
        z := z - 2;
    end loop;
end $$;

-- The refresh of the cells (0016) had the same plan: the lateral cell boxes flattened into a join on the computed cell
-- index, so each refresh scanned all cases, and joined their specimen lines by a scan of all specimens to count the
-- commodity groups: ~3 s per refresh at a million cases, which every case tile request waited for (the invalidator
-- refreshes before it serves) whenever a case had changed. The cells of each changed position are now read through the
-- GiST index, and the groups counted from the case's stored summary (0018: each group of a case's specimens listed
-- once, so counting a group's occurrences counts its cases, as count(distinct case) over the lines did). The rebuild
-- and the cells are unchanged.
create or replace function case_cells_refresh(cell8 float8, xs float8[], ys float8[], upto bigint) returns void language plpgsql as $$
declare
    cxs integer[];
    cys integer[];
begin
    select array_agg(a), array_agg(b) into cxs, cys from (
        select distinct floor(x / cell8)::int as a, floor(y / cell8)::int as b from unnest(xs, ys) as t(x, y)) d;
    delete from case_cell c where c.zoom = 8 and (c.cx, c.cy) in (select * from unnest(cxs, cys));
    delete from case_cell_group g where g.zoom = 8 and (g.cx, g.cy) in (select * from unnest(cxs, cys));
    create temporary table case_cells_points_tmp on commit drop as
    select p.* from unnest(cxs, cys) as k(a, b),
         lateral (
             select floor(ST_X(q) / cell8)::int as cx, floor(ST_Y(q) / cell8)::int as cy, c.id, c.country, c.transboundary,
                    ST_X(q) as x, ST_Y(q) as y, c.quantity_kg::float8 as kg, c.commodities
             from seizure_case c, ST_Transform(c.geom, 3857) q
             where c.deleted_at is null
               and c.geom && ST_Transform(ST_MakeEnvelope(k.a * cell8, k.b * cell8, (k.a + 1) * cell8, (k.b + 1) * cell8, 3857), 4326)
               and floor(ST_X(q) / cell8)::int = k.a and floor(ST_Y(q) / cell8)::int = k.b
             offset 0) p;
    insert into case_cell (zoom, cx, cy, country, transboundary, cases, kg, sx, sy)
    select 8, p.cx, p.cy, p.country, p.transboundary, count(*), sum(p.kg), sum(p.x), sum(p.y)
    from case_cells_points_tmp p group by 2, 3, 4, 5;
    insert into case_cell_group (zoom, cx, cy, country, transboundary, grp, cases)
    select 8, p.cx, p.cy, p.country, p.transboundary, g, count(*)
    from case_cells_points_tmp p, unnest(string_to_array(p.commodities, ',')) g
    group by 2, 3, 4, 5, 6;
    for z in reverse 7..0 loop
        select array_agg(a), array_agg(b) into cxs, cys from (
            select distinct floor(u.a / 2.0)::int as a, floor(u.b / 2.0)::int as b from unnest(cxs, cys) as u(a, b)) d;
        delete from case_cell c where c.zoom = z and (c.cx, c.cy) in (select * from unnest(cxs, cys));
        delete from case_cell_group g where g.zoom = z and (g.cx, g.cy) in (select * from unnest(cxs, cys));
        perform case_cells_roll_up(z, cxs, cys);
    end loop;
    update case_cell_state set queue_id = greatest(coalesce(queue_id, 0), upto);
end $$;

-- A database that already had cases has its cells marked current but no squares yet: mark the cells stale, so that the
-- web server's tile invalidation rebuilds cells and squares together at its next start (CaseTileInvalidator).
update case_cell_state set queue_id = null;
