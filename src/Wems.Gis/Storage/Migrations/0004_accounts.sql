-- User accounts: a user belongs to one agency (national) or regional organisation, with one role there;
-- a system administrator belongs to none. Passwords are stored only as ASP.NET Core PasswordHasher hashes.
create table app_user (
    username      text primary key check (username ~ '^[a-z0-9][a-z0-9._-]{1,63}$'),
    display_name  text not null,
    agency_code   text references agency,
    role          text not null check (role in ('officer', 'analyst', 'regional-analyst', 'admin', 'system-admin')),
    password_hash text not null,
    created_at    timestamptz not null default now(),
    check ((role = 'system-admin') = (agency_code is null))
);
