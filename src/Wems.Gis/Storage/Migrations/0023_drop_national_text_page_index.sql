-- 0012's (country::text, id) index served the national read policy's text comparison. Since 0021 the policy compares
-- country_key() values and a national caller's keyset pages read seizure_case_national_key_page_idx; the national
-- update and delete policies find their case by primary key. Nothing reads this index any more, and the exclusive bulk
-- load rebuilt it on every load (1.4 s of a million cases).
drop index if exists seizure_case_national_page_idx;
