-- Sign-in bookkeeping: repeated failures lock an account for a while (lockout), and every account can be
-- disabled without deleting it (its name stays in the audit trail).
alter table app_user
    add column failed_sign_ins integer not null default 0,
    add column locked_until timestamptz,
    add column disabled boolean not null default false;
