-- A bulk-insert audit entry written by one function, which the statement trigger and the exclusive bulk load share.
--
-- 0011 made the statement trigger audit_inserted write one BULK-INSERT entry per table and COPY batch, counting the
-- rows in the statement's transition table. Those transition tables (with the tile and summary triggers', 0016/0018)
-- hold a copy of every loaded row until the statement ends: at a million cases, 4.4 million rows copied into tuple
-- stores and scanned again. The exclusive bulk load locks the case tables and already drops and re-creates their
-- keys, indexes and foreign keys; it now also disables their insert triggers for the load (re-enabled in the same
-- transaction) and writes each batch's entry itself through audit_bulk_insert, with the row count of the COPY that
-- stored the batch (a COPY stores every row it is sent or fails). The tile queue gets one whole-layer entry.
--
-- What the database checks stays the same: the batch is the session's latest draw from audit_batch_seq, the columns
-- are the table's stored columns, the digest is well formed, one entry per table and batch (unique index, 0011).
-- That every row carries the batch number, and the count and digest themselves, `wems audit verify` checks against
-- the stored rows, as before.
create function audit_bulk_insert(relation regclass, batch bigint, row_count bigint, columns text[], digest text)
returns void language plpgsql set search_path = public, pg_temp as $$
declare
    name text := (select c.relname from pg_class c where c.oid = relation);
begin
    -- currval fails unless this session drew a number; it must be its latest one.
    if batch is distinct from currval('audit_batch_seq') then
        raise exception 'audit batch % is not this session''s latest audit_batch_seq value', batch using errcode = '23514';
    end if;
    if columns is distinct from audit_bulk_columns(relation) then
        raise exception 'a bulk insert into % must cover the columns %', name, audit_bulk_columns(relation) using errcode = '23514';
    end if;
    if digest is null or digest !~ '^[0-9a-f]{64}$' then
        raise exception 'a bulk insert into % needs its SHA-256 digest', name using errcode = '23514';
    end if;
    if row_count is null or row_count < 0 then
        raise exception 'a bulk insert into % needs its row count', name using errcode = '23514';
    end if;
    insert into audit_log (actor, table_name, operation, after)
    values (audit_actor(), name, 'BULK-INSERT',
            jsonb_build_object('batch', batch, 'rows', row_count, 'columns', to_jsonb(columns), 'digest', digest));
end $$;

-- Not for the tier roles: they have no grant on audit_log anyway; without EXECUTE they cannot even try.
revoke execute on function audit_bulk_insert(regclass, bigint, bigint, text[], text) from public;

create or replace function audit_inserted() returns trigger
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    actor text := audit_actor();
    batch_setting text := nullif(current_setting('wems.audit_batch', true), '');
    batch bigint;
    row_count bigint;
    strays bigint;
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
    select count(*), count(*) filter (where n.audit_batch is distinct from batch) into row_count, strays from new_rows n;
    if strays > 0 then
        raise exception '% rows of a bulk insert into % do not carry audit batch %', strays, tg_table_name, batch
            using errcode = '23514';
    end if;
    perform audit_bulk_insert(tg_relid, batch, row_count,
        array(select jsonb_array_elements_text(nullif(current_setting('wems.audit_columns', true), '')::jsonb)),
        current_setting('wems.audit_digest', true));
    -- One statement per setting: the next table or batch must state its own digest.
    perform set_config('wems.audit_digest', '', true);
    return null;
end $$;
