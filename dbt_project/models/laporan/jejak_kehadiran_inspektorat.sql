-- The attendance lineage for inspectorates: `marts.jejak_kehadiran` limited to the instansi the
-- session's login may read (akses.inspektorat). Inspectorate logins read no marts table; this view
-- runs with its owner's rights and filters on session_user, so each sees its own instansi only.
-- Other readers (BI, engineers) see every row.
{{ config(
    materialized='view',
    schema='laporan',
    post_hook="{% if execute %}do $$ begin if exists (select from pg_roles where rolname = 'kinerja_inspektorat') then grant select on {{ this }} to kinerja_inspektorat; end if; end $${% endif %}"
) }}

with jejak as (select * from {{ ref('jejak_kehadiran') }})

select *
from jejak
where
    not pg_has_role(session_user, 'kinerja_inspektorat', 'member')
    or instansi_kode in (select akses.instansi_saya())
