with units as (select * from {{ ref('int_unit_kerja') }}),

final as (
    select
        unit_kode,
        nama_unit,
        instansi_kode,
        instansi_nama,
        induk_unit_kode,
        zona_waktu,
        unit_layanan,
        populasi_layanan,
        kepala_nip
    from units
)

select * from final
