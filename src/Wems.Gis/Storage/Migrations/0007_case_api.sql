-- The case API: idempotent create. A client retries a create with the same case reference (unique per
-- agency already); the server must tell "the same request again" from "another case under a reference
-- already in use". The fingerprint of the create request is kept with the case for that comparison.
-- Null for cases that did not come through the API (bulk loads, demo data): a create that reuses their
-- reference is always a conflict.
alter table seizure_case add column request_hash text;
comment on column seizure_case.request_hash is
    'SHA-256 (hex) of the create request that made the case, for idempotent retries of POST /api/cases.';
