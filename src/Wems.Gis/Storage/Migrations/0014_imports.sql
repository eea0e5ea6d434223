-- Bulk imports of case files (CSV, XLSX, GeoJSON): one row per import, with the file itself so that an import
-- interrupted by a crash can be resumed from the database, its progress and its problem report.
--
-- The imported cases carry ids derived from the file hash, agency and case reference (ImportIds), so a resumed
-- import recognises the cases it stored before it died and skips them instead of storing them twice.
create table import_job (
    id               uuid primary key,
    file_sha256      text not null,
    file_name        text not null,
    format           text not null check (format in ('csv', 'xlsx', 'geojson')),
    content          bytea,
    agency_code      text not null references agency,
    country          char(2) not null references country,
    mode             text not null check (mode in ('all-or-nothing', 'per-case')),
    dry_run          boolean not null,
    status           text not null check (status in ('queued', 'running', 'completed', 'failed')),
    phase            text not null default 'queued',
    rows_total       integer not null default 0,
    rows_processed   integer not null default 0,
    cases_total      integer not null default 0,
    cases_stored     integer not null default 0,
    cases_skipped    integer not null default 0,
    cases_failed     integer not null default 0,
    errors           integer not null default 0,
    warnings         integer not null default 0,
    problems         jsonb not null default '[]',
    message          text,
    created_by       text not null,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now(),
    finished_at      timestamptz
);
comment on table import_job is 'Bulk imports of case files: status, progress and problem report (see docs/import.md).';
-- One unfinished real import per file and agency: a second upload of the same file resumes it.
create unique index import_job_unfinished_idx on import_job (agency_code, file_sha256, mode)
    where not dry_run and status in ('queued', 'running');
create index import_job_agency_idx on import_job (agency_code, created_at);
