-- Indexes for reading cases as OGC API features page by page (keyset paging in id order) under the tiers'
-- row-level security, measured with EXPLAIN ANALYZE on 100,000 and 1,000,000 generated cases.
--
-- The national read policy compares (country)::text with the caller's setting: country is char(2), so the cast
-- keeps the existing (country, event_date) index out of reach, and every page, count and child-table policy check
-- scanned the whole table. An index on the same expression, with the id after it, lets PostgreSQL read one
-- country's live cases in id order: a page is a short index range, numberMatched an index-only count.
create index seizure_case_national_page_idx on seizure_case ((country::text), id) where deleted_at is null;

-- The regional read policy: shared live cases of the region's member countries, also in id order per country.
create index seizure_case_regional_page_idx on seizure_case (country, id) where transboundary and deleted_at is null;
