-- Analysis results as layers (MISSION.md "Analyses"): each run of an analysis is stored with its parameters,
-- the version of the data it read and the tier scope it was computed for, and its result rows point at it.
--
-- A result derived from national data is national data: a run carries the scope of the caller that computed
-- it (a country, a region, or public) and row-level security shows it, and its rows, only to that scope.
-- Runs are written under the caller's tier role too, so a national caller can only ever store runs for its
-- own country and a regional one for its own region.
create table analysis_run (
    id              bigint generated always as identity primary key,
    kind            text not null check (kind in ('hotspots', 'border-coverage')),
    parameters      jsonb not null,
    tier            text not null check (tier in ('national', 'regional', 'public')),
    country         char(2) references country,
    region          text references region,
    -- What the run read: the number of input cases, the newest change among them and a SHA-256 over their
    -- ids and versions (sorted), so two runs over the same data carry the same version.
    input_cases     integer not null check (input_cases >= 0),
    input_updated_at timestamptz,
    data_version    text not null,
    created_at      timestamptz not null default now(),
    created_by      text not null,
    -- Time to read the inputs and compute, milliseconds (storing the result rows comes after).
    duration_ms     integer not null check (duration_ms >= 0),
    check ((tier = 'national') = (country is not null)),
    check ((tier = 'regional') = (region is not null))
);
create index analysis_run_kind_idx on analysis_run (kind, id desc);

-- Detection hotspots: one row per equal-area hexagon of the run (empty cells included, as Gi* saw them).
create table hotspot_cell (
    run_id   bigint not null references analysis_run on delete cascade,
    q        integer not null,
    r        integer not null,
    geom     geometry(Polygon, 4326) not null,
    count    integer not null check (count >= 0),
    weight   double precision not null,
    -- Gi* z and p are null where undefined (fewer than three cells, all values equal, ...).
    z        double precision,
    p        double precision,
    p_fdr    double precision,
    bin      smallint not null check (bin between -3 and 3),
    bin_fdr  smallint not null check (bin_fdr between -3 and 3),
    primary key (run_id, q, r)
);
create index hotspot_cell_geom_idx on hotspot_cell using gist (geom);

-- Border coverage: one row per border segment of the run.
create table border_segment_coverage (
    run_id             bigint not null references analysis_run on delete cascade,
    segment_id         text not null,
    iso2_a             char(2) not null references country,
    iso2_b             char(2) not null references country,
    part               integer not null,
    chainage_from_km   double precision not null,
    chainage_to_km     double precision not null,
    length_km          double precision not null check (length_km >= 0),
    covered_km         double precision not null check (covered_km >= 0),
    coverage_pct       double precision not null check (coverage_pct between 0 and 100.0001),
    seizures           integer not null check (seizures >= 0),
    seizures_per_100km double precision not null,
    covering_posts     text not null,
    geom               geometry(LineString, 4326) not null,
    primary key (run_id, segment_id)
);
create index border_segment_coverage_geom_idx on border_segment_coverage using gist (geom);

-- The uncovered stretches of each border part (joined across segments), longest first within a run.
create table border_coverage_gap (
    run_id      bigint not null references analysis_run on delete cascade,
    seq         integer not null,
    iso2_a      char(2) not null references country,
    iso2_b      char(2) not null references country,
    part        integer not null,
    from_km     double precision not null,
    to_km       double precision not null,
    length_km   double precision not null check (length_km >= 0),
    seizures    integer not null check (seizures >= 0),
    geom        geometry(LineString, 4326) not null,
    primary key (run_id, seq)
);
create index border_coverage_gap_geom_idx on border_coverage_gap using gist (geom);

grant select, insert on analysis_run, hotspot_cell, border_segment_coverage, border_coverage_gap
    to wems_national, wems_regional;
grant select on analysis_run, hotspot_cell, border_segment_coverage, border_coverage_gap to wems_public;

alter table analysis_run enable row level security;
create policy national_read on analysis_run for select to wems_national
    using (tier = 'public' or (tier = 'national' and country = tier_setting('wems.country')));
create policy national_write on analysis_run for insert to wems_national
    with check (tier = 'national' and country = tier_setting('wems.country'));
create policy regional_read on analysis_run for select to wems_regional
    using (tier = 'public' or (tier = 'regional' and region = tier_setting('wems.region')));
create policy regional_write on analysis_run for insert to wems_regional
    with check (tier = 'regional' and region = tier_setting('wems.region'));
create policy public_read on analysis_run for select to wems_public
    using (tier = 'public');

-- A run's rows follow the run: visible, and insertable, exactly when the run is visible (the subquery on
-- analysis_run is itself filtered by the policies above).
do $$
declare t text;
begin
    foreach t in array array['hotspot_cell', 'border_segment_coverage', 'border_coverage_gap']
    loop
        execute format('alter table %I enable row level security', t);
        execute format('create policy run_visible on %I for select using (exists (select 1 from analysis_run r where r.id = run_id))', t);
        execute format('create policy run_writable on %I for insert to wems_national, wems_regional '
                       'with check (exists (select 1 from analysis_run r where r.id = run_id))', t);
    end loop;
end $$;
