-- Reference data: countries, borders, curated sites, species and the controlled vocabularies.
create extension if not exists postgis;

create table country (
    iso2        char(2) primary key,
    iso3        char(3) not null unique,
    numeric_code char(3) not null,
    name_en     text not null,
    name_fr     text not null,
    -- Natural Earth 10m for the region, 110m elsewhere; see data/README-countries.md.
    scale       text not null check (scale in ('10m', '50m', '110m')),
    geom        geometry(MultiPolygon, 4326) not null
);
create index country_geom_idx on country using gist (geom);

-- International land borders, one row per country pair (iso2_a < iso2_b), derived from shared arcs.
create table border (
    id        serial primary key,
    iso2_a    char(2) not null references country,
    iso2_b    char(2) not null references country,
    length_km double precision not null,
    geom      geometry(MultiLineString, 4326) not null,
    unique (iso2_a, iso2_b),
    check (iso2_a < iso2_b)
);
create index border_geom_idx on border using gist (geom);

create table site (
    id            serial primary key,
    kind          text not null check (kind in ('border-post', 'seaport', 'airport', 'protected-area', 'city')),
    name          text not null,
    country       char(2) not null references country,
    geom          geometry(Point, 4326) not null,
    radius_m      double precision check (radius_m > 0),
    approximate   boolean not null default false,
    code          text,
    neighbour     char(2) references country,
    population    integer,
    source        text not null,
    unique (kind, name, country)
);
create index site_geom_idx on site using gist (geom);

create table species (
    id              serial primary key,
    scientific_name text not null unique,
    common_name_en  text not null,
    common_name_fr  text not null,
    commodity_group text not null,
    cites_appendix  text not null check (cites_appendix ~ '^(I|II|III)(/(I|II|III))*$'),
    source          text not null
);

-- One table per vocabulary, all of the same shape, so each case column has a real foreign key.
create table code_cites_term       (code text primary key, label_en text not null, label_fr text not null, source text not null);
create table code_cites_unit       (code text primary key, label_en text not null, label_fr text not null, source text not null);
create table code_cites_source     (code text primary key, label_en text not null, label_fr text not null, source text not null);
create table code_cites_purpose    (code text primary key, label_en text not null, label_fr text not null, source text not null);
create table code_location_type    (code text primary key, label_en text not null, label_fr text not null, source text not null);
create table code_detection_method (code text primary key, label_en text not null, label_fr text not null, source text not null);
create table code_transport_mode   (code text primary key, label_en text not null, label_fr text not null, source text not null);
create table code_seizure_reason   (code text primary key, label_en text not null, label_fr text not null, source text not null);
create table code_disposal         (code text primary key, label_en text not null, label_fr text not null, source text not null);
create table code_concealment      (code text primary key, label_en text not null, label_fr text not null, source text not null);

-- Valid CITES term/unit pairs; a null unit (number of specimens) is stored as 'NO'.
create table code_cites_term_unit (
    term text not null references code_cites_term,
    unit text not null references code_cites_unit,
    primary key (term, unit)
);
