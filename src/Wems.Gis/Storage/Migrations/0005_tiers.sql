-- The three tiers, enforced by PostgreSQL itself (MISSION.md "Three tiers"): whatever SQL the server runs
-- for a caller, it runs under the caller's tier role, so a query that forgets a filter still cannot see
-- another country's cases, and the regional and public roles cannot read a nominal table at all.
--
-- The server connects as its login role and, in each transaction, does SET LOCAL ROLE to one of these
-- roles and sets wems.country / wems.agency / wems.region (see TierSession). Roles are cluster-wide, so they
-- are created only when missing.
-- Another database of the cluster may be creating them at the same moment, hence the exception handler.
do $$
declare r text;
begin
    foreach r in array array['wems_national', 'wems_regional', 'wems_public']
    loop
        begin
            execute format('create role %I nologin', r);
        exception when duplicate_object or unique_violation then
            null;
        end;
    end loop;
end $$;
grant wems_national, wems_regional, wems_public to current_user;

-- Regions (e.g. the Lusaka Agreement Task Force) and their member countries.
create table region (
    code text primary key,
    name text not null
);
create table region_member (
    region_code text not null references region on delete cascade,
    country     char(2) not null references country,
    primary key (region_code, country)
);
alter table agency add column region_code text references region;

-- Reference data is public knowledge.
grant usage on schema public to wems_national, wems_regional, wems_public;
grant select on country, border, site, species, agency, region, region_member,
    code_cites_term, code_cites_unit, code_cites_source, code_cites_purpose, code_location_type,
    code_detection_method, code_transport_mode, code_seizure_reason, code_disposal, code_concealment,
    code_cites_term_unit to wems_national, wems_regional, wems_public;

-- National: the caller's own country, nominal data included; writes only to the caller's agency's cases.
grant select, insert, update, delete on seizure_case, specimen, trade_chain,
    case_offender, case_company, case_conveyance, case_note to wems_national;

-- Regional: the shared cases of the region's member countries; no grant at all on nominal tables.
grant select on seizure_case, specimen, trade_chain to wems_regional;

-- Public: nothing at case level; aggregates come through views below.

create function tier_setting(name text) returns text language sql stable as $$
    select nullif(current_setting(name, true), '')
$$;

alter table seizure_case enable row level security;
create policy national_read on seizure_case for select to wems_national
    using (country = tier_setting('wems.country'));
create policy national_write on seizure_case for insert to wems_national
    with check (country = tier_setting('wems.country') and agency_code = tier_setting('wems.agency'));
create policy national_update on seizure_case for update to wems_national
    using (country = tier_setting('wems.country') and agency_code = tier_setting('wems.agency'))
    with check (country = tier_setting('wems.country') and agency_code = tier_setting('wems.agency'));
create policy national_delete on seizure_case for delete to wems_national
    using (country = tier_setting('wems.country') and agency_code = tier_setting('wems.agency'));
create policy regional_read on seizure_case for select to wems_regional
    using (transboundary and deleted_at is null
           and country in (select m.country from region_member m where m.region_code = tier_setting('wems.region')));

-- A case's parts follow the case: visible and writable exactly when the case is (the subquery on
-- seizure_case is itself filtered by the policies above).
do $$
declare t text;
begin
    foreach t in array array['specimen', 'trade_chain', 'case_offender', 'case_company', 'case_conveyance', 'case_note']
    loop
        execute format('alter table %I enable row level security', t);
        execute format('create policy case_visible on %I for select using (exists (select 1 from seizure_case c where c.id = case_id))', t);
        execute format('create policy case_writable on %I for all to wems_national '
                       'using (exists (select 1 from seizure_case c where c.id = case_id and c.agency_code = tier_setting(''wems.agency''))) '
                       'with check (exists (select 1 from seizure_case c where c.id = case_id and c.agency_code = tier_setting(''wems.agency'')))', t);
    end loop;
end $$;

-- The audit trail is append-only for every tier role: the triggers write it with their owner's rights.
alter function audit_inserted() security definer set search_path = public, pg_temp;
alter function audit_deleted() security definer set search_path = public, pg_temp;
alter function audit_updated() security definer set search_path = public, pg_temp;
revoke all on audit_log from public;

-- Public statistics: counts and kilograms by country, year and commodity group, with small counts
-- suppressed (threshold wems.public_min_count, default 3) and no open case younger than a year.
create view public_case_stats with (security_barrier) as
select c.country,
       extract(year from c.event_date)::int as year,
       s.commodity_group,
       count(distinct c.id) as cases,
       round(sum(case when p.unit = 'KIL' then p.quantity when p.unit = 'GRM' then p.quantity / 1000 else 0 end), 1) as kilograms
from seizure_case c
join specimen p on p.case_id = c.id
join species s on s.id = p.species_id
where c.deleted_at is null
  and (c.status = 'closed' or c.event_date < current_date - 365)
group by 1, 2, 3
having count(distinct c.id) >= coalesce(tier_setting('wems.public_min_count')::int, 3);
grant select on public_case_stats to wems_public, wems_regional, wems_national;
