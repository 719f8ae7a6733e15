{#- USAGE on marts for the read-only BI role, when the project's roles exist (KINERJA_DB_ROLES=off:
    no such role, nothing to grant). -#}
{% macro grant_bi_usage() %}
    do $$
    begin
        if exists (select from pg_roles where rolname = 'kinerja_bi')
           and exists (select from pg_namespace where nspname = 'marts') then
            grant usage on schema marts to kinerja_bi, kinerja_engineer;
        end if;
    end $$
{% endmacro %}
