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
