with versions as (select * from {{ ref('int_pegawai_versi') }}),

final as (
    select
        nip,
        nama,
        jenis_asn,
        unit_kode,
        instansi_kode,
        jabatan,
        jenis_jabatan,
        atasan_nip,
        golongan,
        status,
        berlaku_mulai,
        berlaku_sampai,
        is_current
    from versions
)

select * from final
