with source as (select * from {{ loaded('jadwal_kerja') }} s),

typed as (
    select
        instansi_kode,
        nullif(unit_kode, '') as unit_kode,
        {{ parse_date('berlaku_mulai') }} as berlaku_mulai,
        {{ parse_date('berlaku_sampai') }} as berlaku_sampai,
        hari::integer as hari,
        jam_masuk::time as jam_masuk,
        jam_pulang::time as jam_pulang,
        keterangan,
        _batch_id
    from source
    where hari ~ '^[1-7]$'
)

select * from typed
