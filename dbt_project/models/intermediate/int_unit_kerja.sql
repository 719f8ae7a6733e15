-- Current version of each unit: the latest snapshot file that lists it.
with units as (select * from {{ ref('stg_unit_kerja') }}),

latest as (
    select distinct on (unit_kode) *
    from units
    order by unit_kode, _batch_id desc, _line desc
)

select * from latest
