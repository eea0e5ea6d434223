-- Precise invalidation of cached case tiles. Every write to a case (or to its specimens, which give a case tile its
-- commodities and kilograms) queues the case's old and new position here, in the same transaction; the web server
-- reads the queue (Wems.Web.Tiles.CaseTileInvalidator) and evicts exactly the cached tiles that contain one of
-- those points, at every zoom, in every tier and filter variant. A statement that changes more than
-- tile_invalidation_bulk_limit() rows (a bulk load) queues one row with a null position instead: drop every case tile.

create table tile_invalidation (
    id         bigserial primary key,
    layer      text not null default 'cases',
    geom       geometry(Point, 4326),          -- null: the whole layer changed
    queued_at  timestamptz not null default now()
);

comment on table tile_invalidation is
    'Positions whose case tiles changed, read by the web servers to evict cached tiles; null geom = the whole layer.';

create function tile_invalidation_bulk_limit() returns integer language sql immutable as 'select 1000';

-- Statement-level, with transition tables, so that a bulk insert costs one trigger call. Security definer: the tier
-- roles write cases but have no grant on the queue.
create function tile_invalidation_queue_cases() returns trigger language plpgsql
    security definer set search_path = public, pg_temp as $$
declare
    changed integer;
begin
    if tg_op = 'INSERT' then
        select count(*) into changed from new_rows;
    elsif tg_op = 'DELETE' then
        select count(*) into changed from old_rows;
    else
        select count(*) into changed from new_rows;
    end if;

    if changed > tile_invalidation_bulk_limit() then
        insert into tile_invalidation (geom) values (null);
    elsif tg_op = 'INSERT' then
        insert into tile_invalidation (geom) select distinct n.geom from new_rows n;
    elsif tg_op = 'DELETE' then
        insert into tile_invalidation (geom) select distinct o.geom from old_rows o;
    else
        insert into tile_invalidation (geom)
        select o.geom from old_rows o union select n.geom from new_rows n;
    end if;
    return null;
end $$;

create function tile_invalidation_queue_parts() returns trigger language plpgsql
    security definer set search_path = public, pg_temp as $$
declare
    changed integer;
begin
    if tg_op = 'DELETE' then
        select count(distinct o.case_id) into changed from old_rows o;
    else
        select count(distinct n.case_id) into changed from new_rows n;
    end if;

    if changed > tile_invalidation_bulk_limit() then
        insert into tile_invalidation (geom) values (null);
    elsif tg_op = 'DELETE' then
        insert into tile_invalidation (geom)
        select distinct c.geom from seizure_case c where c.id in (select o.case_id from old_rows o);
    else
        insert into tile_invalidation (geom)
        select distinct c.geom from seizure_case c where c.id in (select n.case_id from new_rows n);
    end if;
    return null;
end $$;

create trigger seizure_case_tiles_insert after insert on seizure_case referencing new table as new_rows
    for each statement execute function tile_invalidation_queue_cases();
create trigger seizure_case_tiles_update after update on seizure_case referencing old table as old_rows new table as new_rows
    for each statement execute function tile_invalidation_queue_cases();
create trigger seizure_case_tiles_delete after delete on seizure_case referencing old table as old_rows
    for each statement execute function tile_invalidation_queue_cases();
create trigger specimen_tiles_insert after insert on specimen referencing new table as new_rows
    for each statement execute function tile_invalidation_queue_parts();
create trigger specimen_tiles_update after update on specimen referencing old table as old_rows new table as new_rows
    for each statement execute function tile_invalidation_queue_parts();
create trigger specimen_tiles_delete after delete on specimen referencing old table as old_rows
    for each statement execute function tile_invalidation_queue_parts();

-- Natural Earth rings that cross the antimeridian come out of the TopoJSON conversion unwrapped: Fiji's main island,
-- two Russian parts and one of Antarctica span -180..180, which draws a thin band round the whole world (the
-- horizontal "seam" at 16°S on the map). Tiles draw countries through this function: a part wider than 180° whose
-- longitudes shifted to 0..360 are narrower than 180° is shifted and cut at 180° again (ST_WrapX), so it lies on both
-- sides of the antimeridian as it should. Countries without such a part are returned as they are.
create function tile_fix_antimeridian(g geometry) returns geometry language sql immutable parallel safe as $$
    select case when ST_XMax(g) - ST_XMin(g) <= 180 then g else (
        select ST_Multi(ST_CollectionExtract(ST_Collect(
                   case when ST_XMax(d.geom) - ST_XMin(d.geom) > 180
                             and ST_XMax(ST_ShiftLongitude(d.geom)) - ST_XMin(ST_ShiftLongitude(d.geom)) < 180
                        then ST_WrapX(ST_ShiftLongitude(d.geom), 180, -360)
                        else d.geom end), 3))
        from ST_Dump(g) d) end
$$;

-- Pre-aggregated case cells for the low-zoom case tiles (zooms 0-8, see Wems.Gis.Tiles.CaseTileLayers): per cell
-- of 32 screen pixels in EPSG:3857 (cell index = floor(x / cell size of the zoom), cells anchored at the projection
-- origin, so each cell is the union of 2 x 2 cells of the next zoom), per country and sharing flag (the two
-- dimensions the tier policies look at): cases, kilograms and the sums of the points' coordinates (for the centroid);
-- and per commodity group the number of cases with that group. Zoom 8 is counted from the cases, zooms 7..0 are
-- summed from the zoom below (case_cells_rebuild, case_cells_refresh). The web server keeps them current from the
-- tile_invalidation queue (Wems.Web.Tiles.CaseTileInvalidator) before it evicts the cached tiles.
create table case_cell (
    zoom          smallint not null,
    cx            integer not null,
    cy            integer not null,
    country       char(2) not null,
    transboundary boolean not null,
    cases         integer not null,
    kg            float8,
    sx            float8 not null,
    sy            float8 not null,
    primary key (zoom, cx, cy, country, transboundary)
);

create table case_cell_group (
    zoom          smallint not null,
    cx            integer not null,
    cy            integer not null,
    country       char(2) not null,
    transboundary boolean not null,
    grp           text not null,
    cases         integer not null,
    primary key (zoom, cx, cy, country, transboundary, grp)
);

-- The queue id up to which the cells are current; null until first built.
create table case_cell_state (
    only_row  boolean primary key default true check (only_row),
    queue_id  bigint
);
insert into case_cell_state (queue_id) values (null);

grant select on case_cell, case_cell_group to wems_national, wems_regional;
alter table case_cell enable row level security;
alter table case_cell_group enable row level security;
create policy national_read on case_cell for select to wems_national using (country = tier_setting('wems.country'));
create policy national_read on case_cell_group for select to wems_national using (country = tier_setting('wems.country'));
create policy regional_read on case_cell for select to wems_regional
    using (transboundary and country in (select m.country from region_member m where m.region_code = tier_setting('wems.region')));
create policy regional_read on case_cell_group for select to wems_regional
    using (transboundary and country in (select m.country from region_member m where m.region_code = tier_setting('wems.region')));

-- Cases of a zoom-8 cell selection as (cell, country, flag, point, kilograms); cell8 is the zoom-8 cell size in metres.
create function case_cells_points(cell8 float8, box geometry) returns table (
    cx integer, cy integer, id uuid, country char(2), transboundary boolean, x float8, y float8, kg float8)
language sql stable as $$
    select floor(ST_X(p) / cell8)::int, floor(ST_Y(p) / cell8)::int, c.id, c.country, c.transboundary, ST_X(p), ST_Y(p),
           (select sum(case s.unit when 'KIL' then s.quantity when 'GRM' then s.quantity / 1000 end)::float8
            from specimen s where s.case_id = c.id)
    from seizure_case c, ST_Transform(c.geom, 3857) p
    where c.deleted_at is null and (box is null or c.geom && box)
$$;

-- Sums zoom z + 1 into zoom z for the zoom-z cells (cx, cy) given (all when null).
create function case_cells_roll_up(z integer, xs integer[], ys integer[]) returns void language sql as $$
    insert into case_cell (zoom, cx, cy, country, transboundary, cases, kg, sx, sy)
    select z, floor(c.cx / 2.0)::int, floor(c.cy / 2.0)::int, c.country, c.transboundary, sum(c.cases), sum(c.kg), sum(c.sx), sum(c.sy)
    from case_cell c
    where c.zoom = z + 1
      and (xs is null or (floor(c.cx / 2.0)::int, floor(c.cy / 2.0)::int) in (select * from unnest(xs, ys)))
    group by 2, 3, 4, 5;
    insert into case_cell_group (zoom, cx, cy, country, transboundary, grp, cases)
    select z, floor(g.cx / 2.0)::int, floor(g.cy / 2.0)::int, g.country, g.transboundary, g.grp, sum(g.cases)
    from case_cell_group g
    where g.zoom = z + 1
      and (xs is null or (floor(g.cx / 2.0)::int, floor(g.cy / 2.0)::int) in (select * from unnest(xs, ys)))
    group by 2, 3, 4, 5, 6;
$$;

-- Rebuilds every cell from the cases.
create function case_cells_rebuild(cell8 float8, upto bigint) returns void language plpgsql as $$
begin
    delete from case_cell;
    delete from case_cell_group;
    create temporary table case_cells_points_tmp on commit drop as select * from case_cells_points(cell8, null);
    insert into case_cell (zoom, cx, cy, country, transboundary, cases, kg, sx, sy)
    select 8, p.cx, p.cy, p.country, p.transboundary, count(*), sum(p.kg), sum(p.x), sum(p.y)
    from case_cells_points_tmp p group by 2, 3, 4, 5;
    insert into case_cell_group (zoom, cx, cy, country, transboundary, grp, cases)
    select 8, p.cx, p.cy, p.country, p.transboundary, s.commodity_group, count(distinct p.id)
    from case_cells_points_tmp p join specimen sp on sp.case_id = p.id join species s on s.id = sp.species_id
    group by 2, 3, 4, 5, 6;
    for z in reverse 7..0 loop
        perform case_cells_roll_up(z, null, null);
    end loop;
    update case_cell_state set queue_id = upto;
end $$;

-- Recomputes the cells that contain the given EPSG:3857 points, at every zoom; the rest stay as they are.
create function case_cells_refresh(cell8 float8, xs float8[], ys float8[], upto bigint) returns void language plpgsql as $$
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
         case_cells_points(cell8, ST_Transform(ST_MakeEnvelope(k.a * cell8, k.b * cell8, (k.a + 1) * cell8, (k.b + 1) * cell8, 3857), 4326)) p
    where p.cx = k.a and p.cy = k.b;
    insert into case_cell (zoom, cx, cy, country, transboundary, cases, kg, sx, sy)
    select 8, p.cx, p.cy, p.country, p.transboundary, count(*), sum(p.kg), sum(p.x), sum(p.y)
    from case_cells_points_tmp p group by 2, 3, 4, 5;
    insert into case_cell_group (zoom, cx, cy, country, transboundary, grp, cases)
    select 8, p.cx, p.cy, p.country, p.transboundary, s.commodity_group, count(distinct p.id)
    from case_cells_points_tmp p join specimen sp on sp.case_id = p.id join species s on s.id = sp.species_id
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

-- Under row-level security PostgreSQL only uses an index condition before the policy's condition when the operator's
-- function is LEAKPROOF; PostGIS does not mark its bounding-box operator so, which turned every tile and bbox query of
-- a tier role into a sequential scan of seizure_case (a second per tile at 100,000 cases). geometry_overlaps (&&) only
-- compares two boxes; the one error it can raise (mixed SRIDs) names the SRIDs, not row data, and WEMS stores every
-- geometry in EPSG:4326. Marking a function LEAKPROOF needs a superuser: without one the migration leaves it as it is.
do $$
begin
    if (select rolsuper from pg_roles where rolname = current_user) then
        alter function geometry_overlaps(geometry, geometry) leakproof;
    else
        raise notice 'not a superuser: geometry_overlaps left without LEAKPROOF, tier-role tile queries will not use the GiST index';
    end if;
end $$;
