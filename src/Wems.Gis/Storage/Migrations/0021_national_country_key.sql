-- The national tier's (country, geom) GiST index on an integer country key instead of the country text.
--
-- 0018 gave case tiles and bounding-box reads of a national user one GiST index answering both the national read
-- policy (the caller's country) and the box. Its first column was country::text through btree_gist, whose text
-- operator class is slow to build: it has no sorted build, and its insertion build of a million cases took 40-49 s
-- under load (~16 s of a quiet exclusive bulk load, a third of it), where the same index keyed on an integer took
-- 6 s and a plain geometry GiST (sorted build) ~4 s. An index can only answer the policy's own expression, so the
-- policy now compares country_key() values, and the two national indexes key on it.
--
-- country_key() is injective on the values a case's country can take (char(2): at most two characters once cast
-- to text): the first two code points and the length (capped at 3) are packed into a bigint, so
-- country_key(country::text) = country_key(s) holds exactly when country::text = s, for any setting s. The policy
-- therefore shows each national user the same rows as before; a null setting still shows none. Written as a plain
-- SQL expression so that the planner inlines it (no function call per row).
create function country_key(code text) returns bigint language sql immutable parallel safe as $$
    select (ascii(code)::bigint * 1114112 + ascii(substr(code, 2))) * 4 + least(length(code), 3)
$$;

comment on function country_key(text) is
    'Integer key of a country code for the national tier''s indexes: country_key(a) = country_key(b) iff a = b when a has at most two characters.';

-- One qual, not the text comparison and the key together: the planner would multiply their selectivities, estimate
-- a national caller's rows 20 times too low and page with a sort instead of the (key, id) index.
alter policy national_read on seizure_case using (country_key(country::text) = country_key(tier_setting('wems.country')));

-- The same index also answers a national user's OGC bbox pages from the index alone (Wems.Gis.Features.FeatureStore's
-- box page). A bbox page in id order has to look at every case in the box to find the first 1,000 ids (GiST gives no
-- id order), and numberMatched counts them all. Read through the heap, each of those cases was a heap visit: a 1° box
-- over Dar es Salaam holds ~35,000 of Tanzania's cases spread over ~26,000 heap pages (uuid ids, load order), so its
-- page cost 100-350 ms and its count another 50 ms at 1,000,000 cases (EXPLAIN (ANALYZE, BUFFERS) under the national
-- role, docs/benchmarks.md). With the columns the page's id scan needs (country for the read policy, geom for the box,
-- id for the order, event_date for a datetime filter) stored in its leaf entries, that scan is index-only: ~1,900
-- index pages, ~20 ms. PostgreSQL only scans a GiST index-only when every column the query's conditions use can be
-- returned: neither the country_key() expression key nor the geometry's box key can, so country and geom are
-- included once more as plain values (about 2.3 times the size: ~134 MB instead of ~57 MB at 1,000,000 cases).
drop index if exists seizure_case_national_geom_idx;
create index seizure_case_national_geom_idx on seizure_case using gist (country_key(country::text), geom)
    include (country, geom, id, event_date) where deleted_at is null;

-- Keyset pages of a national caller (0012's national_page_idx, which stays for explicit country::text filters).
create index seizure_case_national_key_page_idx on seizure_case (country_key(country::text), id) where deleted_at is null;
