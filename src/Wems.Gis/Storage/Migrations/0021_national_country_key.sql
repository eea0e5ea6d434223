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

drop index if exists seizure_case_national_geom_idx;
create index seizure_case_national_geom_idx on seizure_case using gist (country_key(country::text), geom) where deleted_at is null;

-- Keyset pages of a national caller (0012's national_page_idx, which stays for explicit country::text filters).
create index seizure_case_national_key_page_idx on seizure_case (country_key(country::text), id) where deleted_at is null;
