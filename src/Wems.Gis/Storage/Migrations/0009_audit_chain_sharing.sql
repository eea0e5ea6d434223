-- A tamper-evident audit trail and sharing by hand.
--
-- Hash chain: every audit row carries the SHA-256 of the previous row's hash and its own canonical text, so
-- changing or deleting a stored row breaks the chain from that row on (AuditChain.VerifyAsync finds where).
-- Writers are serialised by a transaction-level advisory lock, and a row's id is drawn after the lock is
-- taken, so ids grow in chain order even when transactions interleave. The writer sees the chain head
-- committed by the transaction before it: audit rows are written in READ COMMITTED, the server's default.
alter table audit_log add column prev_hash bytea, add column row_hash bytea;

-- The canonical text of an audit row, hashed by the chain and recomputed by the verifier: a JSON array of the
-- fields (jsonb's own text form, whatever the session's settings), the time in UTC to the microsecond.
create function audit_canonical(id bigint, at timestamptz, actor text, table_name text, operation text,
                                case_id uuid, before jsonb, after jsonb) returns text
language sql stable parallel safe as $$
    select jsonb_build_array(id, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), actor, table_name,
                             operation, case_id, before, after)::text
$$;

create function audit_row_hash(prev bytea, canonical text) returns bytea
language sql immutable parallel safe as $$
    select sha256(coalesce(prev, ''::bytea) || convert_to(canonical, 'UTF8'))
$$;

-- Existing rows, hashed in id order.
do $$
declare
    r record;
    prev bytea := null;
    h bytea;
begin
    for r in select * from audit_log order by id loop
        h := audit_row_hash(prev, audit_canonical(r.id, r.at, r.actor, r.table_name, r.operation, r.case_id, r.before, r.after));
        update audit_log set prev_hash = prev, row_hash = h where id = r.id;
        prev := h;
    end loop;
end $$;

create function audit_chain() returns trigger language plpgsql security definer set search_path = public, pg_temp as $$
begin
    -- 0x57454D5341 = "WEMSA": one chain, one writer at a time, until the writing transaction ends.
    perform pg_advisory_xact_lock(374846378817);
    new.id := nextval(pg_get_serial_sequence('audit_log', 'id'));
    select a.row_hash into new.prev_hash from audit_log a order by a.id desc limit 1;
    new.row_hash := audit_row_hash(new.prev_hash,
        audit_canonical(new.id, new.at, new.actor, new.table_name, new.operation, new.case_id, new.before, new.after));
    return new;
end $$;
revoke all on function audit_chain() from public;
create trigger audit_log_chain before insert on audit_log for each row execute function audit_chain();

-- Sharing by hand: a national user of the case's country shares a case the rule does not catch, or takes
-- such a share back. The tier's row-level security lets a national user change only its own agency's cases,
-- so this one change goes through a narrow function: it sets shared_manually (nothing else), only for a case
-- of the caller's country (wems.country), and is executable by the national role alone. The update fires the
-- audit trigger with the caller as actor (wems.actor).
-- Outcome: 'not-found' (no such live case in the caller's country), 'by-rule' (an un-share of a case the rule
-- shares), 'unchanged' or 'updated'.
create function share_case(case_id uuid, shared boolean)
returns table (outcome text, version integer, shared_by_rule boolean, shared_manually boolean, transboundary boolean)
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    c seizure_case;
begin
    select * into c from seizure_case s
    where s.id = share_case.case_id and s.deleted_at is null and s.country = tier_setting('wems.country')
    for update;
    if not found then
        return query select 'not-found'::text, 0, false, false, false;
        return;
    end if;
    if not shared and c.shared_by_rule then
        return query select 'by-rule'::text, c.version, c.shared_by_rule, c.shared_manually, c.transboundary;
        return;
    end if;
    if c.shared_manually = shared then
        return query select 'unchanged'::text, c.version, c.shared_by_rule, c.shared_manually, c.transboundary;
        return;
    end if;
    update seizure_case s set shared_manually = shared, version = s.version + 1, updated_at = now(), updated_by = audit_actor()
    where s.id = c.id
    returning s.* into c;
    return query select 'updated'::text, c.version, c.shared_by_rule, c.shared_manually, c.transboundary;
end $$;
revoke all on function share_case(uuid, boolean) from public;
grant execute on function share_case(uuid, boolean) to wems_national;
