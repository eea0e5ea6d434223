-- OGC bbox pages of a national user read the box's cases from the index alone.
--
-- A bbox page in id order has to look at every case in the box to find the first 1,000 ids (GiST gives no id order),
-- and numberMatched counts them all. With the (country, geom) GiST index of 0018 each of those cases was a heap
-- visit: a 1° box over Dar es Salaam holds ~35,000 of Tanzania's cases spread over ~26,000 heap pages (uuid ids, load
-- order), so its page cost 100-350 ms and its count another 50 ms at 1,000,000 cases (EXPLAIN (ANALYZE, BUFFERS)
-- under the national role, docs/benchmarks.md). The same index with the columns the page's id scan needs
-- (country for the national read policy, geom for the box, id for the order, event_date for a datetime filter)
-- stored in its leaf entries answers that scan index-only: ~1,900 index pages, ~20 ms. PostgreSQL only scans a GiST
-- index-only when every column the query's conditions use can be returned: neither the (country)::text expression
-- key nor the geometry's box key can, so country and geom are included once more as plain values.
--
-- The index keeps its name and its use by the tiles (bitmap scans on the same keys); it is about 2.3x larger
-- (134 MB instead of 57 MB at 1,000,000 cases).
drop index if exists seizure_case_national_geom_idx;
create index if not exists seizure_case_national_geom_idx on seizure_case using gist ((country::text), geom)
    include (country, geom, id, event_date) where deleted_at is null;
