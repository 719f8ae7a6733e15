-- No regex filter in a where clause: validation already rejected malformed values, and such a
-- filter makes the planner expect 0.5 % of the rows and choose nested loops downstream.
with source as (select * from {{ loaded('jadwal_kerja') }} s),

typed as (
    select
        instansi_kode,
        nullif(unit_kode, '') as unit_kode,
        {{ parse_date('berlaku_mulai') }} as berlaku_mulai,
        {{ parse_date('berlaku_sampai') }} as berlaku_sampai,
        case when hari ~ '^[1-7]$' then hari::integer end as hari,
        jam_masuk::time as jam_masuk,
        jam_pulang::time as jam_pulang,
        keterangan,
        _batch_id
    from source
)

select * from typed
