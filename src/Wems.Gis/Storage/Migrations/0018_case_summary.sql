-- A per-case summary of the specimen lines, stored on the case row, for the case tiles and the OGC cases collection.
--
-- Both used to compute, for every case they returned, the commodity groups, species and kilograms with subqueries
-- on specimen; under a tier role each specimen row also runs its row-level security check (an EXISTS on
-- seizure_case), so a zoom-12 tile over an airport with thousands of cases cost a second and a half at 1,000,000
-- cases, and a 1,000-feature OGC page spent most of its time there. The summary is derived data: it is computed
-- by case_summary() from the specimen lines and kept current by the statement triggers below, in the same
-- transaction as the specimen write. Being columns of seizure_case, it is exactly as visible as the case itself:
-- the tiers' policies are unchanged.
--
-- The bulk loader (CaseBulkLoader) writes the summary with the case row, from the same specimens and with the same
-- rules (groups and names distinct, sorted in byte order, comma-joined; kilograms = KIL lines + GRM lines / 1000,
-- null when no line is in KIL or GRM; trailing zeros trimmed), so its COPY statements are skipped here: updating the case rows of a bulk
-- load would rewrite them behind their bulk audit digest.

alter table seizure_case
    add column commodities   text,      -- commodity groups of the specimen lines, e.g. 'ivory,pangolin'
    add column species_names text,      -- scientific names of the specimen lines, comma-joined
    add column quantity_kg   numeric;   -- kilograms of the lines given in KIL or GRM

comment on column seizure_case.commodities is 'Derived from specimen (trigger case_summary_refresh): commodity groups, sorted, comma-joined.';
comment on column seizure_case.species_names is 'Derived from specimen (trigger case_summary_refresh): scientific names, sorted, comma-joined.';
comment on column seizure_case.quantity_kg is 'Derived from specimen (trigger case_summary_refresh): kg of the KIL and GRM lines.';

-- The summary of the cases ids, from their specimen lines (a case without lines gets nulls).
create function case_summary(ids uuid[]) returns table (case_id uuid, commodities text, species_names text, quantity_kg numeric)
language sql stable as $$
    select k.id,
           string_agg(distinct s.commodity_group collate "C", ',' order by s.commodity_group collate "C"),
           string_agg(distinct s.scientific_name collate "C", ',' order by s.scientific_name collate "C"),
           trim_scale(sum(case p.unit when 'KIL' then p.quantity when 'GRM' then p.quantity / 1000 end))
    from unnest(ids) as k(id)
    left join specimen p on p.case_id = k.id
    left join species s on s.id = p.species_id
    group by k.id
$$;

-- Writes the summary of the cases ids where it differs from the stored one (so an unchanged summary costs no write).
create function case_summary_apply(ids uuid[]) returns void language sql as $$
    update seizure_case c
    set commodities = x.commodities, species_names = x.species_names, quantity_kg = x.quantity_kg
    from case_summary(ids) x
    where c.id = x.case_id
      and (c.commodities, c.species_names, c.quantity_kg) is distinct from (x.commodities, x.species_names, x.quantity_kg)
$$;

-- Security definer: a national user's specimen write must update the derived columns of the case it belongs to (the
-- case_writable policy already checked that the user may write that case).
create function case_summary_refresh() returns trigger language plpgsql
    security definer set search_path = public, pg_temp as $$
begin
    if tg_op = 'INSERT' then
        -- Rows of a bulk load carry their audit batch (checked by audit_inserted); the loader filled their summary.
        if not exists (select 1 from new_rows n where n.audit_batch is null) then
            return null;
        end if;
        perform case_summary_apply(array(select distinct n.case_id from new_rows n));
    elsif tg_op = 'DELETE' then
        perform case_summary_apply(array(select distinct o.case_id from old_rows o));
    else
        perform case_summary_apply(array(select o.case_id from old_rows o union select n.case_id from new_rows n));
    end if;
    return null;
end $$;

create trigger specimen_summary_insert after insert on specimen referencing new table as new_rows
    for each statement execute function case_summary_refresh();
create trigger specimen_summary_update after update on specimen referencing old table as old_rows new table as new_rows
    for each statement execute function case_summary_refresh();
create trigger specimen_summary_delete after delete on specimen referencing old table as old_rows
    for each statement execute function case_summary_refresh();

-- Species are few and curated; a change of a species' group or name changes the summary of its cases.
create function case_summary_species() returns trigger language plpgsql
    security definer set search_path = public, pg_temp as $$
begin
    perform case_summary_apply(array(select distinct p.case_id from specimen p where p.species_id = new.id));
    return null;
end $$;

create trigger species_summary_update after update of commodity_group, scientific_name on species
    for each row execute function case_summary_species();

-- Fill the summary of the cases already stored. Derived data, like an index: the per-row audit trigger is off for
-- this one statement (it would write one UPDATE entry per existing case), and bulk audit digests cover only the
-- columns their entry lists, which do not include these.
alter table seizure_case disable trigger seizure_case_audit_update;
update seizure_case c
set commodities = x.commodities, species_names = x.species_names, quantity_kg = x.quantity_kg
from (
    select p.case_id,
           string_agg(distinct s.commodity_group collate "C", ',' order by s.commodity_group collate "C") as commodities,
           string_agg(distinct s.scientific_name collate "C", ',' order by s.scientific_name collate "C") as species_names,
           trim_scale(sum(case p.unit when 'KIL' then p.quantity when 'GRM' then p.quantity / 1000 end)) as quantity_kg
    from specimen p join species s on s.id = p.species_id
    group by p.case_id
) x
where c.id = x.case_id;
alter table seizure_case enable trigger seizure_case_audit_update;


-- The pre-aggregated case cells (0016) read the kilograms from the summary too.
create or replace function case_cells_points(cell8 float8, box geometry) returns table (
    cx integer, cy integer, id uuid, country char(2), transboundary boolean, x float8, y float8, kg float8)
language sql stable as $$
    select floor(ST_X(p) / cell8)::int, floor(ST_Y(p) / cell8)::int, c.id, c.country, c.transboundary, ST_X(p), ST_Y(p),
           c.quantity_kg::float8
    from seizure_case c, ST_Transform(c.geom, 3857) p
    where c.deleted_at is null and (box is null or c.geom && box)
$$;

-- Case tiles and bounding-box reads of a national user: the national read policy (country = the caller's) and the box
-- were answered by two bitmap index scans ANDed together, the country one reading the whole country's cases (a fifth
-- of a million at 1,000,000 cases: ~30 ms of every tile, however few cases it held). One GiST index on both answers
-- the pair with one scan. btree_gist (a trusted contrib extension) gives GiST its text equality.
create extension if not exists btree_gist;
create index seizure_case_national_geom_idx on seizure_case using gist ((country::text), geom) where deleted_at is null;
