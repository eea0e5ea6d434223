-- More analysis results as layers (MISSION.md "Analyses"): trade-route corridors and country roles, kernel
-- density contours and emerging hot spots. Same pattern as 0008: each result row points at an analysis_run,
-- and a row is visible (and insertable) exactly when its run is visible to the caller's tier.
--
-- The new kinds are allowed in analysis_run's kind check. The check is replaced as a whole, so it lists every
-- kind known when this migration was written; a later migration that adds a kind must list these too.
alter table analysis_run drop constraint analysis_run_kind_check;
alter table analysis_run add constraint analysis_run_kind_check
    check (kind in ('hotspots', 'border-coverage', 'corridors', 'density', 'emerging-hotspots'));

-- Trade-route corridors: one row per directed country pair (and period / commodity group when the run splits by
-- them), drawn as a bent great-circle arc between the countries' representative points (ST_PointOnSurface).
create table corridor_flow (
    run_id           bigint not null references analysis_run on delete cascade,
    seq              integer not null,
    from_iso2        char(2) not null references country,
    to_iso2          char(2) not null references country,
    period_start     date,
    commodity_group  text,
    cases            integer not null check (cases >= 0),
    travelled_cases  integer not null check (travelled_cases >= 0),
    intended_cases   integer not null check (intended_cases >= 0),
    kg               double precision not null,
    specimens        double precision not null,
    value_usd        double precision not null,
    distance_km      double precision not null check (distance_km >= 0),
    geom             geometry(MultiLineString, 4326) not null,
    primary key (run_id, seq)
);
create index corridor_flow_geom_idx on corridor_flow using gist (geom);

-- Country roles of the same corridors run: ETIS role counts and network measures, at the country's
-- representative point.
create table country_role (
    run_id              bigint not null references analysis_run on delete cascade,
    iso2                char(2) not null references country,
    origin              integer not null check (origin >= 0),
    export              integer not null check (export >= 0),
    transit             integer not null check (transit >= 0),
    destination         integer not null check (destination >= 0),
    seizures_in         integer not null check (seizures_in >= 0),
    seizures_out        integer not null check (seizures_out >= 0),
    in_degree           integer not null check (in_degree >= 0),
    out_degree          integer not null check (out_degree >= 0),
    weighted_in_degree  double precision not null,
    weighted_out_degree double precision not null,
    betweenness         double precision not null,
    geom                geometry(Point, 4326) not null,
    primary key (run_id, iso2)
);
create index country_role_geom_idx on country_role using gist (geom);

-- Kernel density contours: one row per level, the region where the density is at or above it.
create table density_contour (
    run_id       bigint not null references analysis_run on delete cascade,
    level_no     smallint not null check (level_no > 0),
    probability  double precision not null check (probability between 0 and 1),
    -- Cases per km² (quartic kernel, computed in an equal-area projection).
    level        double precision not null,
    area_km2     double precision not null check (area_km2 >= 0),
    geom         geometry(MultiPolygon, 4326) not null,
    primary key (run_id, level_no)
);
create index density_contour_geom_idx on density_contour using gist (geom);

-- Emerging hot spots: one row per hexagon of the space-time cube, with its pattern and the Mann-Kendall
-- trend of its Gi* z-scores over the time steps.
create table emerging_hotspot_cell (
    run_id        bigint not null references analysis_run on delete cascade,
    q             integer not null,
    r             integer not null,
    geom          geometry(Polygon, 4326) not null,
    cases         integer not null check (cases >= 0),
    steps         integer not null check (steps > 0),
    hot_steps     integer not null check (hot_steps >= 0),
    cold_steps    integer not null check (cold_steps >= 0),
    pattern       smallint not null check (pattern between -8 and 8),
    pattern_name  text not null,
    trend_z       double precision not null,
    trend_p       double precision not null,
    sen_slope     double precision not null,
    primary key (run_id, q, r)
);
create index emerging_hotspot_cell_geom_idx on emerging_hotspot_cell using gist (geom);

grant select, insert on corridor_flow, country_role, density_contour, emerging_hotspot_cell to wems_national, wems_regional;
grant select on corridor_flow, country_role, density_contour, emerging_hotspot_cell to wems_public;

do $$
declare t text;
begin
    foreach t in array array['corridor_flow', 'country_role', 'density_contour', 'emerging_hotspot_cell']
    loop
        execute format('alter table %I enable row level security', t);
        execute format('create policy run_visible on %I for select using (exists (select 1 from analysis_run r where r.id = run_id))', t);
        execute format('create policy run_writable on %I for insert to wems_national, wems_regional '
                       'with check (exists (select 1 from analysis_run r where r.id = run_id))', t);
    end loop;
end $$;
