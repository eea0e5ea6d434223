-- The case record (Ecomessage-aligned): event, specimens, trade chain, outcome, sharing, nominal data.
create table agency (
    code     text primary key,
    name     text not null,
    -- null for a regional organisation (e.g. a task force), which records no cases.
    country  char(2) references country,
    kind     text not null
);

create table seizure_case (
    id                 uuid primary key,
    agency_code        text not null references agency,
    reference          text not null,
    event_date         date not null,
    event_time         time,
    country            char(2) not null references country,
    place_name         text,
    geom               geometry(Point, 4326) not null,
    location_precision text not null check (location_precision in ('exact', 'approximate', 'admin-area-centroid')),
    location_type      text not null references code_location_type,
    detecting_agency   text,
    reason             text references code_seizure_reason,
    detection_method   text references code_detection_method,
    status             text not null check (status in ('open', 'closed')),
    transport_mode     text references code_transport_mode,
    concealment        text references code_concealment,
    arrests            integer not null default 0 check (arrests >= 0),
    charges            text,
    law                text,
    court_outcome      text,
    sanctions          text,
    disposal           text references code_disposal,
    -- Sharing: the rule result is computed by the server (trade chain, location type, border distance);
    -- a national user may share a case the rule does not catch.
    shared_by_rule     boolean not null default false,
    shared_manually    boolean not null default false,
    transboundary      boolean generated always as (shared_by_rule or shared_manually) stored,
    iccwc_consent      boolean not null default false,
    version            integer not null default 1,
    created_at         timestamptz not null default now(),
    created_by         text not null,
    updated_at         timestamptz not null default now(),
    updated_by         text not null,
    deleted_at         timestamptz,
    unique (agency_code, reference)
);
create index seizure_case_geom_idx on seizure_case using gist (geom);
create index seizure_case_country_date_idx on seizure_case (country, event_date);
create index seizure_case_date_idx on seizure_case (event_date);

create table specimen (
    case_id          uuid not null references seizure_case on delete cascade,
    line_no          smallint not null check (line_no > 0),
    species_id       integer not null references species,
    term             text not null references code_cites_term,
    quantity         numeric(18, 3) not null check (quantity > 0),
    unit             text references code_cites_unit,
    estimated_value  numeric(18, 2) check (estimated_value >= 0),
    currency         char(3),
    primary key (case_id, line_no)
);
create index specimen_species_idx on specimen (species_id);

create table trade_chain (
    case_id   uuid not null references seizure_case on delete cascade,
    seq       smallint not null check (seq > 0),
    country   char(2) not null references country,
    role      text not null check (role in ('origin', 'export', 'transit', 'destination')),
    custody   boolean not null default false,
    intended  boolean not null default false,
    primary key (case_id, seq)
);
create index trade_chain_country_idx on trade_chain (country);

-- Nominal data: separate tables, so that the regional and public tiers can be given views and grants
-- that never touch them.
create table case_offender (
    case_id          uuid not null references seizure_case on delete cascade,
    seq              smallint not null,
    name             text not null,
    aliases          text[] not null default '{}',
    sex              text,
    birth_date       date,
    nationality      char(2),
    identity_numbers text[] not null default '{}',
    role             text,
    primary key (case_id, seq)
);

create table case_company (
    case_id             uuid not null references seizure_case on delete cascade,
    seq                 smallint not null,
    name                text not null,
    registration_number text,
    country             char(2),
    role                text,
    primary key (case_id, seq)
);

create table case_conveyance (
    case_id     uuid not null references seizure_case on delete cascade,
    seq         smallint not null,
    kind        text not null,
    identifier  text not null,
    description text,
    primary key (case_id, seq)
);

create table case_note (
    case_id           uuid not null references seizure_case on delete cascade,
    seq               smallint not null,
    text              text not null,
    informant_related boolean not null default false,
    primary key (case_id, seq)
);
