-- Personal access tokens, non-data audit entries (exports, administration, tokens) and the public layers.

-- The audit trail also records what is not a row change: an export of nominal data (EXPORT), an administrative
-- write (ADMIN: agencies, users, regions) and the creation or revocation of a personal access token (TOKEN). Such
-- an entry has no case; its details (endpoint, query, remote address, what changed) are in "after", so the hash
-- chain of migration 0009 covers them like any other row. (BULK-INSERT: the per-batch entries of migration 0011.)
alter table audit_log drop constraint audit_log_operation_check;
alter table audit_log add constraint audit_log_operation_check
    check (operation in ('INSERT', 'UPDATE', 'DELETE', 'BULK-INSERT', 'EXPORT', 'ADMIN', 'TOKEN'));

-- Long-lived personal access tokens: only the SHA-256 of the secret is stored (the secret is 256 random bits, so a
-- plain hash suffices); a token works until it expires or its owner revokes it, and never for a disabled user.
create table personal_access_token (
    id          bigint generated always as identity primary key,
    username    text not null references app_user on delete cascade,
    name        text not null check (length(name) between 1 and 100),
    token_hash  bytea not null unique check (length(token_hash) = 32),
    -- The first characters of the secret, so that a user can tell their tokens apart; not enough to guess it.
    prefix      text not null,
    created_at  timestamptz not null default now(),
    expires_at  timestamptz not null,
    revoked_at  timestamptz
);
create index personal_access_token_user_idx on personal_access_token (username);

-- What the public is shown, set by the server from its configuration (Public:MinCount) at start: one row.
create table public_setting (
    singleton  boolean primary key default true check (singleton),
    min_count  integer not null check (min_count >= 1)
);
insert into public_setting (min_count) values (3);
grant select on public_setting to wems_national, wems_regional, wems_public;

-- The suppression threshold: the transaction's own (wems.public_min_count) if set, else the configured one.
create function public_min_count() returns integer language sql stable as $$
    select coalesce(tier_setting('wems.public_min_count')::int, (select min_count from public_setting), 3)
$$;

-- The public statistics of 0005, now with the configured threshold.
create or replace view public_case_stats with (security_barrier) as
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
having count(distinct c.id) >= public_min_count();

-- Public hotspots: the cases the public statistics count, binned to hexagons of 25 km side in EPSG:3857 (the grid
-- of ST_HexagonGrid, anchored at the origin), with the cells of fewer cases than the threshold left out. A cell
-- carries its count, kilograms and hexagon only: no case id, no position finer than the cell, no date.
create view public_hex_cells with (security_barrier) as
with binned as (
    select c.id, h.i, h.j
    from seizure_case c
    cross join lateral (
        select g.i, g.j from ST_HexagonGrid(25000, ST_Expand(ST_Transform(c.geom, 3857), 1)) g
        where ST_Intersects(g.geom, ST_Transform(c.geom, 3857))
        order by g.i, g.j limit 1
    ) h
    where c.deleted_at is null and c.geom is not null
      and (c.status = 'closed' or c.event_date < current_date - 365)
      and ST_Y(c.geom) between -85 and 85
)
select b.i, b.j,
       count(*) as cases,
       coalesce(round((select sum(case when p.unit = 'KIL' then p.quantity when p.unit = 'GRM' then p.quantity / 1000 else 0 end)
                       from specimen p where p.case_id = any (array_agg(b.id))), 1), 0) as kilograms,
       ST_Transform(ST_SetSRID(ST_Hexagon(25000, b.i, b.j), 3857), 4326) as geom
from binned b
group by b.i, b.j
having count(*) >= public_min_count();
grant select on public_case_stats, public_hex_cells to wems_public, wems_regional, wems_national;
grant execute on function public_min_count() to wems_public, wems_regional, wems_national;
