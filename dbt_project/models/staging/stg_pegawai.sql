with source as (select * from {{ loaded('pegawai') }} s),

typed as (
    select
        nip,
        nama,
        upper(jenis_asn) as jenis_asn,
        unit_kode,
        jabatan,
        upper(jenis_jabatan) as jenis_jabatan,
        nullif(atasan_nip, '') as atasan_nip,
        golongan,
        upper(status) as status,
        {{ parse_date('tanggal_data') }} as tanggal_data,
        _batch_id,
        _line
    from source
),

-- the same snapshot date loaded twice (a corrected file): the later batch wins
latest as (
    select distinct on (nip, tanggal_data) *
    from typed
    order by nip, tanggal_data, _batch_id desc, _line desc
)

select * from latest
