-- The warehouse's roles (docs/access.md). One source for the embedded server, compose and any
-- external PostgreSQL: kinerja applies it (with laporan.sql) through the URL's own user the first
-- time a process connects as a pipeline role; it is idempotent. Passwords are never here: kinerja
-- sets them from the environment or $KINERJA_HOME/secrets.
--
--   kinerja_loader       writes raw and ingest (landing -> raw, ledger, quarantine, build plan)
--   kinerja_transformer  builds staging, intermediate, kebijakan, marts and laporan; reads raw
--   kinerja_bi           reads marts and laporan, nothing else, writes nothing
--   kinerja_inspektorat  group of the inspectorate logins: laporan rows of their own instansi (RLS)
--   kinerja_engineer     group for the engineers' logins: reads everything, raw and quarantine too

do $$
declare
    r record;
begin
    for r in select * from (values
        ('kinerja_loader', true), ('kinerja_transformer', true), ('kinerja_bi', true),
        ('kinerja_inspektorat', false), ('kinerja_engineer', false)
    ) as v (name, can_login)
    loop
        if not exists (select from pg_roles where rolname = r.name) then
            begin
                execute format('create role %I %s', r.name, case when r.can_login then 'login' else 'nologin' end);
            exception when duplicate_object or unique_violation then null;  -- another database's setup won the race
            end;
        end if;
    end loop;
    execute format('grant connect, create on database %I to kinerja_loader, kinerja_transformer', current_database());
    execute format('grant connect on database %I to kinerja_bi, kinerja_inspektorat, kinerja_engineer',
                   current_database());
end $$;

create schema if not exists raw authorization kinerja_loader;
create schema if not exists ingest authorization kinerja_loader;
create schema if not exists staging authorization kinerja_transformer;
create schema if not exists intermediate authorization kinerja_transformer;
create schema if not exists kebijakan authorization kinerja_transformer;
create schema if not exists marts authorization kinerja_transformer;
create schema if not exists laporan authorization kinerja_transformer;

-- A warehouse built before the roles existed: hand its objects to the role that now owns them.
do $$
declare
    r record;
begin
    for r in
        select n.nspname, o.owner
        from (values ('raw', 'kinerja_loader'), ('ingest', 'kinerja_loader'),
                     ('staging', 'kinerja_transformer'), ('intermediate', 'kinerja_transformer'),
                     ('kebijakan', 'kinerja_transformer'), ('marts', 'kinerja_transformer'),
                     ('laporan', 'kinerja_transformer')) as o (schema_name, owner)
        join pg_namespace n on n.nspname = o.schema_name
        where n.nspowner <> (select oid from pg_roles where rolname = o.owner)
    loop
        execute format('alter schema %I owner to %I', r.nspname, r.owner);
    end loop;
    for r in
        select c.oid::regclass as rel, c.relkind, o.owner
        from pg_class c
        join pg_namespace n on n.oid = c.relnamespace
        join (values ('raw', 'kinerja_loader'), ('ingest', 'kinerja_loader'),
                     ('staging', 'kinerja_transformer'), ('intermediate', 'kinerja_transformer'),
                     ('kebijakan', 'kinerja_transformer'), ('marts', 'kinerja_transformer'),
                     ('laporan', 'kinerja_transformer')) as o (schema_name, owner)
          on o.schema_name = n.nspname
        where c.relkind in ('r', 'p', 'v', 'm', 'f')
          and c.relowner <> (select oid from pg_roles where rolname = o.owner)
    loop
        execute format('alter %s %s owner to %I',
                       case r.relkind when 'v' then 'view' when 'm' then 'materialized view'
                                      when 'f' then 'foreign table' else 'table' end,
                       r.rel, r.owner);
    end loop;
    for r in
        select p.oid::regprocedure as fn
        from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where n.nspname = 'ingest' and p.proowner <> (select oid from pg_roles where rolname = 'kinerja_loader')
    loop
        execute format('alter function %s owner to kinerja_loader', r.fn);
    end loop;
end $$;

-- The transformer reads what the loader writes (staging views select raw; dbt sources read ingest).
grant usage on schema raw, ingest to kinerja_transformer, kinerja_engineer;
grant select on all tables in schema raw, ingest to kinerja_transformer, kinerja_engineer;
-- not per schema: default privileges kept in a schema vanish with it, these survive a dropped raw
alter default privileges for role kinerja_loader grant select on tables to kinerja_transformer, kinerja_engineer;

-- BI reads the published schemas only: usage on marts and laporan, no other schema.
grant usage on schema marts, laporan to kinerja_bi;
grant select on all tables in schema marts, laporan to kinerja_bi;
grant usage on schema staging, intermediate, kebijakan, marts, laporan to kinerja_engineer;
grant select on all tables in schema staging, intermediate, kebijakan, marts, laporan to kinerja_engineer;
-- every table dbt creates later (a rebuild drops and creates): readable at once, no grant to redo
alter default privileges for role kinerja_transformer grant select on tables to kinerja_bi, kinerja_engineer;

-- Nobody but the owners writes: PostgreSQL 15+ no longer lets PUBLIC create in `public`; older
-- servers did.
revoke create on schema public from public;

-- Inspectorate logins and the instansi each may read (`kinerja access grant`). The policies on
-- laporan call akses.instansi_saya(): security definer, so a login needs no read on the list.
create schema if not exists akses;
create table if not exists akses.inspektorat (
    login text not null,
    instansi_kode text not null,
    diberikan_pada timestamptz not null default now(),
    diberikan_oleh text not null default session_user,
    primary key (login, instansi_kode)
);
create or replace function akses.instansi_saya() returns setof text
language sql stable security definer set search_path = pg_catalog, akses as $$
    -- session_user: inside a security definer function current_user is the function's owner
    select instansi_kode from akses.inspektorat where login = session_user
$$;
revoke all on function akses.instansi_saya() from public;
-- everyone who reads laporan.jejak_kehadiran_inspektorat calls it (for non-inspectors it returns nothing)
grant usage on schema akses to kinerja_inspektorat, kinerja_transformer, kinerja_bi, kinerja_engineer;
grant execute on function akses.instansi_saya() to kinerja_inspektorat, kinerja_bi, kinerja_engineer;
grant usage on schema laporan to kinerja_inspektorat;
