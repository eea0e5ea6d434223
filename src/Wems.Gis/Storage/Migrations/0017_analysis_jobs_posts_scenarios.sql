-- Analyses through the HTTP API, editable enforcement posts and border scenarios (MISSION.md "Analyses").
--
-- analysis_job: one row per requested analysis (POST /api/analyses/{kind}); a background worker runs it under the
-- requester's tier and links the stored analysis_run. Like analysis_run, a job carries the scope it was asked for
-- and row-level security shows it only to that scope (public jobs to everyone). The worker updates status and
-- progress on the owner's connection, so the tier roles only read and insert.
create table analysis_job (
    id           uuid primary key,
    kind         text not null check (kind in ('hotspots', 'density', 'emerging', 'corridors', 'border')),
    status       text not null default 'queued' check (status in ('queued', 'running', 'succeeded', 'failed')),
    progress     double precision not null default 0 check (progress between 0 and 1),
    parameters   jsonb not null,
    tier         text not null check (tier in ('national', 'regional', 'public')),
    country      char(2) references country,
    agency       text,
    region       text references region,
    run_id       bigint references analysis_run on delete set null,
    -- The run's summary (counts, data version) once it succeeded, or the reason it failed.
    summary      jsonb,
    error        text,
    created_by   text not null,
    created_at   timestamptz not null default now(),
    started_at   timestamptz,
    finished_at  timestamptz,
    check ((tier = 'national') = (country is not null and agency is not null)),
    check ((tier = 'regional') = (region is not null))
);
create index analysis_job_created_idx on analysis_job (created_at desc);
create index analysis_job_open_idx on analysis_job (status) where status in ('queued', 'running');

grant select, insert on analysis_job to wems_national, wems_regional;
grant select on analysis_job to wems_public;
alter table analysis_job enable row level security;
create policy national_read on analysis_job for select to wems_national
    using (tier = 'public' or (tier = 'national' and country = tier_setting('wems.country')));
create policy national_write on analysis_job for insert to wems_national
    with check (tier = 'national' and country = tier_setting('wems.country') and agency = tier_setting('wems.agency'));
create policy regional_read on analysis_job for select to wems_regional
    using (tier = 'public' or (tier = 'regional' and region = tier_setting('wems.region')));
create policy regional_write on analysis_job for insert to wems_regional
    with check (tier = 'regional' and region = tier_setting('wems.region'));
create policy public_read on analysis_job for select to wems_public
    using (tier = 'public');

-- Enforcement posts: the post set that border coverage uses. Filled from the curated border posts (site rows of
-- kind 'border-post', by sync_enforcement_posts) and edited by the analysts of the post's country. A deleted post
-- keeps its row (deleted_at), so that a later sync does not bring a curated post back.
create table enforcement_post (
    id           uuid primary key default gen_random_uuid(),
    country      char(2) not null references country,
    name         text not null check (length(name) between 1 and 200),
    geom         geometry(Point, 4326) not null,
    source_site  integer unique references site on delete set null,
    created_by   text not null,
    updated_at   timestamptz not null default now(),
    deleted_at   timestamptz
);
create index enforcement_post_geom_idx on enforcement_post using gist (geom);

grant select on enforcement_post to wems_national, wems_regional, wems_public;
grant insert, update on enforcement_post to wems_national;
alter table enforcement_post enable row level security;
-- Where the posts stand is no secret (they are signposted crossings and stations): every tier reads them.
create policy everyone_reads on enforcement_post for select using (true);
create policy national_insert on enforcement_post for insert to wems_national
    with check (country = tier_setting('wems.country'));
create policy national_update on enforcement_post for update to wems_national
    using (country = tier_setting('wems.country'))
    with check (country = tier_setting('wems.country'));

-- Copies curated border posts not yet in enforcement_post; returns how many it added. Runs as the owner, so a
-- tier role can call it before it reads the posts.
create function sync_enforcement_posts() returns integer language sql security definer set search_path = public as $$
    with added as (
        insert into enforcement_post (country, name, geom, source_site, created_by)
        select s.country, s.name, s.geom, s.id, 'reference'
        from site s
        where s.kind = 'border-post'
          and not exists (select 1 from enforcement_post p where p.source_site = s.id)
        returning 1)
    select count(*)::integer from added
$$;
revoke all on function sync_enforcement_posts() from public;
grant execute on function sync_enforcement_posts() to wems_national, wems_regional, wems_public;

-- Border scenarios: a planner's copy of the post set, edited freely and compared with the current posts.
create table border_scenario (
    id                   uuid primary key default gen_random_uuid(),
    name                 text not null check (length(name) between 1 and 200),
    tier                 text not null check (tier in ('national', 'regional')),
    country              char(2) references country,
    region               text references region,
    segment_km           double precision not null default 10 check (segment_km > 0),
    coverage_km          double precision not null default 20 check (coverage_km >= 0),
    near_km              double precision not null default 50 check (near_km >= 0),
    created_by           text not null,
    created_at           timestamptz not null default now(),
    check ((tier = 'national') = (country is not null)),
    check ((tier = 'regional') = (region is not null))
);

create table scenario_post (
    id           uuid primary key default gen_random_uuid(),
    scenario_id  uuid not null references border_scenario on delete cascade,
    -- The current post this one was copied from (null for a post added in the scenario).
    source_post  uuid references enforcement_post on delete set null,
    country      char(2) not null references country,
    name         text not null check (length(name) between 1 and 200),
    geom         geometry(Point, 4326) not null
);
create index scenario_post_scenario_idx on scenario_post (scenario_id);

grant select, insert, update, delete on border_scenario, scenario_post to wems_national, wems_regional;
alter table border_scenario enable row level security;
create policy national_own on border_scenario to wems_national
    using (tier = 'national' and country = tier_setting('wems.country'))
    with check (tier = 'national' and country = tier_setting('wems.country'));
create policy regional_own on border_scenario to wems_regional
    using (tier = 'regional' and region = tier_setting('wems.region'))
    with check (tier = 'regional' and region = tier_setting('wems.region'));
alter table scenario_post enable row level security;
create policy scenario_visible on scenario_post
    using (exists (select 1 from border_scenario s where s.id = scenario_id))
    with check (exists (select 1 from border_scenario s where s.id = scenario_id));

-- Public hotspot results: cells with fewer cases than the suppression threshold carry no count.
alter table hotspot_cell add column suppressed boolean not null default false;
