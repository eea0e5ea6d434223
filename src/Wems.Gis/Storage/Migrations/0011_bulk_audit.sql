-- Bulk-load audit entries: one chained audit row per table and COPY statement instead of one per row.
--
-- A per-row audit entry with its hash-chain link costs ~39 us (0009); a case is ~6 rows, so a million seeded
-- cases paid ~4 minutes for their audit trail alone. The bulk loader (CaseBulkLoader) now writes, for each
-- batch and table, ONE 'BULK-INSERT' entry in the same hash chain: who, when, the table, the batch number,
-- the number of rows, the columns covered and a SHA-256 digest of the rows' binary images. Every inserted row
-- carries its batch number in audit_batch, so `wems audit verify` re-encodes the stored rows (COPY ... TO
-- STDOUT (FORMAT binary)) and recomputes each entry's count and digest: a row changed, deleted or added
-- behind the trail's back is reported. Rows changed later through the audited paths are taken from the
-- before-image of their first UPDATE/DELETE entry, so ordinary edits of a bulk-loaded case stay legitimate.
--
-- The database enforces what the entry claims, except the digest itself (see audit_inserted below):
--   * the batch number is the session's own latest draw from audit_batch_seq (no two loads share one), and
--     every row of the statement carries it; a row with a batch number outside a bulk statement is refused;
--   * the covered columns are exactly the table's stored, non-generated columns at the time of the load;
--   * one entry per table and batch (unique index);
--   * the row count comes from the statement's transition table.
-- The digest is computed by the loader over the very bytes it sends (a SQL digest of every row would cost
-- ~3 us a row on the server, more than the rest of the load); a wrong digest cannot hide anything, it makes
-- `wems audit verify` report the entry at once. Ordinary writes (the case API) keep their per-row entries.
do $$
declare
    t text;
begin
    foreach t in array array['seizure_case', 'specimen', 'trade_chain', 'case_offender', 'case_company',
                             'case_conveyance', 'case_note']
    loop
        execute format('alter table %I add column audit_batch bigint', t);
    end loop;
end $$;

create sequence audit_batch_seq;

alter table audit_log drop constraint audit_log_operation_check;
alter table audit_log add constraint audit_log_operation_check
    check (operation in ('INSERT', 'UPDATE', 'DELETE', 'BULK-INSERT'));
create unique index audit_log_bulk_batch_idx on audit_log (table_name, ((after ->> 'batch')::bigint))
    where operation = 'BULK-INSERT';

-- The stored, non-generated columns of a table in column order: what a bulk entry's digest must cover.
create function audit_bulk_columns(relation regclass) returns text[]
language sql stable as $$
    select array_agg(a.attname::text order by a.attnum)
    from pg_attribute a
    where a.attrelid = relation and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
$$;

create or replace function audit_inserted() returns trigger
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    actor text := audit_actor();
    batch_setting text := nullif(current_setting('wems.audit_batch', true), '');
    batch bigint;
    row_count bigint;
    strays bigint;
    columns text[];
    digest text;
begin
    if batch_setting is null then
        if exists (select 1 from new_rows n where n.audit_batch is not null) then
            raise exception 'audit_batch is set only by a bulk load (wems.audit_batch)' using errcode = '23514';
        end if;
        if tg_argv[0] = 'id' then
            insert into audit_log (actor, table_name, operation, case_id)
            select actor, tg_table_name, 'INSERT', n.id from new_rows n;
        else
            execute format('insert into audit_log (actor, table_name, operation, case_id) '
                           'select $1, $2, ''INSERT'', n.case_id from new_rows n') using actor, tg_table_name;
        end if;
        return null;
    end if;

    batch := batch_setting::bigint;
    -- currval fails unless this session drew a number; it must be its latest one.
    if batch <> currval('audit_batch_seq') then
        raise exception 'wems.audit_batch % is not this session''s latest audit_batch_seq value', batch using errcode = '23514';
    end if;
    select count(*), count(*) filter (where n.audit_batch is distinct from batch) into row_count, strays from new_rows n;
    if strays > 0 then
        raise exception '% rows of a bulk insert into % do not carry audit batch %', strays, tg_table_name, batch
            using errcode = '23514';
    end if;
    columns := array(select jsonb_array_elements_text(nullif(current_setting('wems.audit_columns', true), '')::jsonb));
    if columns is distinct from audit_bulk_columns(tg_relid) then
        raise exception 'a bulk insert into % must cover the columns %', tg_table_name, audit_bulk_columns(tg_relid)
            using errcode = '23514';
    end if;
    digest := current_setting('wems.audit_digest', true);
    if digest is null or digest !~ '^[0-9a-f]{64}$' then
        raise exception 'a bulk insert into % needs its SHA-256 digest in wems.audit_digest', tg_table_name using errcode = '23514';
    end if;
    insert into audit_log (actor, table_name, operation, after)
    values (actor, tg_table_name, 'BULK-INSERT',
            jsonb_build_object('batch', batch, 'rows', row_count, 'columns', to_jsonb(columns), 'digest', digest));
    -- One statement per setting: the next table or batch must state its own digest.
    perform set_config('wems.audit_digest', '', true);
    return null;
end $$;
